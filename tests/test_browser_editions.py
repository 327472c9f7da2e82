"""Editions in Chromium: the sample's French edition and the Arabic test site's pages are
accessible (axe) at a laptop's and a phone's width, the language switcher is there to
see and leads to the translation, and each edition's search finds its own stories."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import axe_violations, requires_chromium, serve
from conftest import build
from samplesite import build_sample

pytestmark = [pytest.mark.browser, requires_chromium]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
ARABIC = Path(__file__).parent / "data" / "arabic"
FRENCH_STORY = "/fr/monde/cop31-accord-sur-le-financement-de-l-adaptation/"
ENGLISH_STORY = "/world/cop31-talks-close-with-adaptation-finance-deal/"
ARABIC_STORY = "/اقتصاد/oil-prices-fall/"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    sample = build_sample(tmp_path_factory.mktemp("sample"))
    arabic = tmp_path_factory.mktemp("arabic") / "site"
    shutil.copytree(ARABIC, arabic)
    result = build(arabic)
    assert result.exit_code == 0, result.output
    with serve(sample) as sample_url, serve(arabic / "public") as arabic_url:
        yield {"sample": sample_url, "arabic": arabic_url}


def _open(browser: Any, url: str, width: str = "desktop") -> Any:
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h})
    page.goto(url)
    return page


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize(
    ("site", "path", "language"),
    [
        ("sample", "/fr/", "fr"),
        ("sample", FRENCH_STORY, "fr"),
        ("arabic", "/", "ar"),
        ("arabic", ARABIC_STORY, "ar"),
        ("arabic", "/en/business/oil-prices-fall/", "en"),
    ],
)
def test_edition_pages_have_no_axe_violations(
    browser: Any, sites: dict[str, str], site: str, path: str, language: str, width: str
) -> None:
    page = _open(browser, sites[site] + path, width)
    try:
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.lang") == language
    finally:
        page.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_switcher_is_visible_and_leads_to_the_translation(
    browser: Any, sites: dict[str, str], width: str
) -> None:
    page = _open(browser, sites["sample"] + FRENCH_STORY, width)
    try:
        link = page.get_by_role("navigation", name="Autres langues").get_by_role(
            "link", name="English"
        )
        assert link.is_visible()
        link.click()
        page.wait_for_url(sites["sample"] + ENGLISH_STORY)
        back = page.get_by_role("navigation", name="Other languages").get_by_role(
            "link", name="Français"
        )
        assert back.is_visible()
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        page.close()


def test_the_french_search_finds_french_stories_only(browser: Any, sites: dict[str, str]) -> None:
    page = _open(browser, sites["sample"] + "/fr/search/?q=or")
    try:
        page.wait_for_selector(".search-status:not(:empty)")
        page.wait_for_selector(".search-result")
        hrefs = page.locator(".search-result a").evaluate_all("els => els.map(e => e.pathname)")
        assert hrefs and all(href.startswith("/fr/") for href in hrefs), hrefs
    finally:
        page.close()
