"""`atlasgen init`: a new site in an empty folder builds, checks and serves at once; a
folder that is not empty is refused unless forced, and then nothing is overwritten."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import typing
import urllib.request
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import run, tree

from atlasgen.config import SiteConfig, parse_config
from atlasgen.core.fieldnotes import field_notes
from atlasgen.scaffold.newsite import SiteChoices, site_files
from atlasgen.scaffold.sitetoml import every_key, site_toml

ROOT = Path(__file__).parent.parent
NOW = datetime(2026, 12, 6, 5, 30, 12, tzinfo=UTC)
EXPECTED_FILES = {
    "site.toml",
    "README.md",
    ".gitignore",
    ".github/workflows/build.yml",
    "content/news/welcome.md",
    "content/_data/authors.toml",
    "content/_data/breaking.toml",
    "content/_data/front.toml",
    "content/_data/markets.toml",
    "content/_data/sections.toml",
}


def init(folder: Path, *args: str) -> tuple[int, str, str]:
    result = run("init", str(folder), *args)
    return result.exit_code, result.stdout, result.stderr


def test_init_in_an_empty_folder_writes_a_site_that_builds_and_checks(tmp_path: Path) -> None:
    site = tmp_path / "news"
    code, out, err = init(site)
    assert (code, err) == (0, "")
    assert out.startswith("Created a new site in ") and "atlasgen serve" in out
    assert {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} == (
        EXPECTED_FILES
    )
    built = run("build", "--site", str(site))
    assert built.exit_code == 0, built.stderr
    assert built.stderr == ""  # not even a warning
    front = (site / "public/index.html").read_text(encoding="utf-8")
    assert "Welcome to News" in front
    assert (site / "public/news/welcome/index.html").is_file()
    checked = run("check", "--site", str(site), "--strict")
    assert checked.exit_code == 0, checked.stderr


def test_the_new_site_serves_at_once(tmp_path: Path) -> None:
    site = tmp_path / "news"
    assert init(site)[0] == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "atlasgen", "serve", "--port", "0"],
        cwd=site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(3)]
        match = re.search(r"Serving (http://127\.0\.0\.1:\d+/)", lines[-1])
        assert match, lines
        with urllib.request.urlopen(match[1], timeout=10) as response:
            assert response.status == 200
            assert "Welcome to News" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_flags_set_the_title_address_language_and_zone(tmp_path: Path) -> None:
    site = tmp_path / "echo"
    code, _, err = init(
        site,
        "--title",
        'L\'Écho "du" Port',
        "--base-url",
        "https://echo.example.fr/news",
        "--language",
        "fr",
        "--timezone",
        "Europe/Paris",
    )
    assert (code, err) == (0, "")
    config = parse_config((site / "site.toml").read_text(encoding="utf-8"))
    assert (config.title, config.base_url, config.language, config.timezone) == (
        'L\'Écho "du" Port',
        "https://echo.example.fr/news",
        "fr",
        "Europe/Paris",
    )
    assert run("build", "--site", str(site)).exit_code == 0
    page = (site / "public/news/welcome/index.html").read_text(encoding="utf-8")
    assert (
        '<html lang="fr" dir="ltr">' in page and "Welcome to L&#39;Écho &#34;du&#34; Port" in page
    )


def test_bad_flags_are_usage_errors_naming_the_flag(tmp_path: Path) -> None:
    code, _, err = init(tmp_path / "x", "--timezone", "Europe/Londn", "--base-url", "example.com")
    assert code == 2
    assert err == (
        "Error: --base-url: 'example.com' is not an absolute http(s) URL "
        "(e.g. \"https://atlas.example.com\"); --timezone: 'Europe/Londn' is not an IANA "
        'time zone (e.g. "Europe/London")\n'
    )
    assert not (tmp_path / "x").exists()


def test_interactive_asks_for_each_choice(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from atlasgen.cli import main

    answers = "The Ledger\nhttps://ledger.example.com\n\nAmerica/Chicago\n"
    result = CliRunner().invoke(main, ["init", str(tmp_path / "l"), "-i"], input=answers)
    assert result.exit_code == 0, result.output
    config = parse_config((tmp_path / "l/site.toml").read_text(encoding="utf-8"))
    assert (config.title, config.base_url, config.language, config.timezone) == (
        "The Ledger",
        "https://ledger.example.com",
        "en",
        "America/Chicago",
    )


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = init(tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {tmp_path} is not empty (notes.txt); atlasgen init writes a new site into "
        "an empty folder. Use --force to add the missing files (no existing file is "
        "overwritten).\n"
    )
    assert tree(tmp_path) == {"notes.txt": b"mine"}


def test_a_fresh_clone_with_only_git_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert init(tmp_path)[0] == 0


def test_force_adds_missing_files_and_never_overwrites_one(tmp_path: Path) -> None:
    mine = {
        "README.md": b"# Our own readme\n",
        "site.toml": b'title = "Ours"\nbase_url = "https://ours.example.com"\n',
        "content/news/welcome.md": b"---\ntitle: Ours\npublished: 2026-01-01\n"
        b"category: News\n---\n",
    }
    for name, data in mine.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    code, out, err = init(tmp_path, "--force")
    assert (code, err) == (0, "")
    assert "Kept as they were: site.toml, README.md, content/news/welcome.md" in out
    files = tree(tmp_path)
    for name, data in mine.items():
        assert files[name] == data
    assert set(files) == EXPECTED_FILES
    assert run("build", "--site", str(tmp_path)).exit_code == 0


def test_site_toml_lists_every_key_with_a_line_on_it_and_its_default() -> None:
    text = site_toml({"title": "T", "base_url": "https://t.example.com"})
    for key in every_key():
        table, _, name = key.rpartition(".")
        if table:
            assert f"\n[{table}]\n" in text
        assert re.search(rf"^(# )?{name} = ", text, re.MULTILINE), key
    # As written, only the chosen keys are set...
    written = tomllib.loads(text)
    assert {k: v for k, v in written.items() if not isinstance(v, dict)} == {
        "title": "T",
        "base_url": "https://t.example.com",
    }
    assert all(v == {} for v in written.values() if isinstance(v, dict))
    # ... and uncommented, every default line reads back as the defaults themselves.
    uncommented = re.sub(r"^# (?=[a-z_]+ = )", "", text, flags=re.MULTILINE)
    assert parse_config(uncommented) == SiteConfig("T", "https://t.example.com")


def _settings_classes() -> list[type]:
    found, todo = [], [SiteConfig]
    while todo:
        cls = todo.pop()
        found.append(cls)
        hints = typing.get_type_hints(cls)
        todo += [hints[f.name] for f in fields(cls) if is_dataclass(hints[f.name])]
    return found


@pytest.mark.parametrize("cls", _settings_classes(), ids=lambda c: c.__name__)
def test_every_setting_says_what_it_does(cls: type) -> None:
    """site.toml shows each key's `#:` comment in atlasgen/config/model.py: a new key needs one."""
    hints = typing.get_type_hints(cls)
    keys = [f.name for f in fields(cls) if not is_dataclass(hints[f.name])]
    missing = [name for name in keys if name not in field_notes(cls)]
    where = "atlasgen/config/model.py"
    assert missing == [], f"add a #: comment to {cls.__name__} {missing} in {where}"


def test_the_welcome_story_is_dated_when_init_ran_in_the_sites_zone() -> None:
    files = site_files(SiteChoices("T", timezone="Asia/Tokyo"), NOW)
    assert "\npublished: 2026-12-06T14:30:00+09:00\n" in files["content/news/welcome.md"]


def test_the_workflow_is_the_github_actions_example() -> None:
    """One workflow: examples/github-actions.yml, shipped inside the package for init."""
    files = site_files(SiteChoices("T"), NOW)
    example = (ROOT / "examples/github-actions.yml").read_text(encoding="utf-8")
    assert files[".github/workflows/build.yml"] == example


def test_the_gitignore_leaves_out_the_output_and_the_cache() -> None:
    files = site_files(SiteChoices("T"), NOW)
    assert files[".gitignore"].splitlines()[1:] == ["/public/", "/.atlasgen/"]


@dataclass(frozen=True)
class _Noted:
    plain: int = 0
    trailing: str = ""  #: said after the field
    #: said above the field,
    #: over two lines
    above: bool = False
    # an ordinary comment is not a note
    ordinary: float = 0.0


def test_field_notes_are_the_hash_colon_comments_on_or_above_a_field() -> None:
    assert field_notes(_Noted) == {
        "trailing": "said after the field",
        "above": "said above the field, over two lines",
    }
