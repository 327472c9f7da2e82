"""Shared test helpers: tiny real sites written inline, built through the real CLI."""

from __future__ import annotations

import io
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings
from PIL import Image

from atlasgen.cli import main

# Property tests check answers, not speed: on a shared, busy machine a per-example
# deadline fails them at random.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

NOW = "2026-11-27T12:00:00+00:00"

SITE_TOML = """\
title = "Test Times"
base_url = "https://news.example.org"
timezone = "Europe/London"
"""


def article(
    title: str = "A headline",
    published: str = "2026-11-20T10:00:00+00:00",
    category: str = "World",
    body: str = "Some *body* text.",
    **keys: str,
) -> str:
    """Front matter + body for a test article; extra keys are raw YAML values."""
    lines = ["---", f"title: {title}", f"published: {published}", f"category: {category}"]
    lines += [f"{key}: {value}" for key, value in keys.items()]
    lines += ["---", body, ""]
    return "\n".join(lines)


def jpeg(width: int, height: int, color: str, quality: int = 75) -> bytes:
    """A small JPEG of one colour, for an article's picture."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG", quality=quality)
    return out.getvalue()


def make_site(root: Path, files: dict[str, str | bytes], site_toml: str = SITE_TOML) -> Path:
    """Write a site: `files` maps paths relative to the site to their text (dedented)."""
    all_files: dict[str, str | bytes] = {"site.toml": site_toml, **files}
    for rel, data in all_files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")
    return root


def run(*args: str) -> Result:
    """Run the atlasgen CLI in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def build(site: Path, *args: str) -> Result:
    return run("build", "--site", str(site), "--now", NOW, *args)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, for before/after comparisons."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def clean_tree(site: Path, scratch: Path, *args: str) -> dict[str, bytes]:
    """What a clean build gives: the site copied to `scratch` (emptied first) without its
    output and cache, built with the cache off and these CLI arguments; its files."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", ".atlasgen"))
    toml = (scratch / "site.toml").read_text() + '\n[build]\ncache = ""\n'
    (scratch / "site.toml").write_text(toml)
    result = build(scratch, *args)
    assert result.exit_code == 0, result.output
    return tree(scratch / "public")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for one test module (tests/browser.py starts it)."""
    from browser import chromium

    with chromium() as found:
        yield found


@pytest.fixture
def site_factory(tmp_path: Path) -> Callable[..., Path]:
    def factory(files: dict[str, str | bytes], site_toml: str = SITE_TOML) -> Path:
        return make_site(tmp_path / "site", files, site_toml)

    return factory


GOLDEN = Path(__file__).parent / "golden"


def assert_golden(actual: str, golden: str) -> None:
    """Compare `actual` with tests/golden/<golden>. With ATLASGEN_UPDATE_GOLDEN=1 the file is
    rewritten (review the diff); a missing file is written and the test fails once."""
    update = os.environ.get("ATLASGEN_UPDATE_GOLDEN") == "1"
    expected_path = GOLDEN / golden
    if update or not expected_path.exists():
        expected_path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"wrote the missing golden file {golden}; review and commit it")
    assert actual == expected_path.read_text(encoding="utf-8")
