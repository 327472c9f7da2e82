"""The site-local links of the data files (content/_data/), for the link check.

A theme shows data where it likes, so a value is taken as a link when it is one whole
site path ("/world/", "/files/report.pdf") or holds Markdown or HTML links
("Read [the guide](/about/guide/)"). Each gets the line of the file it stands on, found
in the file's text (TOML, JSON and YAML keep none).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ..core.lines import line_at
from .reading import read_text
from .references import MARKDOWN, find_links

#: Data files and keys that their own checks read (editorial files, author photos).
OWN_CHECKS = frozenset({"front", "breaking", "sections", "gone"})
OWN_KEYS = frozenset({("authors", "photo")})


class DataLink(NamedTuple):
    source: str  #: "content/_data/guides.toml"
    line: int
    target: str


def data_links(
    site_dir: Path, data: Mapping[str, Any], sources: Mapping[str, str]
) -> list[DataLink]:
    """Every site-local link in the data files, in file order, each file read again
    only when it has one."""
    found: list[DataLink] = []
    for name in sorted(data):
        if name in OWN_CHECKS:
            continue
        targets = list(_targets(data[name], name, ""))
        if not targets:
            continue
        source = sources.get(name, f"content/_data/{name}")
        text = read_text(site_dir / source, source, []) or ""
        for value, target in targets:
            found.append(DataLink(source, _line_of(text, value), target))
    return found


def _targets(value: Any, name: str, key: str) -> Iterator[tuple[str, str]]:
    """(the string value, a link in it) for every link among a data value's strings."""
    if isinstance(value, str):
        if (name, key) in OWN_KEYS:
            return
        if value.startswith("/") and not value.startswith("//") and not value.split()[1:]:
            yield value, value.strip()
        else:
            for link in find_links(value):
                if link.kind == MARKDOWN:  # (not code; raw HTML: see the link check)
                    yield value, link.target
    elif isinstance(value, dict):
        for inner, item in value.items():
            yield from _targets(item, name, str(inner))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _targets(item, name, key)


def _line_of(text: str, value: str) -> int:
    """The line where the value stands in the file's text; 0 when it is written in a way
    the text does not show as is (escapes)."""
    index = text.find(value)
    return line_at(text, index) if index >= 0 else 0
