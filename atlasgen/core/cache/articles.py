"""The `articles` table: parsed front matter in 256 pickles, one per key prefix, each
signed (signing.py): one whose keyed hash is wrong is never unpickled."""

from __future__ import annotations

import pickle
import sqlite3
from typing import Any

from ..collector import collector_paused
from .database import CacheFile
from .signing import Signer

SHARDS = tuple(f"{n:02x}" for n in range(256))  #: parsed articles: a pickle per key prefix


class ArticleTable:
    """Parsed articles, read all at once when asked for; a save rewrites only the shards
    whose articles changed."""

    def __init__(self, file: CacheFile) -> None:
        self._file = file
        self._new: dict[str, Any] = {}
        self._shards: dict[str, set[str]] | None = None  #: article keys per stored shard
        self._damaged: set[str] = set()  #: shards read but refused: deleted at the save

    def parsed(self) -> dict[str, Any]:
        """Every parsed article the last build stored, by key; the caller owns the values.

        256 pickles in one query instead of a query and a pickle per article: at 10,000
        articles about 0.3 s instead of 1.3 s. A damaged shard is skipped."""
        found: dict[str, Any] = {}
        self._shards = {}
        if not self._file.trusted:
            return found
        try:
            for shard, blob in self._file.reader().execute("SELECT key, value FROM articles"):
                entries = _unpickled(self._file.signer.open("articles", shard, blob))
                if shard in SHARDS and isinstance(entries, dict):
                    self._shards[shard] = set(entries)
                    found.update(entries)
                else:
                    self._damaged.add(shard)
        except sqlite3.Error:
            self._shards = {}
            return {}
        return found

    def put(self, key: str, value: Any) -> None:
        """Store a parsed article (kept as it is until saved: do not change it)."""
        self._new[key] = value

    def write(self, db: sqlite3.Connection, kept_file: bool, used: set[str]) -> None:
        """Rewrite the shards whose articles changed: an edit rewrites two of 256 (a
        shard costs about 0.2 ms per article to pickle). `kept_file` False: the file was
        emptied, so the shards read earlier are gone."""
        stored = self._shards if kept_file else {}
        if stored is None:  # this build never read the shards
            if not self._new:
                return
            stored = _stored_shards(db, self._file.signer)
        by_shard: dict[str, dict[str, Any]] = {}
        for key, value in self._new.items():
            by_shard.setdefault(key[:2], {})[key] = value
        for shard in self._damaged - by_shard.keys():
            db.execute("DELETE FROM articles WHERE key = ?", (shard,))
        self._damaged = set()
        for shard in SHARDS:
            fresh = by_shard.get(shard, {})
            old = stored.get(shard, set())
            wanted = (old | set(fresh)) & used if used else old | set(fresh)
            if wanted == old and not fresh:
                continue
            stored[shard] = _write_shard(db, self._file.signer, shard, (fresh, old, wanted))
        self._shards = stored

    def saved(self) -> None:
        """Forget the entries just saved."""
        self._new = {}


def _stored_shards(db: sqlite3.Connection, signer: Signer) -> dict[str, set[str]]:
    """The article keys of each stored shard."""
    return {
        shard: set(entries)
        for shard, blob in db.execute("SELECT key, value FROM articles")
        if isinstance(entries := _unpickled(signer.open("articles", shard, blob)), dict)
    }


Change = tuple[dict[str, Any], set[str], set[str]]  #: a shard's fresh entries, old keys, wanted


def _write_shard(db: sqlite3.Connection, signer: Signer, shard: str, change: Change) -> set[str]:
    """Store the `wanted` entries of a shard: from the `fresh` ones and the stored ones
    (keys `old`, read only when some are wanted); return the keys it now holds."""
    fresh, old, wanted = change
    entries = {}
    if old & wanted:
        row = db.execute("SELECT value FROM articles WHERE key = ?", (shard,)).fetchone()
        found = _unpickled(signer.open("articles", shard, row[0])) if row else None
        entries = found if isinstance(found, dict) else {}
    entries = {k: v for k, v in {**entries, **fresh}.items() if k in wanted}
    if entries:
        blob = signer.sign("articles", shard, pickle.dumps(entries, pickle.HIGHEST_PROTOCOL))
        db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?)", (shard, blob))
    else:
        db.execute("DELETE FROM articles WHERE key = ?", (shard,))
    return set(entries)


def _unpickled(blob: bytes | None) -> Any | None:
    """A signed pickle's value (None if unsigned or damaged), read with the collector
    paused: the thousands of objects of a shard would otherwise set off collections that
    walk the whole heap again and again (four times the cost of the reading itself)."""
    if blob is None:
        return None
    with collector_paused():
        try:
            return pickle.loads(blob)
        except Exception:  # a cache written by other code: ignore the entry
            return None
