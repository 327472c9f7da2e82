"""Splitting an article file into its front matter and its Markdown body.

The block between the two '---' lines is YAML; what follows the closing line is the body.
Both keep their place in the file: `front_offset` and `body_line` turn a line counted
inside either part back into the line of the file itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from frontmatter.default_handlers import YAMLHandler

from ..core.lines import line_at
from .problems import Problem

FENCE: re.Pattern[str] = YAMLHandler.FM_BOUNDARY
"""python-frontmatter's YAML fence (a line of three or more hyphens), so a file reads the
same here as in the other tools of a newsroom that use that library."""

_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)*")


@dataclass(frozen=True)
class Split:
    front: str
    body: str
    front_offset: int  # lines of the file before the first line of `front`
    body_line: int


def split_front_matter(text: str) -> Split | None:
    """Separate the YAML block from the body; None when the file (after any blank
    lines) does not start with '---'."""
    blank_lines = _BLANK_LINES.match(text)
    first = FENCE.match(text, blank_lines.end() if blank_lines else 0)
    if first is None:
        return None
    closing = FENCE.search(text, first.end())
    if closing is None:
        raise Problem("the front matter has no closing '---' line", line=1)
    return Split(
        front=text[first.end() : closing.start()],
        body=text[closing.end() + 1 :],
        front_offset=line_at(text, first.end()) - 1,
        body_line=line_at(text, closing.end()) + 1,
    )
