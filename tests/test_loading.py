"""Loading content fast: parsed articles come back from the build cache's shards, and
many files are parsed in forked processes; either way the articles and the problems are
the ones a plain serial parse gives, in the same order."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import article, make_site

from atlasgen.config import SiteConfig, load_config
from atlasgen.content import links, loader, parsepool, reading
from atlasgen.content.model import Article, ContentSet, card_key
from atlasgen.core import forking
from atlasgen.core.cache import SHARDS, BuildCache
from atlasgen.core.cache.signing import MAC_SIZE, Signer
from atlasgen.core.errors import BuildError, Diagnostic

NOW = datetime.fromisoformat("2026-11-27T12:00:00+00:00")


def _newsroom(root: Path, count: int = 40) -> Path:
    files = {
        f"content/s{i}.md": article(
            f"Story {i}",
            f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}T10:00:00Z",
            ("World", "Sports")[i % 2],
            body=f"Body of story {i}.\n\nA second paragraph.",
            tags=f"[Topic {i}, Shared {i % 3}]",
        )
        for i in range(count)
    }
    return make_site(root, files)


def _troubled(root: Path) -> Path:
    """Good articles among every kind of problem the loader reports."""
    files: dict[str, str | bytes] = {
        f"content/world/good-{i}.md": article(f"Good {i}", body=f"Body {i}.") for i in range(6)
    }
    files |= {
        "content/world/no-title.md": "---\npublished: 2026-11-20T10:00:00Z\ncategory: World\n---\n",
        "content/world/bad-yaml.md": "---\ntitle: [unclosed\n---\nBody\n",
        "content/world/typo.md": article("Typo", catgory="World"),
        "content/world/latin1.md": "---\ntitle: Caf\xe9\n---\n".encode("latin-1"),
        "content/world/twin.md": article("Twin", slug="good-1"),
        "content/world/pins.md": article("Pins", related="[nowhere]"),
        "content/_data/desk.toml": "name = [",
        "content/logo.svg": "<svg/>",
    }
    return make_site(root, files)


def _load(
    site: Path, cache: BuildCache | None = None, jobs: int = 1
) -> tuple[ContentSet, list[Diagnostic], list[str]]:
    used: list[str] = []
    config = load_config(site, None)
    content, problems = loader.load_content(site, config, loader.Selection(NOW), cache, used, jobs)
    return content, problems, used


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = parsepool.parse_article

    def counting(text: str, source: str, *args: Any) -> Any:
        parsed.append(source)
        return real(text, source, *args)

    monkeypatch.setattr(parsepool, "parse_article", counting)
    return parsed


def _cache(site: Path) -> BuildCache:
    return BuildCache(site / ".atlasgen/cache/cache.sqlite")


def _body(site: Path, article: Article) -> str:
    return reading.read_body(site, article, load_config(site, None))


def _cached_load(site: Path) -> tuple[ContentSet, list[Diagnostic]]:
    """A load through the site's cache, saved afterwards as a build does."""
    cache = _cache(site)
    content, problems, used = _load(site, cache)
    cache.save(keep=used)
    return content, problems


def _shards(site: Path) -> dict[str, bytes]:
    with sqlite3.connect(site / ".atlasgen/cache/cache.sqlite") as db:
        return dict(db.execute("SELECT key, value FROM articles"))


def test_parsed_articles_are_kept_in_a_few_shards_without_their_bodies(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    _cached_load(site)
    shards = _shards(site)
    assert 1 < len(shards) <= len(SHARDS)  # not one row per article
    assert sum(len(pickle.loads(blob[MAC_SIZE:])) for blob in shards.values()) == 40
    assert not any(b"A second paragraph" in blob for blob in shards.values())  # bodies: no


def test_a_rebuild_parses_only_the_edited_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _newsroom(tmp_path)
    clean, _ = _cached_load(site)
    story = site / "content/s7.md"
    story.write_text(story.read_text().replace("Body of story 7.", "A corrected body."))
    parsed = _count_parses(monkeypatch)
    edited, _ = _cached_load(site)
    assert parsed == ["content/s7.md"]
    assert edited == _load(site)[0]  # the same as without a cache, bodies and all
    story7 = next(a for a in edited.articles if a.slug == "s7")
    assert "A corrected body." in _body(site, story7)
    parsed.clear()
    assert _cached_load(site)[0] == edited
    assert parsed == []
    assert len(clean.articles) == len(edited.articles)


def test_an_edit_rewrites_only_the_shards_it_touches(tmp_path: Path) -> None:
    site = _newsroom(tmp_path)
    _cached_load(site)
    before = _shards(site)
    story = site / "content/s7.md"
    story.write_text(story.read_text().replace("Body of story 7.", "A corrected body."))
    _cached_load(site)
    after = _shards(site)
    changed = {
        shard for shard in before.keys() | after.keys() if before.get(shard) != after.get(shard)
    }
    assert 1 <= len(changed) <= 2  # the old key's shard and the new one's
    assert sum(len(pickle.loads(blob[MAC_SIZE:])) for blob in after.values()) == 40  # old: gone


def test_a_damaged_shard_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _newsroom(tmp_path)
    _cached_load(site)
    shard, blob = sorted(_shards(site).items())[0]
    with sqlite3.connect(site / ".atlasgen/cache/cache.sqlite") as db:
        db.execute("UPDATE articles SET value = ? WHERE key = ?", (b"\x80\x05garbage", shard))
    parsed = _count_parses(monkeypatch)
    content, problems = _cached_load(site)
    assert len(parsed) == len(pickle.loads(blob[MAC_SIZE:]))  # that shard's, no others
    assert (content, problems) == _load(site)[:2]
    parsed.clear()
    _cached_load(site)  # and written again
    assert parsed == []


def test_foreign_or_stale_entries_are_never_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _newsroom(tmp_path)
    _cached_load(site)
    with sqlite3.connect(site / ".atlasgen/cache/cache.sqlite") as db:
        for shard, blob in _shards(site).items():  # signed with this machine's key
            foreign = {key: ("not", "an entry") for key in pickle.loads(blob[MAC_SIZE:])}
            signed = Signer().sign("articles", shard, pickle.dumps(foreign))
            db.execute("UPDATE articles SET value = ? WHERE key = ?", (signed, shard))
    parsed = _count_parses(monkeypatch)
    content, _ = _cached_load(site)
    assert len(parsed) == 40
    assert content == _load(site)[0]
    with sqlite3.connect(site / ".atlasgen/cache/cache.sqlite") as db:
        db.execute("UPDATE meta SET value = 'atlasgen 0.0 cache 0' WHERE key = 'salt'")
    parsed.clear()
    _cached_load(site)
    assert len(parsed) == 40  # another version's cache: nothing read from it


@pytest.mark.skipif(not forking.can_fork(), reason="needs fork")
def test_parallel_parsing_gives_the_serial_articles_and_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _troubled(tmp_path)
    serial, serial_problems, serial_keys = _load(site, jobs=1)
    pids = tmp_path / "pids"
    real = parsepool.parse_entry

    def recording(text: str, source: str, key: str, config: SiteConfig) -> parsepool.Entry:
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real(text, source, key, config)

    monkeypatch.setattr(parsepool, "MIN_PARALLEL", 2)
    monkeypatch.setattr(parsepool, "parse_entry", recording)
    parallel, parallel_problems, parallel_keys = _load(site, jobs=2)
    assert str(os.getpid()) not in pids.read_text().split()  # parsed in workers
    assert parallel == serial
    assert [_body(site, a) for a in parallel.articles] == [_body(site, a) for a in serial.articles]
    assert parallel_problems == serial_problems
    assert parallel_keys == serial_keys
    assert len(serial.articles) == 9 and len(serial_problems) >= 7


def test_a_first_build_reads_its_files_where_it_parses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing parsed in the cache, reading is shared out with the parsing; the
    articles, problems and keys are those of a load that reads every file itself."""
    site = _troubled(tmp_path / "site")
    primed = make_site(tmp_path / "primed", {})
    shutil.copytree(site / "content/world", primed / "content/world", dirs_exist_ok=True)
    for other in (primed / "content/world").glob("*.md"):
        if other.name != "typo.md":  # the last file: until then, the cache has an entry
            other.unlink()
    _cached_load(primed)
    shutil.copytree(primed / ".atlasgen", site / ".atlasgen")
    readers = tmp_path / "readers"
    real = reading.read_bytes

    def recording(path: str | Path, source: str, found: list[Diagnostic]) -> bytes | None:
        if source.endswith(".md"):
            with readers.open("a") as out:
                out.write(f"{os.getpid()}\n")
        return real(path, source, found)

    monkeypatch.setattr(reading, "read_bytes", recording)
    main, main_problems, main_keys = _load(site, _cache(site), jobs=1)
    assert set(readers.read_text().split()) == {str(os.getpid())}
    shutil.rmtree(site / ".atlasgen")
    readers.unlink()
    monkeypatch.setattr(parsepool, "MIN_PARALLEL", 2)
    shared, shared_problems, shared_keys = _load(site, _cache(site), jobs=2)
    assert str(os.getpid()) not in readers.read_text().split()  # read by the workers
    assert (shared, shared_problems) == (main, main_problems)
    assert sorted(shared_keys) == sorted(main_keys) and len(main_keys) >= 10


def test_without_fork_the_files_are_parsed_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _troubled(tmp_path)
    serial, serial_problems, _ = _load(site, jobs=1)
    monkeypatch.setattr(parsepool, "MIN_PARALLEL", 2)
    monkeypatch.setattr(forking, "can_fork", lambda: False)
    assert _load(site, jobs=2)[:2] == (serial, serial_problems)


def test_cached_articles_and_problems_equal_freshly_parsed_ones(tmp_path: Path) -> None:
    site = _troubled(tmp_path)
    fresh = _load(site)[:2]
    assert _cached_load(site) == fresh  # parsed and stored
    assert _cached_load(site) == fresh  # read back from the shards


def test_articles_sharing_a_url_are_reported_url_by_url() -> None:
    def story(name: str, url: str) -> Article:
        return Article(f"content/{name}.md", name, name, NOW, "World", "", url=url)

    stories = [story("a", "/one/"), story("b", "/two/"), story("c", "/one/")]
    stories += [story("d", "/two/"), story("e", "/one/")]
    assert [d.format() for d in links.check_links(stories)] == [
        "content/c.md:1: slug: /one/ is also the URL of content/a.md (give one of them "
        "another slug)",
        "content/e.md:1: slug: /one/ is also the URL of content/a.md (give one of them "
        "another slug)",
        "content/d.md:1: slug: /two/ is also the URL of content/b.md (give one of them "
        "another slug)",
    ]


def test_articles_added_to_a_cache_not_read_join_the_stored_ones(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    first = BuildCache(path)
    first.articles.parsed()
    first.articles.put("0" * 40, "zero")
    first.articles.put("f" * 40, "eff")
    first.save()
    second = BuildCache(path)  # its shards never read
    second.articles.put("0" + "1" * 39, "one")
    second.save()
    second.articles.put("0" + "2" * 39, "two")
    second.save()  # a second save builds on the first
    assert BuildCache(path).articles.parsed() == {
        "0" * 40: "zero",
        "f" * 40: "eff",
        "0" + "1" * 39: "one",
        "0" + "2" * 39: "two",
    }
    third = BuildCache(path)
    third.articles.parsed()
    third.save(keep=["f" * 40])  # what this build used: the rest is dropped
    assert BuildCache(path).articles.parsed() == {"f" * 40: "eff"}


def test_loaded_articles_leave_their_bodies_in_their_files(tmp_path: Path) -> None:
    """A build never holds every story's text at once: a page reads its body when it is
    rendered, and a file that changed since it was loaded is an error, not a wrong page."""
    site = _newsroom(tmp_path)
    content, _, _ = _load(site)
    story = next(a for a in content.articles if a.slug == "s3")
    assert story.body == "" and story.body_start > 0
    assert _body(site, story) == "Body of story 3.\n\nA second paragraph.\n"
    (site / "content/s3.md").write_text("---\ntitle: Changed\n---\nNew.\n")
    with pytest.raises(BuildError) as failed:
        _body(site, story)
    assert [d.format() for d in failed.value.diagnostics] == [
        "content/s3.md: changed while the site was built (build it again)"
    ]


def test_each_loaded_article_carries_its_card_key_from_the_cache_too(tmp_path: Path) -> None:
    """stamps.py trusts `Article.card` instead of hashing every card again: it must be
    the hash of the article as loaded (URL and all), after a parse and from the cache."""
    site = _newsroom(tmp_path)
    for content in (_cached_load(site)[0], _cached_load(site)[0]):
        cards = [a.card for a in content.articles]
        assert cards == [card_key(a) for a in content.articles]
        assert len(set(cards)) == len(cards) == 40
