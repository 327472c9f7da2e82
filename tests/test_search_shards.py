"""The search index in shards by publication date: one Pagefind bundle per year, and one
for the newest months; a change indexes only the shards whose pages changed, and a cached
build writes what a clean build writes. The tests' archives are small: shards of at
least 100 (or 30) stories cut them as 200 cut a newsroom's."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from archive import archive_site, story
from conftest import NOW, article, build, clean_tree, tree

import atlasgen.build.pipeline
import atlasgen.build.render
import atlasgen.build.searching
from atlasgen.build.pipeline import BuildOptions, build_site
from atlasgen.core.errors import BuildError, error
from atlasgen.search.shards import StoryPage, plan_shards

SHARDS = ["2026-01", "2025", "2024", "2023"]  #: 600 stories, 100 a shard at least


@pytest.fixture(autouse=True)
def hundred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atlasgen.search.shards, "MIN_PAGES", 100)


def _shards(public: Path) -> dict[str, int]:
    listed = json.loads((public / "pagefind/shards.json").read_text())["shards"]
    return {shard["name"]: shard["pages"] for shard in listed}


def _pages(bundle: Path) -> dict[str, Any]:
    """A bundle's pages by URL (its fragments)."""
    found = {}
    for path in bundle.glob("fragment/*.pf_fragment"):
        page = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[page["url"]] = page
    return found


def _indexed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The bundles Pagefind writes from now on."""
    written: list[Path] = []
    real = atlasgen.build.searching.write_index

    def record(site: Path, bundle: Path, pages: object = None, ready: object = None) -> None:
        written.append(bundle)
        real(site, bundle, pages, ready)  # type: ignore[arg-type]

    monkeypatch.setattr(atlasgen.build.searching, "write_index", record)
    return written


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = archive_site(tmp_path_factory.mktemp("archive"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(atlasgen.search.shards, "MIN_PAGES", 100)
        result = build(site)
    assert result.exit_code == 0, result.output
    return site / "public"


def test_each_year_is_a_shard_and_the_newest_months_one_of_their_own(archive: Path) -> None:
    counts = _shards(archive)
    assert list(counts) == SHARDS  # newest first: the search page loads the first
    assert sum(counts.values()) == 600
    assert min(counts.values()) >= 100
    months = {}
    for name, count in counts.items():
        pages = _pages(archive / "pagefind" / name)
        assert len(pages) == count
        assert (archive / "pagefind" / name / "pagefind.js").is_file()
        months[name] = sorted({page["meta"]["date"][:7] for page in pages.values()})
    # The newest months make 100 stories from May; January to April 2026, too few for a
    # shard of their own, join them.
    assert months["2026-01"] == [f"2026-{month:02d}" for month in range(1, 12)]
    assert all(month.startswith(name) for name in SHARDS[1:] for month in months[name])


def test_the_summary_counts_every_shard(tmp_path: Path) -> None:
    site = archive_site(tmp_path, count=30)
    assert build_site(site, BuildOptions(now=NOW)).searchable == 30
    assert list(_shards(site / "public")) == ["2023-06"]  # too few stories for two


def test_a_story_indexes_only_its_shard_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = archive_site(tmp_path)
    assert build(site).exit_code == 0
    public = site / "public"
    kept = {p: p.stat().st_mtime_ns for p in public.glob("pagefind/20*/**/*") if p.is_file()}
    kept = {p: mtime for p, mtime in kept.items() if "2026-01" not in p.parts}
    newest = _shards(public)["2026-01"]
    written = _indexed(monkeypatch)
    (site / "content/world/fresh.md").write_text(
        article("Fresh okapi sighting", "2026-11-26T08:00:00Z", "World")
    )
    assert build(site).exit_code == 0
    assert [p.name for p in written] == ["2026-01"]  # not its neighbour's, nor related's
    assert _shards(public)["2026-01"] == newest + 1
    assert kept and all(p.stat().st_mtime_ns == mtime for p, mtime in kept.items())
    written.clear()
    path, text = story(150)  # April 2024
    (site / path).write_text(text.replace("\n\n", "\n\nWalrus.\n\n", 1))
    assert build(site).exit_code == 0
    assert [p.name for p in written] == ["2024"]


def test_cached_builds_match_clean_builds_shard_for_shard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atlasgen.search.shards, "MIN_PAGES", 30)
    site = archive_site(tmp_path / "site", count=200)  # June 2023 to July 2024

    def check(*args: str) -> None:
        assert build(site, *args).exit_code == 0
        cached = {k: v for k, v in tree(site / "public").items() if k.startswith("pagefind/")}
        clean = clean_tree(site, tmp_path / "clean", *args)
        assert cached == {k: v for k, v in clean.items() if k.startswith("pagefind/")}
        assert cached

    check()
    (site / "content/world/new.md").write_text(article("Newer", "2024-07-28T08:00:00Z", "World"))
    check()  # a new story: the newest month's shard, neighbours, related lists
    path, text = story(30)  # 2023
    (site / path).write_text(text.replace("\n\n", "\n\nAn okapi, corrected.\n\n", 1))
    check()  # an edit in the oldest year
    (site / path).write_text(text.replace("published: 2023-", "published: 2024-"))
    check()  # a story moved to another year
    (site / story(31)[0]).unlink()
    (site / "content/_data").mkdir()
    (site / "content/_data/gone.toml").write_text('[[gone]]\nurl = "/sports/story-031/"\n')
    check()  # a story taken down (listed as gone)
    (site / "content/world/later.md").write_text(article("Later", "2024-08-02T08:00:00Z", "World"))
    check()  # a new month
    shutil.rmtree(site / "public/pagefind/2024")
    check()  # a shard missing from the output is made again


def test_shards_indexed_while_workers_render_are_a_one_process_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind reads each page as a render worker writes it, two shards at a time: the
    bundles are those of a build that renders in one process, then indexes."""
    monkeypatch.setattr(atlasgen.search.shards, "MIN_PAGES", 30)
    monkeypatch.setattr(atlasgen.build.render, "MIN_PARALLEL", 1)  # workers for any page
    monkeypatch.setattr(atlasgen.build.render, "CHUNK", 4)  # many chunks: Pagefind waits
    site = archive_site(tmp_path / "site", count=200)  # June 2023 to July 2024

    def check() -> None:
        assert build(site, "--jobs", "2").exit_code == 0
        ours = {k: v for k, v in tree(site / "public").items() if k.startswith("pagefind/")}
        one = clean_tree(site, tmp_path / "clean", "--jobs", "1")
        assert len(_shards(site / "public")) > 2
        assert ours == {k: v for k, v in one.items() if k.startswith("pagefind/")}

    check()  # cold: every page rendered by the workers, every shard indexed meanwhile
    for n in (3, 100, 195):  # stories of three shards edited
        path, text = story(n)
        (site / path).write_text(text.replace("\n\n", "\n\nAn okapi, corrected.\n\n", 1))
    check()


def test_a_build_failing_while_shards_are_indexed_stops_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error after the pages are rendered, while Pagefind reads them: the build ends
    with the error, the site as it was, and no indexing thread or Pagefind left."""
    site = archive_site(tmp_path, count=120)
    assert build(site).exit_code == 0
    before = tree(site / "public")
    (site / "content/world/fresh.md").write_text(
        article("Fresh okapi sighting", "2026-11-26T08:00:00Z", "World")
    )

    def broken(*args: object) -> None:
        raise BuildError([error("content/world/fresh.md", 1, "", "the disk is full")])

    monkeypatch.setattr(atlasgen.build.pipeline, "copy_files", broken)
    threads = threading.active_count()
    result = build(site)
    assert result.exit_code == 1 and "the disk is full" in result.output
    assert tree(site / "public") == before
    assert threading.active_count() == threads
    assert not _pagefind_children()


def _pagefind_children() -> list[int]:
    """This process's children running Pagefind."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines())
            command = (status.parent / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if fields.get("PPid", "").strip() == str(os.getpid()) and b"pagefind" in command:
            found.append(int(status.parent.name))
    return found


def test_shards_follow_the_site_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atlasgen.search.shards, "MIN_PAGES", 1)
    zone = ZoneInfo("America/New_York")

    def page(path: str, utc: str) -> StoryPage:
        return StoryPage(path, datetime.fromisoformat(utc).astimezone(zone), "x")

    shards = plan_shards(
        [
            page("a.html", "2026-01-01T03:00:00+00:00"),  # New Year's Eve in New York
            page("b.html", "2026-03-10T12:00:00+00:00"),
            page("c.html", "2026-03-01T04:00:00+00:00"),  # still February there
        ]
    )
    assert [(s.name, s.pages) for s in shards] == [
        ("2026-03", ("b.html",)),
        ("2026", ("c.html",)),
        ("2025", ("a.html",)),
    ]
    assert plan_shards([]) == ()


def _every(minutes: int, count: int, start: datetime) -> list[StoryPage]:
    return [
        StoryPage(f"s{n:06d}.html", start + timedelta(minutes=minutes * n), "x")
        for n in range(count)
    ]


def test_shards_of_a_newsroom_and_of_a_small_site(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atlasgen.search.shards, "MIN_PAGES", 200)
    # 10,000 stories, one every 157 minutes from 20 December 2023 to 1 December 2026.
    newsroom = plan_shards(_every(157, 10_000, datetime(2023, 12, 20, tzinfo=UTC)))
    assert [(s.name, len(s.pages)) for s in newsroom] == [
        ("2026-11", 396),  # 1 December is too few alone: November joins it
        ("2026", 2789),
        ("2025", 3347),
        ("2023-2024", 3468),  # the 112 stories of December 2023 join 2024
    ]
    # Three stories a week: the newest months back to 200 stories, the years before.
    small = plan_shards(_every(3360, 600, datetime(2023, 1, 2, tzinfo=UTC)))
    assert [(s.name, len(s.pages)) for s in small] == [("2025-01", 287), ("2023-2024", 313)]
    few = plan_shards(_every(3360, 150, datetime(2023, 1, 2, tzinfo=UTC)))
    assert [(s.name, len(s.pages)) for s in few] == [("2023-01", 150)]
