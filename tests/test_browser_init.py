"""A site straight from `atlasgen init`, built and opened in Chromium: no axe-core
violations on its pages, on a phone in light mode and a desktop in dark mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import axe_violations, requires_chromium, serve
from conftest import run

pytestmark = [pytest.mark.browser, requires_chromium]

PAGES = ["/", "/news/welcome/", "/news/", "/authors/", "/404.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("init") / "news"
    assert run("init", str(folder)).exit_code == 0
    assert run("build", "--site", str(folder)).exit_code == 0
    with serve(folder / "public") as url:
        yield url


@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1366, "dark")])
def test_the_new_sites_pages_have_no_axe_violations(
    browser: Any, site: str, width: int, scheme: str
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        for path in PAGES:
            page.goto(site + path)
            assert axe_violations(page) == [], path
    finally:
        page.close()
