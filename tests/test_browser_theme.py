"""The Atlas theme in a real browser: accessible (axe-core), responsive, keyboard-usable.

The sample site is built once and served on localhost; each test opens the pages it needs
in Debian's Chromium at a phone (390 px) and a laptop (1366 px) width, light and dark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser import axe_violations, requires_chromium, serve
from samplesite import build_sample

pytestmark = [pytest.mark.browser, requires_chromium]

FRONT = "/"
SECTION = "/world/"
#: takeaways, a local hero image, corrections, related stories, tags, the newsletter box
ARTICLE = "/world/cop31-talks-close-with-adaptation-finance-deal/"
TAG = "/tags/artificial-intelligence/"
NOT_FOUND = "/404.html"
PAGES = [FRONT, SECTION, ARTICLE, TAG, NOT_FOUND]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
VARIANT = re.compile(r"/static/img/[a-z0-9-]+-(480|960|1600)\.[0-9a-f]{10}\.(webp|jpg|png)$")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    public = build_sample(tmp_path_factory.mktemp("theme"))
    with serve(public) as url:
        yield url


def _open(browser: Any, url: str, width: str = "desktop", **options: Any) -> Any:
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h}, **options)
    page.goto(url)
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_axe_violations(
    browser: Any, site: str, path: str, width: str, scheme: str
) -> None:
    page = _open(browser, site + path, width, color_scheme=scheme)
    try:
        assert axe_violations(page) == []
        assert page.locator("h1").count() == 1, "one h1 per page"
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        page.close()


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_from_320_px_up(browser: Any, site: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(site + path)
    measure = "[document.documentElement.scrollWidth, window.innerWidth]"
    try:
        for width in (320, 360, 390, 480, 600, 768, 1024, 1366, 1920):
            page.set_viewport_size({"width": width, "height": 800})
            wide, inner = page.evaluate(measure)
            assert wide <= inner, f"{path} is {wide} px wide at {width} px"
        page.set_viewport_size({"width": 320, "height": 800})
        page.click("summary.menu__toggle")  # the open menu must fit too
        wide, inner = page.evaluate(measure)
        assert wide <= inner, f"{path} with the menu open is {wide} px wide at 320 px"
    finally:
        page.close()


def _tab_to(page: Any, selector: str, limit: int = 40) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return True
    return False


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_the_phone_menu_opens_with_the_keyboard(browser: Any, site: str, script: bool) -> None:
    page = _open(browser, site + ARTICLE, "phone", java_script_enabled=script)
    try:
        assert page.locator("nav.sections--wide").is_hidden()
        link = page.locator("nav.sections--menu a", has_text="Business")
        assert link.is_hidden()
        assert _tab_to(page, "summary.menu__toggle"), "the menu button never took the focus"
        page.keyboard.press("Enter")
        assert page.locator("details.menu").evaluate("d => d.open")
        assert link.is_visible()
        assert _tab_to(page, "nav.sections--menu a", limit=3)
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "Home"
        assert _tab_to(page, "nav.sections--menu a[href$='/business/']", limit=3)
        if script:  # Escape closes the menu and gives the focus back to its button
            page.keyboard.press("Escape")
            assert not page.locator("details.menu").evaluate("d => d.open")
            assert page.evaluate("document.activeElement.matches('summary.menu__toggle')")
    finally:
        page.close()


def test_wide_screens_show_the_sections_inline(browser: Any, site: str) -> None:
    page = _open(browser, site + FRONT)
    try:
        assert page.locator("nav.sections--wide a", has_text="Business").is_visible()
        assert page.locator("details.menu").is_hidden()
    finally:
        page.close()


def test_the_skip_link_comes_first_is_visible_and_moves_the_focus(browser: Any, site: str) -> None:
    page = _open(browser, site + ARTICLE)
    try:
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        box = skip.bounding_box()
        assert box is not None and box["y"] >= 0 and box["height"] > 10
        outline = skip.evaluate("a => getComputedStyle(a).outlineStyle")
        assert outline == "solid"  # the focus ring
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        page.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_hero_loads_a_generated_variant_from_srcset(
    browser: Any, site: str, width: str
) -> None:
    page = _open(browser, site + ARTICLE, width)
    try:
        hero = page.locator("img.hero__img")
        hero.evaluate("img => img.decode()")
        current = hero.evaluate("img => img.currentSrc")
        assert VARIANT.search(current), current
        assert current.endswith(".webp")  # Chromium takes the WebP <source>
        expected = "960" if width == "desktop" else "480"
        assert f"-{expected}." in current
        assert hero.get_attribute("fetchpriority") == "high"
        assert hero.get_attribute("loading") is None
        assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    finally:
        page.close()


def test_list_pictures_are_lazy_and_load_from_srcset_when_scrolled_to(
    browser: Any, site: str
) -> None:
    page = _open(browser, site + FRONT, "phone")
    try:
        cards = page.locator(".card__media img")
        assert cards.count() > 3
        assert all(img.get_attribute("loading") == "lazy" for img in cards.all())
        last = cards.last
        last.scroll_into_view_if_needed()
        last.evaluate("img => img.decode()")
        assert VARIANT.search(last.evaluate("img => img.currentSrc"))
    finally:
        page.close()


def test_no_script_blocks_rendering(browser: Any, site: str) -> None:
    page = _open(browser, site + ARTICLE)
    try:
        blocking = page.evaluate(
            "[...document.querySelectorAll('script[src]')]"
            ".filter(s => !s.defer && !s.async && s.type !== 'module').map(s => s.src)"
        )
        assert blocking == []
        sheets = page.evaluate(
            "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)"
        )
        assert len(sheets) == 1 and re.search(r"/static/atlas\.[0-9a-f]{10}\.css$", sheets[0])
        fonts = page.evaluate(
            "performance.getEntriesByType('resource').map(r => r.name)"
            ".filter(n => /\\.(woff2?|ttf|otf)$/.test(n))"
        )
        assert fonts == []
    finally:
        page.close()


def test_the_newsletter_box_stays_closed_once_dismissed(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(site + ARTICLE)
        box = page.locator("section.newsletter")
        close = box.get_by_role("button", name="Close: we won’t show you this message again")
        assert box.is_visible() and close.is_visible()
        close.click()
        assert box.is_hidden()
        note = page.get_by_role("status")
        assert "won’t show you this message again" in note.inner_text()
        assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
        page.reload()
        assert page.locator("section.newsletter").is_hidden()
        page.goto(site + "/technology/meta-muse-spark-closed-model/")
        assert page.locator("section.newsletter").is_hidden()
    finally:
        context.close()


def test_without_script_the_newsletter_box_simply_stays(browser: Any, site: str) -> None:
    page = _open(browser, site + ARTICLE, java_script_enabled=False)
    try:
        assert page.locator("section.newsletter").is_visible()
        assert page.locator(".newsletter__close").is_hidden()
        assert page.get_by_label("Email address").is_visible()
    finally:
        page.close()


def test_print_shows_the_story_without_the_site_around_it(browser: Any, site: str) -> None:
    page = _open(browser, site + ARTICLE)
    try:
        page.emulate_media(media="print")
        site_parts = (".masthead", ".topbar", ".latest", ".share", ".story__aside", ".site-footer")
        for hidden in site_parts:
            assert page.locator(hidden).first.is_hidden(), hidden
        for shown in (".story__title", ".takeaways", ".prose", ".corrections", ".hero"):
            assert page.locator(shown).is_visible(), shown
    finally:
        page.close()


def test_share_links_say_where_they_go(browser: Any, site: str) -> None:
    page = _open(browser, site + ARTICLE)
    try:
        names = [
            link.evaluate("a => a.getAttribute('aria-label')")
            for link in page.locator(".share__link").all()
        ]
        assert names == [
            "Share on X (opens in a new tab)",
            "Share on Facebook (opens in a new tab)",
            "Share on LinkedIn (opens in a new tab)",
            "Share on WhatsApp (opens in a new tab)",
            "Share by email",
        ]
    finally:
        page.close()


def test_the_duplicate_ticker_strip_is_hidden_from_assistive_technology(
    browser: Any, site: str
) -> None:
    page = _open(browser, site + FRONT)
    try:
        snapshot = page.locator("section.latest").aria_snapshot()
        titles = page.locator(".latest__list:not([aria-hidden]) a").all_inner_texts()
        assert titles and all(snapshot.count(title) == 1 for title in titles)
    finally:
        page.close()


def test_the_scrolling_headlines_can_be_paused(browser: Any, site: str) -> None:
    page = _open(browser, site + FRONT)
    state = "el => getComputedStyle(el).animationPlayState"
    try:
        button = page.get_by_role("button", name="Pause the latest news")
        assert button.get_attribute("aria-pressed") == "false"
        assert page.eval_on_selector(".latest__track", state) == "running"
        button.click()
        page.mouse.move(0, 0)  # hover pauses too: move away to see the button's effect
        assert button.get_attribute("aria-pressed") == "true"
        assert page.eval_on_selector(".latest__track", state) == "paused"
        button.click()
        page.mouse.move(0, 0)
        page.evaluate("document.activeElement.blur()")
        assert page.eval_on_selector(".latest__track", state) == "running"
    finally:
        page.close()
    for options in ({"reduced_motion": "reduce"}, {"java_script_enabled": False}):
        still = _open(browser, site + FRONT, **options)
        assert still.locator(".latest__pause").is_hidden()  # nothing moves, or no script
        still.close()


def test_prose_lines_stay_readable_on_a_wide_screen(browser: Any, site: str) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1000})
    page.goto(site + ARTICLE)
    try:
        chars = page.evaluate(
            """() => {
              const p = document.querySelector('.prose p');
              const style = getComputedStyle(p);
              const ctx = document.createElement('canvas').getContext('2d');
              ctx.font = style.font;
              const sample = 'the quick brown fox jumps over a lazy dog ';
              return p.clientWidth / (ctx.measureText(sample).width / sample.length);
            }"""
        )
        assert 45 <= chars <= 80, f"{chars:.0f} characters per line"
    finally:
        page.close()
