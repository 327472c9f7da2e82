"""`Problem`: a bad value in a content file, raised where it is found and reported as a
diagnostic at the line it carries (or at the line of the key being checked)."""

from __future__ import annotations


class Problem(ValueError):
    """A bad value; raised by the front matter's readers and key checkers."""

    def __init__(self, message: str, hint: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.line = line
