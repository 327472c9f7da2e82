"""The picture cache forgets variants no build has used for 30 days (fake clock)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import article, build, jpeg, make_site

from atlasgen.content import imagecache
from atlasgen.content.imagecache import DAY, RECORD, prune_unused

START = 20_000 * DAY  # a day in 2024


def _folders(cache: Path, *keys: str) -> Path:
    for key in keys:
        (cache / key).mkdir(parents=True)
        (cache / key / "480.webp").write_bytes(b"x")
    return cache


def test_a_picture_unused_for_more_than_30_days_is_pruned(tmp_path: Path) -> None:
    cache = _folders(tmp_path / "images", "old", "kept")
    assert prune_unused(cache, ["old", "kept"], START) == []
    assert prune_unused(cache, ["kept"], START + 30 * DAY) == []  # 30 days: still kept
    assert prune_unused(cache, ["kept"], START + 31 * DAY) == ["old"]
    assert sorted(p.name for p in cache.iterdir()) == ["kept", RECORD]
    assert json.loads((cache / RECORD).read_text()) == {"kept": 20_031}


def test_a_use_within_30_days_keeps_a_picture_another_30(tmp_path: Path) -> None:
    cache = _folders(tmp_path / "images", "a")
    prune_unused(cache, ["a"], START)
    prune_unused(cache, ["a"], START + 20 * DAY)
    assert prune_unused(cache, [], START + 45 * DAY) == []
    assert prune_unused(cache, [], START + 51 * DAY) == ["a"]


def test_a_folder_the_record_does_not_know_counts_as_used_today(tmp_path: Path) -> None:
    cache = _folders(tmp_path / "images", "from-an-older-cache")
    (cache / RECORD).write_text("not json")
    assert prune_unused(cache, [], START) == []
    assert prune_unused(cache, [], START + 31 * DAY) == ["from-an-older-cache"]


def test_a_build_records_its_pictures_and_prunes_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(image="{src: /images/a.jpg, alt: A}"),
            "content/images/a.jpg": jpeg(1000, 500, "red"),
        },
    )
    monkeypatch.setattr(imagecache, "clock", lambda: START)
    assert build(site).exit_code == 0
    cache = site / ".atlasgen/cache/images"
    (first,) = [p.name for p in cache.iterdir() if p.is_dir()]
    (site / "content/images/a.jpg").write_bytes(jpeg(1000, 500, "blue"))  # a new picture
    monkeypatch.setattr(imagecache, "clock", lambda: START + 10 * DAY)
    assert build(site).exit_code == 0
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 2
    monkeypatch.setattr(imagecache, "clock", lambda: START + 41 * DAY)
    (site / "content/world/a.md").write_text(
        article(image="{src: /images/a.jpg, alt: A}", dek="Edited")
    )
    assert build(site).exit_code == 0
    left = [p.name for p in cache.iterdir() if p.is_dir()]
    assert len(left) == 1 and left != [first]
    assert (site / "public/static/img").is_dir()
