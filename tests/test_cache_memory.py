"""What a big build holds in memory: new rendered bodies past a limit wait for the
cache's save in a temporary file, not in the parent process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import NOW, SITE_TOML, article, make_site, tree

from atlasgen.build.pipeline import BuildOptions, build_site
from atlasgen.core.cache import BuildCache
from atlasgen.core.cache import markdown as markdown_module


def test_bodies_past_the_limit_move_to_a_file_and_are_all_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(markdown_module, "SPILL_AT", 100)
    path = tmp_path / "cache.sqlite"
    cache = BuildCache(path)
    bodies = {f"key{i:03d}": f"<p>Body {i} é \U0001f600</p>" * 3 for i in range(50)}
    for key, html in bodies.items():
        cache.markdown.add({key: html})
    table = cache.markdown
    assert table._spilled and len(table._new) < 10  # held on disk, not in memory
    assert all(cache.markdown.get(key) == html for key, html in bodies.items())
    child = os.fork()  # a render worker reads a moved body without moving the parent's file
    if child == 0:
        os._exit(0 if cache.markdown.get("key007") == bodies["key007"] else 1)
    assert os.waitpid(child, 0)[1] == 0
    assert cache.markdown.get("key042") == bodies["key042"]
    cache.save(keep=bodies)
    assert table._spill is None and not table._spilled
    again = BuildCache(path)
    assert all(again.markdown.get(key) == html for key, html in bodies.items())


def test_a_build_that_moved_bodies_out_matches_one_that_did_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        f"content/s{i}.md": article(f"Story {i}", f"2026-01-{1 + i:02d}T10:00:00Z", body=f"B {i}")
        for i in range(12)
    }
    whole = make_site(tmp_path / "whole", files, SITE_TOML)
    build_site(whole, BuildOptions(now=NOW))
    monkeypatch.setattr(markdown_module, "SPILL_AT", 10)
    moved = make_site(tmp_path / "moved", files, SITE_TOML)
    build_site(moved, BuildOptions(now=NOW, jobs=1))
    assert tree(whole / "public") == tree(moved / "public")
    shutil.rmtree(moved / "public")
    build_site(moved, BuildOptions(now=NOW, jobs=1))  # every body read back from the cache
    assert tree(whole / "public") == tree(moved / "public")
