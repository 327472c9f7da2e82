"""The cache's SQLite file: read once at open, on demand by each process, written at save."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..hashing import SALT
from .signing import Signer

TABLES = ("articles", "markdown", "pages", "results")


class CacheFile:
    """Where the cache lives, whether it may be trusted, and a reading connection per
    process (render workers are forked and read bodies on demand)."""

    def __init__(self, path: Path | None, signer: Signer) -> None:
        self.path, self.signer = path, signer
        self.trusted = False  #: the file is a cache of this version of atlasgen and key
        self._db: tuple[int, sqlite3.Connection] | None = None
        self._inherited: list[sqlite3.Connection] = []

    def reader(self) -> sqlite3.Connection:
        """A connection of this process's own."""
        if self._db is None or self._db[0] != os.getpid():
            assert self.path is not None
            if self._db is not None:  # the parent's: never closed here, which could
                self._inherited.append(self._db[1])  # disturb it (SQLite and fork)
            self._db = (os.getpid(), sqlite3.connect(self.path))
        return self._db[1]

    def close_reader(self) -> None:
        """Close this process's reading connection before the file is written."""
        if self._db is not None and self._db[0] == os.getpid():
            self._db[1].close()
        self._db = None


def holds_salt(db: sqlite3.Connection, key_id: str) -> bool:
    """Whether the file was written by this version of atlasgen's cache, with this key
    (signing.py): a cache of another key is another machine's, to be emptied."""
    found = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('salt', 'key')"))
    return found == {"salt": SALT, "key": key_id}


def prepare_for_writing(db: sqlite3.Connection, key_id: str) -> bool:
    """Make the tables; empty them when the file is another version's. False when the
    file was emptied (or new): then nothing read from it earlier holds."""
    # No fsync: a first build's cache is some 70 MB at 10,000 articles, and waiting for
    # the disk took longer than writing it. Only a crash of the machine itself (not of
    # atlasgen) can then lose part of a save; the output's files are not synced either,
    # so after one, build without the cache (`rm -r .atlasgen`). A damaged file is
    # ignored and replaced.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
    for table in TABLES:
        kind = "BLOB" if table in ("articles", "results") else "TEXT"
        db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value {kind})")
    if holds_salt(db, key_id):
        return True
    for table in TABLES:
        db.execute(f"DELETE FROM {table}")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('salt', ?)", (SALT,))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (key_id,))
    return False
