"""The `results` table: whole-site results that are costly to compute (the related
lists, what the last build read), each with the hash of everything it came from."""

from __future__ import annotations

import pickle
import sqlite3
from typing import Any

from .signing import Signer


class ResultTable:
    """Named results, each stored with the key of its inputs."""

    def __init__(self, signer: Signer) -> None:
        self.signer = signer
        self.rows: dict[str, bytes] = {}  #: signed, pickled (key, value) by name
        self._new: dict[str, bytes] = {}

    def load(self, db: sqlite3.Connection) -> None:
        self.rows = dict(db.execute("SELECT key, value FROM results"))

    def get(self, name: str, key: str) -> Any | None:
        """The value stored under `name`, if it was computed from inputs hashing to `key`."""
        blob = self.rows.get(name)
        data = self.signer.open("results", name, blob) if blob is not None else None
        if data is None:  # none, or not signed with this key: never unpickled
            return None
        try:
            stored_key, value = pickle.loads(data)
        except Exception:  # a cache written by other code: ignore the entry
            return None
        return value if stored_key == key else None

    def put(self, name: str, key: str, value: Any) -> None:
        blob = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        self.rows[name] = self._new[name] = self.signer.sign("results", name, blob)

    def write(self, db: sqlite3.Connection) -> None:
        db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", self._new.items())

    def saved(self) -> None:
        """Forget the entries just saved."""
        self._new = {}
