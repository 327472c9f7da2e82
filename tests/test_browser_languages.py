"""A French and an Arabic site in Chromium: accessible (axe) at a laptop's and a phone's
width, and the Arabic one mirrored (right to left), its headlines scrolling rightward."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import axe_violations, requires_chromium, serve
from conftest import build, make_site

pytestmark = [pytest.mark.browser, requires_chromium]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
MARKETS = """\
[[quote]]
name = "{gold}"
price = 4535.2
change = 1.07
currency = "USD"

[[quote]]
name = "{oil}"
price = 77.31
change = -0.42
"""
STORIES = {
    "fr": [
        ("monde", "Monde", "accord-climat", "Accord sur le climat à la COP31", "Jean Dupont"),
        ("monde", "Monde", "elections", "Des élections anticipées au printemps", "Marie Curie"),
        ("economie", "Économie", "or-record", "L’or atteint un record", "Jean Dupont"),
    ],
    "ar": [
        ("world", "العالم", "climate-deal", "اتفاق حول المناخ في مؤتمر الأطراف", "سارة أحمد"),
        ("world", "العالم", "early-elections", "انتخابات مبكرة في الربيع", "عمر خالد"),
        ("economy", "الاقتصاد", "gold-record", "الذهب يسجل رقمًا قياسيًا", "سارة أحمد"),
    ],
}
NAMES = {"fr": ("Or", "Pétrole"), "ar": ("الذهب", "النفط")}
TITLES = {"fr": ("Le Quotidien", "Europe/Paris"), "ar": ("الأطلس", "Asia/Dubai")}


def _site(root: Path, language: str) -> Path:
    files: dict[str, str | bytes] = {}
    for day, (folder, section, slug, title, author) in enumerate(STORIES[language], start=20):
        body = "Premier paragraphe.\n" if language == "fr" else "الفقرة الأولى من الخبر.\n"
        files[f"content/{folder}/{slug}.md"] = (
            f"---\ntitle: {title}\npublished: 2026-11-{day}T10:00:00+00:00\n"
            f"category: {section}\nslug: {slug}\nauthors: [{author}]\ntags: [{section}]\n"
            f"---\n{body}"
        )
    gold, oil = NAMES[language]
    files["content/_data/markets.toml"] = MARKETS.format(gold=gold, oil=oil)
    title, zone = TITLES[language]
    toml = (
        f'title = "{title}"\nbase_url = "https://example.org"\ntimezone = "{zone}"\n'
        f'language = "{language}"\n\n[newsletter]\nname = "{title}"\naction = "/s"\n\n'
        '[tickers]\nclocks = [ { label = "NY", timezone = "America/New_York" } ]\n'
    )
    site = make_site(root, files, toml)
    result = build(site)
    assert result.exit_code == 0, result.output
    return site / "public"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    fr = _site(tmp_path_factory.mktemp("fr"), "fr")
    ar = _site(tmp_path_factory.mktemp("ar"), "ar")
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
