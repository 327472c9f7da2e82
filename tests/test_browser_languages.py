"""A French and an Arabic site in Chromium: accessible (axe) at a laptop's and a phone's
width, and the Arabic one mirrored (right to left), its headlines scrolling rightward."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import axe_violations, requires_chromium, serve
from langsites import language_site

pytestmark = [pytest.mark.browser, requires_chromium]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    fr = language_site(tmp_path_factory.mktemp("fr"), "fr")
    ar = language_site(tmp_path_factory.mktemp("ar"), "ar")
    with serve(fr) as fr_url, serve(ar) as ar_url:
        yield {"fr": fr_url, "ar": ar_url}


def _open(browser: Any, url: str, width: str = "desktop") -> Any:
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h})
    page.goto(url)
    return page


ARTICLE = {"fr": "/monde/accord-climat/", "ar": "/العالم/climate-deal/"}


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", ["/", "article"])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_french_and_arabic_pages_have_no_axe_violations(
    browser: Any, sites: dict[str, str], language: str, path: str, width: str
) -> None:
    url = sites[language] + (ARTICLE[language] if path == "article" else path)
    page = _open(browser, url, width)
    try:
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.lang") == language
    finally:
        page.close()


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return dict(box)


def test_an_arabic_page_is_mirrored(browser: Any, sites: dict[str, str]) -> None:
    boxes = {}
    for language in ("fr", "ar"):
        page = _open(browser, sites[language] + ARTICLE[language])
        try:
            direction = page.evaluate("document.documentElement.dir")
            assert direction == ("rtl" if language == "ar" else "ltr")
            boxes[language] = {
                name: _box(page, selector)
                for name, selector in {
                    "brand": ".masthead .brand",
                    "nav": ".sections--wide",
                    "title": ".story__title",
                    "related": ".story__aside",
                }.items()
            }
        finally:
            page.close()
    fr, ar = boxes["fr"], boxes["ar"]
    assert fr["brand"]["x"] < fr["nav"]["x"]  # the name first, left to right
    assert ar["brand"]["x"] > ar["nav"]["x"]  # and right to left
    assert ar["title"]["x"] + ar["title"]["width"] > 1366 - 200  # text starts on the right


def test_arabic_headlines_scroll_rightward_and_numbers_stay_left_to_right(
    browser: Any, sites: dict[str, str]
) -> None:
    page = _open(browser, sites["ar"] + "/")
    try:
        name = page.evaluate(
            "getComputedStyle(document.querySelector('.latest__track')).animationName"
        )
        assert name == "latest-scroll-rtl"
        changes = page.locator(".quote__change").evaluate_all("els => els.map(e => e.dir)")
        assert changes == ["ltr", "ltr"]
        clock = page.locator("[data-clock-tz]").inner_text()
        assert len(clock) == 5 and clock[2] == ":"
    finally:
        page.close()


def test_ages_in_the_browser_speak_the_pages_language(browser: Any, sites: dict[str, str]) -> None:
    page = _open(browser, sites["fr"] + "/")
    try:
        ages = page.locator(".latest__list:not([aria-hidden]) time").all_inner_texts()
        assert ages and all(age.startswith("il y a ") for age in ages), ages
    finally:
        page.close()
