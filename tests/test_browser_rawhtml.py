"""The XSS corpus (tests/data/xss_vectors.txt), built with `markdown.html = true`, in
Chromium: no page fires a dialog or logs the corpus's console marker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import requires_chromium, serve
from conftest import build
from test_rawhtml import VECTORS, _corpus_site

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = _corpus_site(tmp_path_factory.mktemp("rawhtml"), "true")
    assert build(root).exit_code == 0
    with serve(root / "public") as url:
        yield url


def test_no_vector_runs_in_chromium(browser: Any, site: str) -> None:
    fired: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (fired.append(f"dialog {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda m: fired.append(m.text) if "XSS" in m.text else None)
    paths = ["/", "/world/", *(f"/world/vector-{n:03d}/" for n in range(len(VECTORS)))]
    try:
        for path in paths:
            page.goto(site + path, wait_until="load")
            page.mouse.move(200, 300)  # onmouseover vectors
            page.keyboard.press("Tab")  # autofocus and onfocus ones
            page.wait_for_timeout(20)
            assert fired == [], path
    finally:
        page.close()


def test_the_browser_check_sees_a_live_vector(browser: Any, tmp_path: Path) -> None:
    """The same check on an unsanitised page does see the vectors run."""
    root = _corpus_site(tmp_path, '"unsafe"')
    assert build(root).exit_code == 0
    fired: list[str] = []
    with serve(root / "public") as url:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (fired.append("dialog"), dialog.dismiss()))
        page.on("console", lambda m: fired.append(m.text) if "XSS" in m.text else None)
        try:
            page.goto(url + "/world/vector-000/", wait_until="load")
            page.wait_for_timeout(50)
        finally:
            page.close()
    assert fired
