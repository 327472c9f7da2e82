"""Line numbers as a writer's editor shows them.

Only `\\n`, `\\r\\n` and `\\r` end a line. YAML 1.1 (PyYAML) also ends one at U+0085 NEXT
LINE, U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, and `str.splitlines` at those
and at form feeds and other separators; text pasted from PDFs and web pages carries them,
so a line counted that way is not the one the writer sees.
"""

from __future__ import annotations

import re

NOT_EDITOR_BREAKS = "\x85\u2028\u2029"
"""Characters YAML 1.1 counts as line breaks and an editor does not."""

_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")


def count_breaks(text: str, start: int = 0, stop: int | None = None) -> int:
    """How many lines end in `text[start:stop]`; a `\\r\\n` ends its line at the `\\n`."""
    stop = len(text) if stop is None else stop
    return (
        text.count("\n", start, stop)
        + text.count("\r", start, stop)
        - text.count("\r\n", start, stop + 1)
    )


def line_at(text: str, index: int) -> int:
    """The 1-based line of `text[index]` (of the line's end, for a line-ending index)."""
    return count_breaks(text, 0, index) + 1


def editor_lines(text: str) -> list[str]:
    """The text's lines, split where an editor splits them (without their ends)."""
    return _EDITOR_BREAK.split(text)
