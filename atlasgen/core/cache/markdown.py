"""The `markdown` table: rendered bodies, read from the file one by one when asked for."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from .database import CacheFile


class MarkdownTable:
    """Rendered Markdown by key. Only the keys are read at open: a rebuild reads only the
    bodies of the pages and feeds it makes, and no process holds them all."""

    def __init__(self, file: CacheFile) -> None:
        self._file = file
        self.keys: set[str] = set()  #: every body stored or rendered
        self._new: dict[str, str] = {}

    def load(self, db: sqlite3.Connection) -> None:
        self.keys = {key for (key,) in db.execute("SELECT key FROM markdown")}

    def get(self, key: str) -> str | None:
        """A rendered body, if the cache has it."""
        found: str | None = self._new.get(key)
        if found is not None or key not in self.keys:
            return found
        try:
            row = (
                self._file.reader()
                .execute("SELECT value FROM markdown WHERE key = ?", (key,))
                .fetchone()
            )
        except sqlite3.Error:
            return None
        return self._file.signer.open_text("markdown", key, str(row[0])) if row else None

    def put(self, key: str, html: str) -> None:
        self.keys.add(key)
        self._new[key] = html

    def take_new(self) -> dict[str, str]:
        """The bodies rendered since the last call (a worker hands these to the parent)."""
        found, self._new = self._new, {}
        return found

    def add(self, entries: Mapping[str, str]) -> None:
        """Bodies a worker rendered."""
        for key, html in entries.items():
            self.put(key, html)

    def write(self, db: sqlite3.Connection, used: set[str]) -> None:
        """Store the new bodies; drop those this build did not use (when it says which)."""
        sign = self._file.signer.sign_text
        rows = ((key, sign("markdown", key, html)) for key, html in self._new.items())
        db.executemany("INSERT OR REPLACE INTO markdown VALUES (?, ?)", rows)
        if used:
            stale = self.keys - used
            db.executemany("DELETE FROM markdown WHERE key = ?", ((k,) for k in stale))

    def saved(self) -> None:
        """Forget the entries just saved."""
        self._new = {}
