"""The breaking-news banner in Chromium: accessible (axe-core), dismissible, legible in
light and dark, at a laptop's and a phone's width. The sample site carries a banner."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import axe_violations, requires_chromium, serve
from samplesite import build_sample

pytestmark = [pytest.mark.browser, requires_chromium]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
STORY = "/technology/meta-muse-spark-closed-model/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    public = build_sample(tmp_path_factory.mktemp("breaking"))
    with serve(public) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_page_with_the_banner_has_no_axe_violations(
    browser: Any, site: str, width: str, scheme: str
) -> None:
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h}, color_scheme=scheme)
    try:
        page.goto(site + STORY)
        banner = page.get_by_role("region", name="Breaking news")
        assert banner.is_visible()
        assert banner.get_by_role("link").inner_text() == (
            "COP31 closes with a deal on adaptation finance"
        )
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= w
    finally:
        page.close()


def test_the_banner_is_not_a_live_region(browser: Any, site: str) -> None:
    page = browser.new_page()
    try:
        page.goto(site + STORY)
        live = page.evaluate(
            "[...document.querySelectorAll('.breaking, .breaking *')]"
            ".filter(e => e.matches('[aria-live], [role=alert], [role=status]')).length"
        )
        assert live == 0
    finally:
        page.close()


def test_a_dismissed_banner_stays_dismissed(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site + STORY)
        banner = page.locator("section.breaking")
        close = banner.get_by_role("button", name="Dismiss the breaking news banner")
        close.focus()
        page.keyboard.press("Enter")
        assert banner.is_hidden()
        assert page.evaluate("document.activeElement.id") == "main"
        page.goto(site + "/")
        assert page.locator("section.breaking").is_hidden()
        # A new banner has a new id: it shows again.
        page.evaluate("localStorage.setItem('atlas-breaking', 'an-older-one')")
        page.reload()
        assert page.locator("section.breaking").is_visible()
    finally:
        context.close()


def test_without_script_the_banner_stays_and_has_no_close_button(browser: Any, site: str) -> None:
    page = browser.new_page(java_script_enabled=False)
    try:
        page.goto(site + "/")
        assert page.locator("section.breaking").is_visible()
        assert page.locator(".breaking__close").is_hidden()
    finally:
        page.close()
