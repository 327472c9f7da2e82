"""The `markdown` table: rendered bodies, read from the file one by one when asked for."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from typing import IO

from .database import CacheFile

#: Characters of new bodies the parent holds before it moves them to a temporary file: a
#: first build of 100,000 stories renders some 500 MB of bodies, saved only at the end.
SPILL_AT = 16 * 1024 * 1024


class MarkdownTable:
    """Rendered Markdown by key. Only the keys are read at open: a rebuild reads only the
    bodies of the pages and feeds it makes, and no process holds them all. New bodies
    wait for the save in memory, and past `SPILL_AT` characters in a temporary file."""

    def __init__(self, file: CacheFile) -> None:
        self._file = file
        self.keys: set[str] = set()  #: every body stored or rendered
        self._new: dict[str, str] = {}
        self._held = 0  #: characters in `_new`
        self._spill: IO[bytes] | None = None  #: bodies moved out of memory, until the save
        self._spilled: dict[str, tuple[int, int]] = {}  #: their offsets and lengths there
        self._spill_end = 0

    def load(self, db: sqlite3.Connection) -> None:
        self.keys = {key for (key,) in db.execute("SELECT key FROM markdown")}

    def get(self, key: str) -> str | None:
        """A rendered body, if the cache has it."""
        found: str | None = self._new.get(key)
        if found is not None or key not in self.keys:
            return found
        if key in self._spilled:
            return self._unspilled(key)
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
        self._held += len(html)

    def take_new(self) -> dict[str, str]:
        """The bodies rendered since the last call (a worker hands these to the parent)."""
        found, self._new, self._held = self._new, {}, 0
        return found

    def add(self, entries: Mapping[str, str]) -> None:
        """Bodies a worker rendered."""
        for key, html in entries.items():
            self.put(key, html)
        if self._held > SPILL_AT:
            self._move_out()

    def _move_out(self) -> None:
        """Move the new bodies to the temporary file. Written and read at explicit offsets
        (pwrite, pread): forked workers share the file's descriptor and its position."""
        if self._spill is None:
            # Closed at the save (or with the process): nameless, it leaves nothing behind.
            self._spill = tempfile.TemporaryFile(prefix="atlasgen-bodies-")  # noqa: SIM115
        fd = self._spill.fileno()
        for key, html in self.take_new().items():
            data = html.encode("utf-8", "surrogatepass")
            os.pwrite(fd, data, self._spill_end)
            self._spilled[key] = (self._spill_end, len(data))
            self._spill_end += len(data)

    def _unspilled(self, key: str) -> str:
        assert self._spill is not None
        offset, size = self._spilled[key]
        return os.pread(self._spill.fileno(), size, offset).decode("utf-8", "surrogatepass")

    def _everything_new(self) -> Iterator[tuple[str, str]]:
        for key in self._spilled:
            yield key, self._unspilled(key)
        yield from self._new.items()

    def write(self, db: sqlite3.Connection, used: set[str]) -> None:
        """Store the new bodies; drop those this build did not use (when it says which)."""
        sign = self._file.signer.sign_text
        rows = ((key, sign("markdown", key, html)) for key, html in self._everything_new())
        db.executemany("INSERT OR REPLACE INTO markdown VALUES (?, ?)", rows)
        if used:
            stale = self.keys - used
            db.executemany("DELETE FROM markdown WHERE key = ?", ((k,) for k in stale))

    def saved(self) -> None:
        """Forget the entries just saved."""
        self._new, self._held = {}, 0
        if self._spill is not None:
            self._spill.close()
        self._spill, self._spilled, self._spill_end = None, {}, 0
