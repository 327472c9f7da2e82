"""The README stays short and sends readers into docs/; the reference that moved there
lost nothing: every heading the README had before the move is a heading of the README or
of a file in docs/, and every link into docs/ leads to a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"

#: The README's headings before its reference moved into docs/ (6 Dec 2026).
MOVED_HEADINGS = [
    "Writing an article",
    "Front-matter reference",
    "Pictures, PDFs and other files: published with their stories",
    "When something is wrong",
    "The newsroom's day",
    "The front page: `front.toml`",
    "Breaking news: `breaking.toml`",
    "Sections: `sections.toml`",
    "site.toml reference",
    "Related articles",
    "Tickers and includes",
    "Search",
    "Command line",
    "Live preview: `atlasgen serve`",
    "Fast rebuilds and the build cache",
    "Published URLs never disappear silently",
    "Withdrawn stories: `gone.toml`",
    "What a build writes",
    "Themes",
    "The Atlas theme: images, assets, accessibility",
    "Guarantees",
    "Architecture",
    "Developing",
]


def headings(path: Path) -> list[str]:
    """A Markdown file's headings, leaving out lines in fenced code."""
    found, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"#{1,6} (.+)", line)):
            found.append(match[1].strip())
    return found


def test_the_readme_is_under_200_lines() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) < 200


def test_the_readme_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first = text[text.index("```sh\n") + 6 :].split("```")[0].splitlines()
    assert [line.split("#")[0].strip() for line in first] == [
        "pip install '.[search]' && atlasgen build",
        "pip install -e '.[test]' && python -m pytest",
    ]


@pytest.mark.parametrize("heading", MOVED_HEADINGS)
def test_every_section_the_readme_had_is_still_findable(heading: str) -> None:
    everywhere = headings(README) + [
        h for doc in (ROOT / "docs").glob("*.md") for h in headings(doc)
    ]
    assert heading in everywhere


def test_links_into_docs_lead_to_files() -> None:
    for source in [README, *(ROOT / "docs").glob("*.md")]:
        text = source.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", text):
            if "://" in target:
                continue
            assert (source.parent / target).is_file(), f"{source.name} links {target}"
