"""Body media in Chromium, on the sample site: embeds ask nothing of their provider until the
reader clicks, the page does not move as it loads, and every media page passes axe at a
phone's and a laptop's width.

Every request a page makes is routed through the test: anything not served by the local
server is counted and answered here (a player's page is a stub), never fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser import axe_violations, requires_chromium, serve
from samplesite import SAMPLE_NOW, build_sample

from atlasgen.content.embeds import PLAYER_HOSTS, PROVIDERS

pytestmark = [pytest.mark.browser, requires_chromium]

YOUTUBE = "/world/cop31-talks-close-with-adaptation-finance-deal/"
X_POST = "/business/nordlink-baltia-merger-agreed/"
CHART = "/markets/gold-extends-rally-as-central-banks-keep-buying/"
GALLERY = "/sports/alpine-resorts-delay-season-as-snow-fails-to-arrive/"
FIGURE = "/science/plato-telescope-cleared-for-shipment/"
EMBEDS = {
    YOUTUBE: "https://www.youtube-nocookie.com/embed/Xq7ZmR2pL4s?autoplay=1",
    X_POST: "https://platform.twitter.com/embed/Tweet.html?id=1861234567890123456&dnt=true",
    CHART: "https://datawrapper.dwcdn.net/Kq3Zt/",
}
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
#: Every host a provider serves from: what readers paste and where players load from.
PROVIDER_HOSTS = PLAYER_HOSTS | {
    "youtube.com", "www.youtube.com", "youtu.be", "vimeo.com", "x.com", "twitter.com",
    "www.instagram.com", "www.tiktok.com", "www.threads.net", "bsky.app", "www.facebook.com",
    "open.spotify.com", "podcasts.apple.com", "soundcloud.com", "www.datawrapper.de",
    "public.flourish.studio", "i.ytimg.com", "platform.twitter.com", "abs.twimg.com",
}  # fmt: skip
#: Sums the layout shifts not caused by input, from the start of the page's life.
CLS_OBSERVER = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__cls += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    public = build_sample(tmp_path_factory.mktemp("media"))
    with serve(public) as url:
        yield url


class Watched:
    """A page whose every request is recorded; those to other hosts are answered here."""

    def __init__(self, browser: Any, site: str, width: str = "desktop", **options: Any) -> None:
        w, h = WIDTHS[width]
        self.page = browser.new_page(viewport={"width": w, "height": h}, **options)
        self.local = urlsplit(site).netloc
        self.outside: list[str] = []
        # The reader's clock at the build's "now": the ages in the header are the ones
        # built, so what the theme's script rewrites does not change their width.
        self.page.clock.install(time=SAMPLE_NOW)
        self.page.add_init_script(CLS_OBSERVER)
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc == self.local:
            route.continue_()
            return
        self.outside.append(url)
        route.fulfill(status=200, content_type="text/html", body="<p>player stub</p>")

    def open(self, url: str) -> Any:
        self.page.goto(url, wait_until="networkidle")
        return self.page


def test_the_table_names_thirteen_providers_and_their_player_hosts() -> None:
    assert len(PROVIDERS) == 13
    assert PLAYER_HOSTS <= PROVIDER_HOSTS


@pytest.mark.parametrize("path", list(EMBEDS))
@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_embed_page_asks_nothing_of_any_provider_and_does_not_move(
    browser: Any, site: str, path: str, width: str
) -> None:
    watched = Watched(browser, site, width)
    try:
        page = watched.open(site + path)
        page.wait_for_timeout(500)
        assert watched.outside == []  # not one request left the local server
        assert page.locator(".embed__load").is_visible()
        assert page.locator("iframe").count() == 0
        assert page.evaluate("window.__cls") == 0
    finally:
        watched.page.close()


@pytest.mark.parametrize("path", list(EMBEDS))
def test_a_click_on_the_facade_loads_the_player_in_place(
    browser: Any, site: str, path: str
) -> None:
    watched = Watched(browser, site)
    try:
        page = watched.open(site + path)
        page.locator(".embed__box").scroll_into_view_if_needed()
        box = page.locator(".embed__box").bounding_box()
        page.locator(".embed__load").click()
        frame = page.locator("iframe.embed__player")
        frame.wait_for()
        assert frame.get_attribute("src") == EMBEDS[path]
        page.wait_for_timeout(300)
        assert watched.outside == [EMBEDS[path]]  # the player, and only it (answered here)
        assert all(urlsplit(u).netloc in PROVIDER_HOSTS for u in watched.outside)
        assert page.locator(".embed__box").bounding_box() == box  # the player fills the box
        assert frame.get_attribute("title")
    finally:
        watched.page.close()


def test_the_facade_works_from_the_keyboard(browser: Any, site: str) -> None:
    watched = Watched(browser, site)
    try:
        page = watched.open(site + YOUTUBE)
        page.locator(".embed__link").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "embed__load"
        assert page.evaluate("document.activeElement.textContent") == "Load video from YouTube"
        page.keyboard.press("Enter")
        page.locator("iframe.embed__player").wait_for()
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    finally:
        watched.page.close()


def test_without_script_an_embed_is_a_plain_link(browser: Any, site: str) -> None:
    watched = Watched(browser, site, java_script_enabled=False)
    try:
        page = watched.open(site + YOUTUBE)
        assert watched.outside == []
        link = page.locator(".embed__link")
        assert link.is_visible()
        assert link.get_attribute("href") == "https://www.youtube.com/watch?v=Xq7ZmR2pL4s"
        assert not page.locator(".embed__load").is_visible()
    finally:
        watched.page.close()


@pytest.mark.parametrize("path", [*EMBEDS, GALLERY, FIGURE])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_media_pages_have_no_axe_violations(browser: Any, site: str, path: str, width: str) -> None:
    watched = Watched(browser, site, width)
    try:
        page = watched.open(site + path)
        assert axe_violations(page) == []
        assert watched.outside == []
    finally:
        watched.page.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_gallery_and_figure_pages_do_not_move_as_they_load(
    browser: Any, site: str, width: str
) -> None:
    for path in (GALLERY, FIGURE):
        watched = Watched(browser, site, width)
        try:
            page = watched.open(site + path)
            page.mouse.wheel(0, 3000)  # bring the lazy pictures in
            page.wait_for_timeout(800)
            assert page.evaluate("window.__cls") == 0, path
        finally:
            watched.page.close()


def test_each_gallery_picture_opens_from_the_keyboard(browser: Any, site: str) -> None:
    watched = Watched(browser, site, "phone")
    try:
        page = watched.open(site + GALLERY)
        links = page.locator(".gallery__open")
        assert links.count() == 3
        links.first.focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "gallery__open"
        label = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert label == "Snow cannons idle beside a piste under a clear evening sky (full size)"
        widths = page.evaluate(
            "[...document.querySelectorAll('.gallery__item')].map(f => f.offsetWidth)"
        )
        assert len(set(widths)) == 1 and widths[0] < 390
    finally:
        watched.page.close()
