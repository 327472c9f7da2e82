"""Published names (fingerprinted assets, picture variants) hash the bytes and the
processing settings only: another version of atlasgen gives the same names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from samplesite import ROOT, SAMPLE_NOW

from atlasgen.core.hashing import content_hash, digest

BUILD_AS_VERSION = """\
import sys
import atlasgen
atlasgen.__version__ = sys.argv[1]  # before any module reads it
from atlasgen.cli import main
main(sys.argv[2:])
"""


def _build_as(version: str, scratch: Path) -> Path:
    """The sample site built by atlasgen claiming to be `version`; its output folder."""
    site = scratch / "site"
    site.mkdir(parents=True)
    shutil.copy(ROOT / "site.toml", site / "site.toml")
    shutil.copytree(ROOT / "content", site / "content")
    out = scratch / "public"
    args = ["build", "--site", str(site), "--output", str(out), "--now", SAMPLE_NOW, "-q"]
    done = subprocess.run(
        [sys.executable, "-c", BUILD_AS_VERSION, version, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def _static_names(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in (out / "static").rglob("*"))


def test_two_versions_of_atlasgen_give_the_same_asset_and_picture_names(tmp_path: Path) -> None:
    old = _build_as("0.1.0", tmp_path / "old")
    new = _build_as("7.3.1", tmp_path / "new")
    assert 'version="7.3.1"' in (new / "atom.xml").read_text()  # the version did change
    names = _static_names(old)
    assert any(n.startswith("static/img/") for n in names)
    assert any(n.endswith(".css") and n.count(".") == 2 for n in names)
    assert _static_names(new) == names
    for page in ("index.html", "world/index.html"):
        assert (new / page).read_text() == (old / page).read_text()


def test_published_names_do_not_use_the_cache_salt() -> None:
    assert content_hash("asset", b"x") != digest("asset", b"x")
    assert content_hash("asset", b"x") == content_hash("asset", b"x")
    assert content_hash("ab", "c") != content_hash("a", "bc")
