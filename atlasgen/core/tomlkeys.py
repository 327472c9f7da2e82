"""The line of a key in a TOML file, as an editor shows it: tomllib keeps no lines, so
messages about a key's value (in `site.toml`, an i18n catalog) find it in the text."""

from __future__ import annotations

import re
import tomllib

from .lines import editor_lines

_TABLE = re.compile(r"^\[\[?\s*([A-Za-z0-9_.\-\"]+)\s*\]\]?")
#: A key at the start of a line: quoted ("..." with escapes, or '...') or bare, and bare
#: keys dotted ("share.title", "share . title").
_BARE = r"[A-Za-z0-9_\-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_\-]+)*"
_KEY = re.compile(rf"""^(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|({_BARE}))\s*=""")


class KeyLocator:
    """Finds the line of a dotted key in TOML text, best effort (tomllib keeps no lines).
    Lines are an editor's: a pasted U+2028 in a value or a quoted key ends none."""

    def __init__(self, text: str) -> None:
        self.entries: list[tuple[str, int]] = []
        table = ""
        for number, raw in enumerate(editor_lines(text), start=1):
            line = raw.strip(" \t")
            header = _TABLE.match(line)
            if header:
                table = header.group(1).replace('"', "")
                self.entries.append((table, number))
                continue
            key = _KEY.match(line)
            if key:
                name = quoted_key(key.group(1)) if key.group(1) is not None else None
                bare = re.sub(r"[ \t]+", "", key.group(3) or "")
                name = name or key.group(2) or bare
                self.entries.append((f"{table}.{name}" if table else name, number))

    def __call__(self, dotted: str) -> int:
        path = re.sub(r"\[\d+\]", "", dotted)
        while path:
            for key, number in self.entries:
                if key == path:
                    return number
            path = path.rpartition(".")[0]
        return 0


def quoted_key(escaped: str) -> str:
    """A basic-string key as TOML reads it (escapes decoded); "" if it is not valid."""
    try:
        name = tomllib.loads(f'k = "{escaped}"')["k"]
    except tomllib.TOMLDecodeError:
        return ""
    return name if isinstance(name, str) else ""
