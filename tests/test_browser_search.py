"""Search on the sample site in a real browser: the query, filters, order, the keyboard,
phones, and the page without script. Pagefind's own client runs the queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import requires_chromium, serve
from samplesite import build_sample

pytestmark = [pytest.mark.browser, requires_chromium]

MUSE = "/technology/meta-muse-spark-closed-model/"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_sample(tmp_path_factory.mktemp("sample"))) as url:
        yield url


def _search(browser: Any, url: str, query: str = "", **options: Any) -> Any:
    page = browser.new_page(**({"viewport": DESKTOP} | options))
    page.goto(url + "/search/" + (f"?{query}" if query else ""))
    if query:
        page.wait_for_selector(".search-status:not(:empty)")
    return page


def _titles(page: Any) -> list[str]:
    return list(page.locator(".search-result__title").all_inner_texts())


def _wait_for_status(page: Any, start: str) -> None:
    page.wait_for_function(
        "start => document.querySelector('.search-status').textContent.startsWith(start)",
        arg=start,
    )


def _tab_to(page: Any, script: str, limit: int = 60) -> None:
    """Press Tab until `script` (a JS expression over `el`, the focused element) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({script}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {script}")


def test_a_query_typed_in_the_header_finds_the_right_article_first(
    browser: Any, site_url: str
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site_url + "/")
    page.fill("#search-box-q", "Muse Spark")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-result")
    assert page.url == site_url + "/search/?q=Muse+Spark"
    first = page.locator(".search-result").first
    assert first.locator(".search-result__title").inner_text() == (
        "Meta challenges rivals with new closed Muse Spark AI model"
    )
    assert first.locator("a").get_attribute("href") == MUSE
    assert first.locator(".kicker").inner_text().casefold() == "technology"
    assert first.locator("time").get_attribute("datetime") == "2026-11-26T10:32:58+00:00"
    assert first.locator("time").inner_text() == "26 Nov 2026, 10:32:58"
    assert "muse-spark" in (first.locator("img").get_attribute("src") or "")
    assert first.locator("mark").first.inner_text() in ("Muse", "Spark")
    page.close()


def test_results_filter_by_section_and_sort_by_date(browser: Any, site_url: str) -> None:
    page = _search(browser, site_url, "q=investors")
    everywhere = _titles(page)
    assert len(everywhere) >= 4
    page.wait_for_selector("select[name=author] option:nth-child(2)", state="attached")
    authors = page.locator("select[name=author] option").all_inner_texts()
    assert authors[0] == "All authors" and "Priya Raman" in authors

    page.select_option("select[name=section]", "Markets")
    _wait_for_status(page, "2 results for \u201cinvestors\u201d in Markets.")
    kickers = page.locator(".search-result .kicker").all_inner_texts()
    assert [k.casefold() for k in kickers] == ["markets", "markets"]
    assert set(_titles(page)) < set(everywhere)
    assert page.url.endswith("/search/?q=investors&section=Markets")

    page.select_option("select[name=section]", "")
    page.select_option("select[name=sort]", "newest")
    _wait_for_status(page, f"{len(everywhere)} results for \u201cinvestors\u201d, newest first.")
    stamps = page.locator(".search-result time").evaluate_all(
        "els => els.map(el => Date.parse(el.getAttribute('datetime')))"
    )
    assert len(stamps) == len(everywhere) and stamps == sorted(stamps, reverse=True)

    page.focus("#search-q")
    page.keyboard.press("ArrowDown")  # from the query straight to the first result
    assert page.evaluate("() => document.activeElement.closest('.search-result') !== null")
    page.close()


def test_the_article_is_reached_with_the_keyboard_alone(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(site_url + "/")
    _tab_to(page, "el.id === 'search-box-q'")
    page.keyboard.type("Muse Spark")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-result")
    assert page.evaluate("() => document.activeElement.id") == "search-q"
    _tab_to(page, "el.closest('.search-result__title')")
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + MUSE)
    assert page.locator("h1").inner_text().startswith("Meta challenges rivals")
    page.close()


def test_drafts_and_scheduled_articles_are_not_found(browser: Any, site_url: str) -> None:
    page = _search(browser, site_url)
    # "Voltaris" is only in a draft; "implausible" only in an article scheduled for 2027.
    for word in ("Voltaris", "implausible"):
        page.fill("#search-q", word)
        page.keyboard.press("Enter")
        _wait_for_status(page, f"No results for \u201c{word}\u201d")
        assert _titles(page) == []
    page.close()


def test_on_a_phone_the_header_button_opens_the_search_page(browser: Any, site_url: str) -> None:
    page = browser.new_page(**PHONE)
    page.goto(site_url + MUSE)
    assert page.locator("#search-box-q").is_hidden()
    page.tap(".search-box__button")
    page.wait_for_url(site_url + "/search/?q=")
    assert page.evaluate("() => document.activeElement.id") == "search-q"
    page.keyboard.type("gold")
    page.wait_for_selector(".search-result")
    assert "Gold extends rally" in _titles(page)[0]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the screen
    page.close()


def test_without_script_search_is_a_link_to_a_page_that_explains(
    browser: Any, site_url: str
) -> None:
    page = browser.new_page(viewport=DESKTOP, java_script_enabled=False)
    page.goto(site_url + "/")
    assert page.locator(".search-box").is_hidden()
    page.click(".search-link")
    page.wait_for_url(site_url + "/search/")
    note = page.locator(".search-page__note").inner_text()
    assert note.startswith("Search needs JavaScript")
    assert page.locator(".search-form").is_hidden()
    assert page.locator(".search-page__note a", has_text="archive").count() == 1
    page.close()


def test_the_search_page_reports_a_missing_index(browser: Any, tmp_path: Path) -> None:
    public = tmp_path / "public"
    (public / "search").mkdir(parents=True)
    page_html = (
        '<!doctype html><div data-search-page data-bundle="/pagefind/" data-base="/">'
        '<form class="search-form" hidden><input name="q"><select name="section">'
        '<option value=""></option></select><select name="author"><option value="">'
        '</option></select><select name="sort"><option value=""></option></select></form>'
        '<p class="search-status"></p><ol class="search-results"></ol>'
        '<button class="search-more" hidden></button>'
        '<script type="application/json" id="search-strings">{"search.unavailable": '
        '"Search is not available right now. Please try again later."}</script></div>'
    )
    script = (Path(__file__).parent.parent / "atlasgen/themes/atlas/static/search.js").read_text()
    (public / "search/index.html").write_text(page_html + f"<script>{script}</script>")
    with serve(public) as url:
        page = browser.new_page()
        page.goto(url + "/search/?q=anything")
        page.wait_for_selector(".search-status:not(:empty)")
        assert page.locator(".search-status").inner_text() == (
            "Search is not available right now. Please try again later."
        )
        page.close()
