"""The sample site's live blog in Chromium: "N new updates" after live.json gains one,
without moving the reader; polling paused in a hidden tab (a fake clock, no waiting a
minute); accessible (axe-core) at a laptop's and a phone's width, light and dark."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import axe_violations, requires_chromium, serve
from samplesite import build_sample

pytestmark = [pytest.mark.browser, requires_chromium]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
BLOG = "/world/storm-elin-live/"
NEW_UPDATE = {
    "id": "update-late-news",
    "published": "2026-11-27T09:10:00+00:00",
    "title": "Late news",
    "html": '<article class="update" id="update-late-news" tabindex="-1">'
    '<p class="update__meta"><a class="update__link" href="#update-late-news">'
    '<time datetime="2026-11-27T09:10:00+00:00">27 Nov 2026, 09:10:00</time></a></p>'
    '<h3 class="update__title">Late news</h3><div class="prose update__body">'
    "<p>Just in.</p></div></article>",
}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("live"))


@pytest.fixture
def site(public: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The built sample served from a copy, so a test can add to its live.json."""
    folder = tmp_path / "public"
    shutil.copytree(public, folder)
    with serve(folder) as url:
        yield url, folder / BLOG.strip("/") / "live.json"


def add_update(feed: Path) -> None:
    data = json.loads(feed.read_text())
    data["updates"].insert(0, NEW_UPDATE)
    feed.write_text(json.dumps(data))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_live_blog_has_no_axe_violations(
    browser: Any, site: tuple[str, Path], width: str, scheme: str
) -> None:
    url, feed = site
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h}, color_scheme=scheme)
    try:
        page.goto(url + BLOG)
        assert page.locator(".story__kicker .badge--live").is_visible()
        add_update(feed)
        page.evaluate("window.atlasLive.poll()")
        assert page.get_by_role("button", name="1 new update").is_visible()
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= w
    finally:
        page.close()


def test_new_updates_are_offered_without_moving_the_reader(
    browser: Any, site: tuple[str, Path]
) -> None:
    url, feed = site
    page = browser.new_page(viewport={"width": 1366, "height": 700})
    try:
        page.goto(url + BLOG)
        page.locator("#update-power-cuts").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 40)")
        at = page.evaluate("window.scrollY")
        reading = page.evaluate(
            "document.getElementById('update-power-cuts').getBoundingClientRect().top"
        )
        page.evaluate("window.atlasLive.poll()")
        assert page.get_by_role("button").filter(has_text="new update").count() == 0
        add_update(feed)
        page.evaluate("window.atlasLive.poll()")
        button = page.get_by_role("button", name="1 new update")
        assert button.is_visible()
        assert page.evaluate("window.scrollY") == at  # nothing moved
        assert page.locator("#update-late-news").count() == 0  # not until asked
        top = "document.getElementById('update-power-cuts').getBoundingClientRect().top"
        assert page.evaluate(top) == reading
        button.click()
        assert button.is_hidden()
        ids = page.eval_on_selector_all(".live__updates > .update", "els => els.map(e => e.id)")
        assert ids[:2] == ["update-what-we-know", "update-late-news"]  # below the pinned one
        assert page.evaluate("document.activeElement.id") == "update-late-news"
    finally:
        page.close()


def test_a_hidden_tab_does_not_poll_and_a_visible_one_polls_once_a_minute(
    browser: Any, site: tuple[str, Path]
) -> None:
    url, _feed = site
    page = browser.new_page()
    try:
        page.clock.install()  # a fake clock: the test runs a minute in a moment
        page.add_init_script(
            "window.livePolls = 0; const real = window.fetch;"
            "window.fetch = (url, ...rest) => {"
            " if (String(url).endsWith('live.json')) window.livePolls += 1;"
            " return real(url, ...rest); };"
        )
        page.goto(url + BLOG)
        page.clock.run_for(50_000)  # (the fake clock also runs on as real time passes)
        assert page.evaluate("window.livePolls") == 0  # not before a minute has passed
        page.clock.run_for(15_000)
        assert page.evaluate("window.livePolls") == 1
        page.evaluate(
            "Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
            "document.dispatchEvent(new Event('visibilitychange'))"
        )
        page.clock.run_for(5 * 60_000)
        assert page.evaluate("window.livePolls") == 1  # hidden: no look at all
        page.evaluate(
            "Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
            "document.dispatchEvent(new Event('visibilitychange'))"
        )
        page.clock.run_for(1_000)
        assert page.evaluate("window.livePolls") == 2  # overdue: looks at once when shown
    finally:
        page.close()


def test_without_script_the_page_lists_every_update(browser: Any, site: tuple[str, Path]) -> None:
    url, _feed = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url + BLOG)
        assert page.locator(".live__updates > .update").count() == 13
        assert page.locator("button").filter(has_text="new update").count() == 0
    finally:
        context.close()
