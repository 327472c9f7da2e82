"""`atlasgen init`: a new site that builds at once.

The files come from `files/` beside this module (a welcome story, example data files,
the newsroom's README, the CI workflow) and from `sitetoml.py` (every setting with its
default). Nothing is ever overwritten: a folder that is not empty is refused unless the
newsroom forces it, and then only the missing files are written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from string import Template

from ..config import CONFIG_NAME, parse_config
from ..core.errors import BuildError, UsageError
from ..core.times import iso
from .sitetoml import site_toml, toml_value

FILES = Path(__file__).parent / "files"

#: Where each shipped file goes in the new site; the others keep their path under files/.
#: (Package data keeps no dot-files, so those are stored under plain names.) The workflow
#: is a copy of the repository's examples/github-actions.yml (a test keeps them equal).
DESTINATIONS = {
    "gitignore": ".gitignore",
    "github-workflow.yml": ".github/workflows/build.yml",
}
#: Shipped files whose `$names` are filled in (string.Template).
FILLED = {"README.md", "content/_data/authors.toml", "content/news/welcome.md"}
#: What a folder may hold and still count as empty: a fresh clone of a new repository.
IGNORED_ENTRIES = {".git"}
FLAGS = {"title": "--title", "base_url": "--base-url", "language": "--language"}


@dataclass(frozen=True)
class SiteChoices:
    """What a newsroom decides on the first day (the flags of `atlasgen init`)."""

    title: str
    base_url: str = "https://www.example.com"
    language: str = "en"
    timezone: str = "UTC"

    @property
    def default_author(self) -> str:
        return f"{self.title} Staff"


@dataclass(frozen=True)
class InitResult:
    written: tuple[str, ...]  #: site-relative paths, in order
    kept: tuple[str, ...]  #: files that existed already and were left as they were


def check_choices(choices: SiteChoices) -> None:
    """Raise UsageError naming each flag whose value site.toml would refuse."""
    try:
        parse_config(site_toml(_settings(choices)))
    except BuildError as exc:
        problems = [
            f"{FLAGS.get(d.key, '--' + d.key.replace('_', '-'))}: {d.message}"
            + (f" ({d.hint})" if d.hint else "")
            for d in exc.diagnostics
        ]
        raise UsageError("; ".join(problems)) from None


def site_files(choices: SiteChoices, now: datetime) -> dict[str, str]:
    """Every file of the new site: site-relative path -> text."""
    zone = parse_config(site_toml(_settings(choices))).tz
    values = {
        "title": choices.title,
        "welcome_yaml": json.dumps(f"Welcome to {choices.title}", ensure_ascii=False),
        "author_toml": toml_value(choices.default_author),
        "published": iso(now.replace(second=0, microsecond=0), zone),
    }
    found = {CONFIG_NAME: site_toml(_settings(choices))}
    for path in sorted(FILES.rglob("*")):
        if path.is_file():
            name = path.relative_to(FILES).as_posix()
            text = path.read_text(encoding="utf-8")
            if name in FILLED:
                text = Template(text).substitute(values)
            found[DESTINATIONS.get(name, name)] = text
    return found


def init_site(folder: Path, choices: SiteChoices, now: datetime, force: bool = False) -> InitResult:
    """Write a new site into `folder` (made if missing). Raises UsageError for a folder
    that is not empty, unless `force`; existing files are kept either way."""
    check_choices(choices)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    entries = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    entries = [name for name in entries if name not in IGNORED_ENTRIES]
    if entries and not force:
        shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
        raise UsageError(
            f"{folder} is not empty ({shown}); atlasgen init writes a new site into an "
            "empty folder. Use --force to add the missing files (no existing file is "
            "overwritten)."
        )
    written, kept = [], []
    for name, text in site_files(choices, now).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            kept.append(name)
            continue
        written.append(name)
    return InitResult(tuple(written), tuple(kept))


def _settings(choices: SiteChoices) -> dict[str, str]:
    return {
        "title": choices.title,
        "base_url": choices.base_url,
        "language": choices.language,
        "timezone": choices.timezone,
        "default_author": choices.default_author,
    }
