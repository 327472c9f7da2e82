"""The quick check: a rebuild does not read a story or a picture whose file is as the last
build found it, and never misses an edit, even one that puts the old mtime back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import NOW, article, build, jpeg, make_site

from atlasgen.config import load_config
from atlasgen.content import images, loader, reading
from atlasgen.core import filestat
from atlasgen.core.cache import BuildCache
from atlasgen.core.filestat import KnownFiles, signature
from atlasgen.core.times import parse_now


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test a moment ago count as settled (see filestat.RACY)."""
    monkeypatch.setattr(filestat, "RACY", -60.0)


def _site(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        f"content/world/s{i}.md": article(f"Story {i}", body=f"Body {i}.") for i in range(5)
    }
    files["content/world/pic.md"] = article("Pictured", image="{src: /images/pic.jpg, alt: A}")
    files["content/images/pic.jpg"] = jpeg(640, 360, "red")
    return make_site(root, files)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The article files and pictures a build opens, by name."""
    seen: list[str] = []
    read_bytes, examine = reading.read_bytes, images._examine
    monkeypatch.setattr(
        reading, "read_bytes", lambda path, *a: seen.append(Path(path).name) or read_bytes(path, *a)
    )
    monkeypatch.setattr(images, "_examine", lambda data: seen.append("picture") or examine(data))
    return seen


def _load(site: Path) -> dict[str, str]:
    """Titles by slug, through the site's cache, saved afterwards as a build does."""
    config = load_config(site, None)
    cache = BuildCache(site / ".atlasgen/cache/cache.sqlite")
    used: list[str] = []
    selection = loader.Selection(parse_now(NOW, config.tz))
    content, _ = loader.load_content(site, config, selection, cache, used)
    cache.save(keep=used)
    return {a.slug: a.title for a in content.articles}


def test_an_unchanged_site_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trusting: None
) -> None:
    site = _site(tmp_path)
    assert build(site).exit_code == 0
    seen = _reads(monkeypatch)
    assert build(site).exit_code == 0
    assert seen == []


def test_an_edit_is_read_even_with_its_old_size_and_mtime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trusting: None
) -> None:
    site = _site(tmp_path)
    assert _load(site)["s3"] == "Story 3"
    story = site / "content/world/s3.md"
    before = story.stat()
    story.write_text(story.read_text().replace("Story 3", "Tale 3"))  # the same size
    os.utime(story, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old mtime
    seen = _reads(monkeypatch)
    assert _load(site)["s3"] == "Tale 3"  # the change time gave it away
    assert seen == ["s3.md"]


def test_a_replaced_picture_is_examined_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trusting: None
) -> None:
    site = _site(tmp_path)
    assert build(site).exit_code == 0
    (site / "content/images/pic.jpg").write_bytes(jpeg(320, 240, "blue"))
    seen = _reads(monkeypatch)
    assert build(site).exit_code == 0
    assert seen == ["picture"]
    page = (site / "public/world/pic/index.html").read_text()
    assert 'width="320" height="240"' in page


def test_a_file_changed_just_before_the_build_is_read_again_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within RACY seconds of the look, a second same-size write in the same clock tick
    could keep the signature: such a file is not recorded."""
    cache = BuildCache(tmp_path / "cache.sqlite")
    path = tmp_path / "fresh.md"
    path.write_text("new")
    sig = signature(str(path))
    for racy, expected in ((filestat.RACY, None), (-60.0, "key")):
        monkeypatch.setattr(filestat, "RACY", racy)
        known = KnownFiles(cache, "test", "")
        known.put("fresh.md", sig, "key")
        known.save()
        assert KnownFiles(cache, "test", "").get("fresh.md", sig) == expected


def test_the_table_is_kept_per_context(tmp_path: Path, trusting: None) -> None:
    cache = BuildCache(tmp_path / "cache.sqlite")
    path = tmp_path / "a.md"
    path.write_text("text")
    sig = signature(str(path))
    known = KnownFiles(cache, "articles", "Europe/London")
    known.put("a.md", sig, "key-1")
    known.save()
    assert KnownFiles(cache, "articles", "Europe/London").get("a.md", sig) == "key-1"
    assert KnownFiles(cache, "articles", "Asia/Tokyo").get("a.md", sig) is None
    assert KnownFiles(cache, "articles", "Europe/London").get("a.md", None) is None
