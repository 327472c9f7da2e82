"""A build cache that cannot run code: pickles and compiled templates are read only
when signed with the key kept outside the cache folder; a tampered entry is ignored with
a warning and the build is still right."""

from __future__ import annotations

import os
import pickle
import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import article, build, clean_tree, make_site, tree

from atlasgen.core.cache.signing import KEY_VARIABLE, MAC_SIZE, Signer, load_key, state_folder

WARNING = (
    ".atlasgen/cache/cache.sqlite: warning: entries changed since they were written were "
    "ignored and made again (a damaged or tampered build cache)"
)


class _Planted:
    """A pickle that, once loaded, creates a file: the code a planted cache would run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    files = {
        f"content/world/s{n}.md": article(f"Story {n}", tags="[Rates]", body=f"Body {n}.")
        for n in range(4)
    }
    site = make_site(tmp_path / "site", files)
    assert build(site).exit_code == 0
    return site


def _database(site: Path) -> sqlite3.Connection:
    return sqlite3.connect(site / ".atlasgen/cache/cache.sqlite")


def _touch_content(site: Path) -> None:
    """An edit, so that the next build reads the cache instead of keeping its output."""
    story = site / "content/world/s0.md"
    story.write_text(story.read_text() + "\nMore.\n")


def test_a_planted_pickle_in_the_articles_table_never_runs(site: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    with _database(site) as db:
        shards = [key for (key,) in db.execute("SELECT key FROM articles")]
        evil = pickle.dumps(_Planted(marker))
        for shard in shards:  # unsigned, and signed with a made-up key
            fake = bytes(MAC_SIZE) + evil if shard == shards[0] else evil
            db.execute("UPDATE articles SET value = ? WHERE key = ?", (fake, shard))
    _touch_content(site)
    result = build(site)
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert result.stderr.splitlines() == [WARNING]
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")
    again = build(site)  # the entries were made again, signed
    assert again.stderr == ""


def test_a_planted_pickle_in_the_results_table_never_runs(site: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    with _database(site) as db:
        names = [name for (name,) in db.execute("SELECT key FROM results")]
        assert names
        for name in names:
            db.execute(
                "UPDATE results SET value = ? WHERE key = ?",
                (bytes(MAC_SIZE) + pickle.dumps(("key", _Planted(marker))), name),
            )
    _touch_content(site)
    result = build(site)
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert WARNING in result.stderr.splitlines()
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_a_planted_compiled_template_never_runs(site: Path, tmp_path: Path) -> None:
    from jinja2.bccache import bc_magic

    marker = tmp_path / "ran"
    planted = list((site / ".atlasgen/cache/templates").rglob("*.cache"))
    assert planted
    for file in planted:  # what Jinja's own cache would load: a pickle, then code
        file.write_bytes(bytes(MAC_SIZE) + bc_magic + pickle.dumps(_Planted(marker)))
    (site / "site.toml").write_text((site / "site.toml").read_text() + 'tagline = "New"\n')
    result = build(site)
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert result.stderr.splitlines() == [WARNING]
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")


def test_a_forged_body_is_never_shown(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import atlasgen.build.render

    monkeypatch.setattr(atlasgen.build.render, "MIN_PARALLEL", 1)  # bodies read in workers
    with _database(site) as db:
        db.execute("UPDATE markdown SET value = ?", ("0" * 64 + "<script>alert(1)</script>",))
    (site / "public").rename(tmp_path / "old-output")  # every page rendered again
    result = build(site, "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [WARNING]
    assert not any(b"<script>alert" in data for data in tree(site / "public").values())


def test_a_cache_of_another_key_is_ignored_without_a_warning(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    monkeypatch.setenv(KEY_VARIABLE, "another machine's secret")
    with _database(site) as db:  # signed, but with the key of the first builds
        db.execute("UPDATE articles SET value = ?", (pickle.dumps(_Planted(marker)),))
    _touch_content(site)
    result = build(site)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert not marker.exists()
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")
    with _database(site) as db:
        key_id = db.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()[0]
    assert key_id == Signer().key_id  # the secret's key now signs it


def test_the_key_lives_in_the_users_state_folder_readable_by_its_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    key = load_key()
    path = tmp_path / "state/atlasgen/cache-key"
    assert state_folder() == path.parent
    assert bytes.fromhex(path.read_text().strip()) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key() == key
    monkeypatch.setenv(KEY_VARIABLE, "a CI secret")
    assert load_key() not in (key, b"a CI secret")
    assert load_key() == load_key()


def test_a_signature_covers_the_table_the_name_and_the_bytes() -> None:
    signer = Signer(b"k" * 32)
    signed = signer.sign("articles", "0a", b"data")
    assert signer.open("articles", "0a", signed) == b"data" and not signer.tampered
    assert signer.open("articles", "0b", signed) is None and signer.tampered
    assert Signer(b"j" * 32).open("articles", "0a", signed) is None
    assert signer.open_text("markdown", "k", signer.sign_text("markdown", "k", "<p>é</p>")) == (
        "<p>é</p>"
    )
    assert signer.open_text("markdown", "k", "é" * 70) is None


def test_a_planted_picture_variant_is_not_published(tmp_path: Path) -> None:
    from conftest import jpeg

    site = make_site(
        tmp_path / "site",
        {
            "content/world/a.md": article(image="{src: /images/a.jpg, alt: A}"),
            "content/images/a.jpg": jpeg(1000, 500, "red"),
        },
    )
    assert build(site).exit_code == 0
    variants = [p for p in (site / ".atlasgen/cache/images").rglob("*.webp")]
    assert variants
    for variant in variants:
        variant.write_bytes(b"planted")
    (site / "public").rename(tmp_path / "old-output")
    result = build(site)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [WARNING]
    assert not any(data == b"planted" for data in tree(site / "public").values())
    assert tree(site / "public") == clean_tree(site, tmp_path / "clean")
