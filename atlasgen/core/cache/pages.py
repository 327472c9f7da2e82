"""The `pages` table: each output page's fingerprint, as the last build wrote it."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

BUILD_KEY = "\0build"  #: in the pages table: the build id those fingerprints belong to


class PageTable:
    """Page fingerprints of the build that wrote them; a save writes only the rows that
    differ from the file's (an edit changes a few)."""

    def __init__(self) -> None:
        self.rows: dict[str, str] = {}  #: fingerprint by output path, and BUILD_KEY
        self._stored: dict[str, str] = {}  #: the table as the file holds it
        self._new: dict[str, str] | None = None  #: this build's, to be saved

    def load(self, db: sqlite3.Connection) -> None:
        self.rows = self._stored = dict(db.execute("SELECT key, value FROM pages"))

    def previous(self, build_id: str) -> dict[str, str]:
        """Fingerprints of the build that made an output folder (by the id in its marker);
        empty when the folder was made by another build, so nothing stale is ever kept."""
        if not build_id or self.rows.get(BUILD_KEY) != build_id:
            return {}
        return self.rows

    def replace(self, fingerprints: Mapping[str, str], build_id: str) -> None:
        """Replace the page fingerprints with this build's."""
        self.rows = {**fingerprints, BUILD_KEY: build_id}
        self._new = dict(self.rows)

    def write(self, db: sqlite3.Connection, kept_file: bool) -> None:
        """Store this build's fingerprints, if it has any. `kept_file` False: the file was
        emptied, so none of the rows read earlier are there."""
        new = self._new
        if new is None:
            return
        stored = self._stored if kept_file else {}
        row = db.execute("SELECT value FROM pages WHERE key = ?", (BUILD_KEY,)).fetchone()
        if (row[0] if row else None) != stored.get(BUILD_KEY):  # another build wrote
            db.execute("DELETE FROM pages")  # since we read: replace it all
            stored = {}
        gone = ((k,) for k in stored.keys() - new.keys())
        db.executemany("DELETE FROM pages WHERE key = ?", gone)
        changed = ((k, v) for k, v in new.items() if stored.get(k) != v)
        db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?)", changed)
        self._stored = new

    def saved(self) -> None:
        """Forget the entries just saved."""
        self._new = None
