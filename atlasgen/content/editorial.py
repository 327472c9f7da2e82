"""The newsroom's own files in content/_data/: `front` (the front page's curated slots),
`breaking` (a site-wide banner) and `sections` (declared sections, in navigation order).

The loader reads them like any data file; here their values are checked and given the
lines they stand on (TOML keeps none), so that later stages can point an editor at the
line of a mistyped slug. Nothing here knows the articles: the site stages resolve slugs
and section names (site/front.py, site/sections.py).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from ..core.errors import Diagnostic, error, suggest, warning
from ..core.lines import editor_lines
from ..core.slugs import slugify
from ..core.times import TimeProblem, to_instant

FRONT, BREAKING, SECTIONS = "front", "breaking", "sections"
FRONT_KEYS = ("lead", "top", "until")
BREAKING_KEYS = ("text", "url", "until")
SECTION_KEYS = ("name", "description")


@dataclass(frozen=True)
class Pick:
    """A slug an editor put on the front page, where it stands in the file."""

    key: str  #: "lead" or "top"
    slug: str
    line: int


@dataclass(frozen=True)
class FrontFile:
    source: str  #: "content/_data/front.toml"
    picks: tuple[Pick, ...]  #: the lead first (when there is one), then `top` in order
    until: datetime | None  #: from this "now" on, the curation lapses


@dataclass(frozen=True)
class BreakingFile:
    source: str
    text: str  #: plain text; "" means no banner
    url: str  #: a site path or an http(s) URL; "" for none
    until: datetime | None  #: from this "now" on, the banner is gone
    url_line: int = 0  #: the line of `url`, for a link to no page


@dataclass(frozen=True)
class DeclaredSection:
    name: str
    description: str  #: inline Markdown; "" when none
    line: int
    description_line: int = 0  #: where the description starts, for its links


@dataclass(frozen=True)
class SectionsFile:
    source: str
    sections: tuple[DeclaredSection, ...]  #: in file order: the navigation's order


@dataclass(frozen=True)
class Editorial:
    """What the editorial files say; None where a file is absent (or failed to parse)."""

    front: FrontFile | None = None
    breaking: BreakingFile | None = None
    sections: SectionsFile | None = None

    def next_until(self, now: datetime) -> tuple[str, datetime] | None:
        """The next `until` after `now` (the file, the time): a build then changes the
        output, so the build's summary names it for a CI schedule, as it names the next
        scheduled story."""
        found = [
            (f.until, f.source)
            for f in (self.front, self.breaking)
            if f is not None and f.until is not None and f.until > now
        ]
        if not found:
            return None
        until, source = min(found)
        return source, until


class _Lines:
    """Best-effort lines of keys and values in a small data file's text."""

    def __init__(self, text: str) -> None:
        self.lines = editor_lines(text)  # not splitlines: U+2028 ends no line

    def key(self, name: str, start: int = 1) -> int:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*[=:]")
        return self._find(pattern, start)

    def value(self, text: str, start: int = 1) -> int:
        """The first line from `start` on that holds `text` as a quoted or bare value."""
        pattern = re.compile(rf"(^|[\s\"'\[,=:-]){re.escape(text)}($|[\s\"'\],])")
        return self._find(pattern, start)

    def table(self, name: str, number: int) -> int:
        """The line of the `number`th (from 1) `[[name]]` header."""
        found = [i for i, raw in enumerate(self.lines, 1) if raw.strip() == f"[[{name}]]"]
        return found[number - 1] if number <= len(found) else 0

    def _find(self, pattern: re.Pattern[str], start: int) -> int:
        for number in range(max(start, 1), len(self.lines) + 1):
            if pattern.search(self.lines[number - 1]):
                return number
        return 0


def load_editorial(
    site_dir: Path, data: Mapping[str, Any], sources: Mapping[str, str], zone: tzinfo
) -> tuple[Editorial, list[Diagnostic]]:
    """The editorial files among the data files the loader parsed; `zone` reads a time
    without an offset. The text of each is read again for its lines."""
    found: list[Diagnostic] = []
    files: dict[str, Any] = {}
    for stem, parse in ((FRONT, _front), (BREAKING, _breaking), (SECTIONS, _sections)):
        if stem not in data or stem not in sources:
            continue
        source = sources[stem]
        lines = _Lines(_read(site_dir / source))
        value = data[stem]
        if not isinstance(value, dict):
            found.append(error(source, 0, "", "expected a table of keys"))
            continue
        files[stem] = parse(value, source, lines, zone, found)
    return Editorial(**files), found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""  # the loader has reported it


def _unknown_keys(
    value: Mapping[str, Any], known: tuple[str, ...], source: str, lines: _Lines, start: int = 1
) -> list[Diagnostic]:
    return [
        warning(source, lines.key(key, start), key, "unknown key", suggest(key, known))
        for key in value
        if key not in known
    ]


def _until(
    value: Mapping[str, Any], source: str, lines: _Lines, zone: tzinfo, found: list[Diagnostic]
) -> datetime | None:
    if "until" not in value:
        return None
    try:
        moment, caveat = to_instant(value["until"], zone)
    except TimeProblem as exc:
        found.append(error(source, lines.key("until"), "until", str(exc), exc.hint))
        return None
    if caveat:
        found.append(warning(source, lines.key("until"), "until", caveat))
    return moment


def _front(
    value: Mapping[str, Any], source: str, lines: _Lines, zone: tzinfo, found: list[Diagnostic]
) -> FrontFile:
    found += _unknown_keys(value, FRONT_KEYS, source, lines)
    picks: list[Pick] = []
    lead = value.get("lead")
    if lead is not None:
        if isinstance(lead, str) and lead.strip():
            picks.append(Pick("lead", lead.strip(), lines.value(lead.strip(), lines.key("lead"))))
        else:
            found.append(error(source, lines.key("lead"), "lead", "expected the slug of a story"))
    top = value.get("top", [])
    if isinstance(top, str):
        top = [top]
    if not isinstance(top, list) or not all(isinstance(s, str) and s.strip() for s in top):
        found.append(error(source, lines.key("top"), "top", "expected a list of story slugs"))
        top = []
    start = lines.key("top")
    for slug in top:
        line = lines.value(slug.strip(), start) or start
        picks.append(Pick("top", slug.strip(), line))
        start = line
    return FrontFile(source, tuple(picks), _until(value, source, lines, zone, found))


def _breaking(
    value: Mapping[str, Any], source: str, lines: _Lines, zone: tzinfo, found: list[Diagnostic]
) -> BreakingFile:
    found += _unknown_keys(value, BREAKING_KEYS, source, lines)
    texts = {}
    for key in ("text", "url"):
        raw = value.get(key, "")
        if not isinstance(raw, str):
            found.append(error(source, lines.key(key), key, f"expected text, got {raw!r}"))
            raw = ""
        texts[key] = " ".join(raw.split())
    url = texts["url"]
    if url and not url.startswith(("https://", "http://", "/")):
        found.append(
            error(source, lines.key("url"), "url", f"{url!r} is not an http(s) URL or a site path")
        )
        url = ""
    if url and not texts["text"]:
        found.append(error(source, lines.key("url"), "text", "a banner with a url needs a text"))
    until = _until(value, source, lines, zone, found)
    return BreakingFile(source, texts["text"], url, until, lines.key("url"))


def _sections(
    value: Mapping[str, Any], source: str, lines: _Lines, zone: tzinfo, found: list[Diagnostic]
) -> SectionsFile:
    found += _unknown_keys(value, ("section",), source, lines)
    entries = value.get("section", [])
    if not isinstance(entries, list):
        found.append(error(source, 0, "section", "expected [[section]] tables with a name"))
        return SectionsFile(source, ())
    declared: list[DeclaredSection] = []
    seen: dict[str, str] = {}
    for number, entry in enumerate(entries, start=1):
        line = lines.table("section", number)
        label = f"section {number}"
        if not isinstance(entry, dict):
            found.append(error(source, line, label, "expected a table with a name"))
            continue
        found += _unknown_keys(entry, SECTION_KEYS, source, lines, line)
        name, description = entry.get("name"), entry.get("description", "")
        if not isinstance(name, str) or not name.strip():
            found.append(error(source, line, f"{label}: name", "is required text"))
            continue
        if not isinstance(description, str):
            found.append(error(source, line, f"{label}: description", "expected text"))
            description = ""
        name = name.strip()
        if slugify(name) in seen:
            twice = f"{name!r} and {seen[slugify(name)]!r} are one section (/{slugify(name)}/)"
            found.append(error(source, line, f"{label}: name", twice, "declare it once"))
            continue
        seen[slugify(name)] = name
        name_line = lines.key("name", line) or line
        about_line = lines.key("description", line) if description else 0
        declared.append(DeclaredSection(name, description.strip(), name_line, about_line))
    return SectionsFile(source, tuple(declared))


def declared_spelling(site_dir: Path, category: str) -> str:
    """`atlasgen new --category technology`: the declared spelling ("Technology") when
    content/_data/sections.toml declares the section, else the category as typed."""
    path = site_dir / "content" / "_data" / f"{SECTIONS}.toml"
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("section", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return category  # no file, or one the build will report
    wanted = slugify(category)
    for entry in entries if isinstance(entries, list) else []:
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str) and slugify(name) == wanted:
            return name.strip()
    return category
