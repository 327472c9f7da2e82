"""Diagnostics: what went wrong, where, and what to do about it.

Every stage reports problems as `Diagnostic` values instead of raising at the first
one, so a writer sees all of them in one run, each formatted like a compiler error:
``content/tech/foo.md:4: published: 'April 9th' is not a timestamp``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NoReturn

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file. `line` is the file's own 1-based line, 0 when unknown.
    The fields come in the order `format` shows them; diagnostics sort by file, line
    and then message."""

    path: str
    line: int
    key: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __lt__(self, other: Diagnostic) -> bool:
        return self._sort_key() < other._sort_key()

    def _sort_key(self) -> tuple[str, int, str, str, str, str]:
        return (self.path, self.line, self.message, self.key, self.hint, self.severity)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.key}: {self.message}" if self.key else self.message
        text = f"{where}: {what}"
        if self.severity == "warning":
            text = f"{where}: warning: {what}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def error(path: str, line: int, key: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, key, message, hint, "error")


def warning(path: str, line: int, key: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, key, message, hint, "warning")


class BuildError(Exception):
    """Raised when a stage found errors; carries every diagnostic of the run."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageError(Exception):
    """A problem with how atlasgen was invoked (exit code 2), not with the content."""


def fail(*diagnostics: Diagnostic) -> NoReturn:
    """Stop the build with these diagnostics."""
    raise BuildError(diagnostics)


def raise_if_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> None:
    """Raise `BuildError` when any diagnostic is an error (or any at all, when strict)."""
    found = tuple(diagnostics)
    if any(d.severity == "error" or strict for d in found):
        raise BuildError(found)


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint for a mistyped key, or an empty string."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
