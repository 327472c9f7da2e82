"""The persistent build cache: what makes a rebuild skip work it has done before.

One SQLite file (`.atlasgen/cache/cache.sqlite` in the site by default, `build.cache` to
move it; safe to delete, and worth keeping between CI runs). It holds three things, each
keyed by a hash of everything the value depends on, so a stale entry can never be used:

- parsed front matter, by the article file's bytes and the settings that parsing reads,
  kept in 256 pickles (by the key's first two digits) that a rebuild reads in one query;
- rendered Markdown, by the body's text and the Markdown settings;
- for every output page, a fingerprint of what it showed last time (stamps.py). A page
  whose fingerprint is unchanged is not rendered again: the previous output file is kept;
- whole-site results that are costly to compute (the related-articles lists), each with
  the hash of everything it was computed from.

Everything is salted with atlasgen's version and a schema number, so upgrading atlasgen
starts from a clean cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .. import __version__
from .collector import collector_paused

SCHEMA = 9  #: 9: related-list inputs kept as lines of text (an 8 cache kept a pickle too)
SALT = f"atlasgen {__version__} cache {SCHEMA}"
TABLES = ("articles", "markdown", "pages", "results")
BUILD_KEY = "\0build"  #: in the pages table: the build id those fingerprints belong to
SHARDS = tuple(f"{n:02x}" for n in range(256))  #: parsed articles: a pickle per key prefix


_SALTED = hashlib.blake2b(SALT.encode(), digest_size=20)


def digest(*parts: str | bytes) -> str:
    """A stable hash of some strings and bytes (salted with the cache's version); each
    part is length-prefixed, so ("ab", "c") and ("a", "bc") differ."""
    h = _SALTED.copy()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()


class BuildCache:
    """Reads the keys and the small tables at open, parsed articles and bodies when asked
    for them; writes everything at `save()`."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.markdown: set[str] = set()  #: keys only: bodies are read when needed
        self.pages: dict[str, str] = {}
        self.results: dict[str, bytes] = {}
        self._new: dict[str, dict[str, Any]] = {t: {} for t in TABLES}
        self._replace_pages = False
        self._stored_pages: dict[str, str] = {}  #: the pages table as the file holds it
        self._trusted = False  #: the file is a cache of this version of atlasgen
        self._shards: dict[str, set[str]] | None = None  #: article keys per stored shard
        self._db: tuple[int, sqlite3.Connection] | None = None
        self._inherited: list[sqlite3.Connection] = []
        if path is not None and path.is_file():
            self._read(path)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def _read(self, path: Path) -> None:
        try:
            with sqlite3.connect(path) as db:
                if db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone() != (SALT,):
                    return
                self.markdown = {key for (key,) in db.execute("SELECT key FROM markdown")}
                self.pages = dict(db.execute("SELECT key, value FROM pages"))
                self._stored_pages = self.pages
                self.results = dict(db.execute("SELECT key, value FROM results"))
                self._trusted = True
        except sqlite3.Error:  # unreadable: start afresh
            self.pages, self.results, self.markdown = {}, {}, set()

    # -- parsed articles --------------------------------------------------------------

    def parsed_articles(self) -> dict[str, Any]:
        """Every parsed article the last build stored, by key; the caller owns the values.

        Sixteen pickles in one query instead of a query and a pickle per article: at
        10,000 articles about 0.3 s instead of 1.3 s. A damaged shard is skipped."""
        found: dict[str, Any] = {}
        self._shards = {}
        if not self._trusted:
            return found
        try:
            for shard, blob in self._reader().execute("SELECT key, value FROM articles"):
                entries = _unpickled(blob)
                if shard in SHARDS and isinstance(entries, dict):
                    self._shards[shard] = set(entries)
                    found.update(entries)
        except sqlite3.Error:
            self._shards = {}
            return {}
        return found

    def put_article(self, key: str, value: Any) -> None:
        """Store a parsed article (kept as it is until `save()`: do not change it)."""
        self._new["articles"][key] = value

    # -- whole-site results ------------------------------------------------------------

    def result(self, name: str, key: str) -> Any | None:
        """The value stored under `name`, if it was computed from inputs hashing to `key`."""
        blob = self.results.get(name)
        if blob is None:
            return None
        try:
            stored_key, value = pickle.loads(blob)
        except Exception:  # a cache written by other code: ignore the entry
            return None
        return value if stored_key == key else None

    def put_result(self, name: str, key: str, value: Any) -> None:
        blob = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        self.results[name] = self._new["results"][name] = blob

    # -- rendered markdown ---------------------------------------------------------------

    def get_markdown(self, key: str) -> str | None:
        """A rendered body, read from the file on demand: a rebuild reads only the bodies
        of the pages and feeds it makes, and no process holds them all."""
        found: str | None = self._new["markdown"].get(key)
        if found is not None or key not in self.markdown:
            return found
        try:
            row = (
                self._reader()
                .execute("SELECT value FROM markdown WHERE key = ?", (key,))
                .fetchone()
            )
        except sqlite3.Error:
            return None
        return str(row[0]) if row else None

    def _reader(self) -> sqlite3.Connection:
        """A connection of this process's own (worker processes are forked)."""
        if self._db is None or self._db[0] != os.getpid():
            assert self.path is not None
            if self._db is not None:  # the parent's: never closed here, which could
                self._inherited.append(self._db[1])  # disturb it (SQLite and fork)
            self._db = (os.getpid(), sqlite3.connect(self.path))
        return self._db[1]

    def put_markdown(self, key: str, html: str) -> None:
        self.markdown.add(key)
        self._new["markdown"][key] = html

    def take_new_markdown(self) -> dict[str, str]:
        """The markdown rendered since the last call (a worker hands these to the parent)."""
        found, self._new["markdown"] = self._new["markdown"], {}
        return found

    def add_markdown(self, entries: Mapping[str, str]) -> None:
        for key, html in entries.items():
            self.put_markdown(key, html)

    # -- page fingerprints ---------------------------------------------------------------

    def previous_pages(self, build_id: str) -> dict[str, str]:
        """Fingerprints of the build that made an output folder (by the id in its marker);
        empty when the folder was made by another build, so nothing stale is ever kept."""
        if not build_id or self.pages.get(BUILD_KEY) != build_id:
            return {}
        return self.pages

    def set_pages(self, fingerprints: Mapping[str, str], build_id: str) -> None:
        """Replace the page fingerprints with this build's."""
        self.pages = {**fingerprints, BUILD_KEY: build_id}
        self._new["pages"] = dict(self.pages)
        self._replace_pages = True

    def save(self, keep: Iterable[str] = ()) -> None:
        """Write new entries; drop article and markdown entries not used by this build
        (their keys are in `keep`) so the file does not grow forever."""
        if self.path is None:
            return
        if self._db is not None and self._db[0] == os.getpid():
            self._db[1].close()
        self._db = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._write(set(keep))
        except sqlite3.DatabaseError:  # not a database (damaged, or another file): replace it
            self.path.unlink(missing_ok=True)
            self._write(set(keep))
        for table in TABLES:
            self._new[table] = {}

    def _write(self, used: set[str]) -> None:
        assert self.path is not None
        with sqlite3.connect(self.path) as db:
            # No fsync: a first build's cache is some 70 MB at 10,000 articles, and waiting
            # for the disk took longer than writing it. Only a crash of the machine itself
            # (not of atlasgen) can then lose part of a save; the output's files are not
            # synced either, so after one, build without the cache (`rm -r .atlasgen`).
            # A damaged file is ignored and replaced.
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            for table in TABLES:
                kind = "BLOB" if table in ("articles", "results") else "TEXT"
                db.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value {kind})"
                )
            stored, pages = self._shards, self._stored_pages
            if db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone() != (SALT,):
                for table in TABLES:
                    db.execute(f"DELETE FROM {table}")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('salt', ?)", (SALT,))
                stored, pages = {}, {}
            db.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?)", self._new["results"].items()
            )
            self._write_articles(db, stored, used)
            db.executemany(
                "INSERT OR REPLACE INTO markdown VALUES (?, ?)", self._new["markdown"].items()
            )
            if used:
                stale = self.markdown - used
                db.executemany("DELETE FROM markdown WHERE key = ?", ((k,) for k in stale))
            if self._replace_pages:  # only the rows that differ: an edit changes a few
                new = self._new["pages"]
                row = db.execute("SELECT value FROM pages WHERE key = ?", (BUILD_KEY,)).fetchone()
                if (row[0] if row else None) != pages.get(BUILD_KEY):  # another build wrote
                    db.execute("DELETE FROM pages")  # since we read: replace it all
                    pages = {}
                gone = ((k,) for k in pages.keys() - new.keys())
                db.executemany("DELETE FROM pages WHERE key = ?", gone)
                changed = ((k, v) for k, v in new.items() if pages.get(k) != v)
                db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?)", changed)
                self._stored_pages = new

    def _write_articles(
        self, db: sqlite3.Connection, stored: dict[str, set[str]] | None, used: set[str]
    ) -> None:
        """Rewrite the shards whose articles changed: an edit rewrites two of 256 (a
        shard costs about 0.2 ms per article to pickle)."""
        new = self._new["articles"]
        if stored is None:  # this build never read the shards
            if not new:
                return
            stored = {
                shard: set(entries)
                for shard, blob in db.execute("SELECT key, value FROM articles")
                if isinstance(entries := _unpickled(blob), dict)
            }
        by_shard: dict[str, dict[str, Any]] = {}
        for key, value in new.items():
            by_shard.setdefault(key[:2], {})[key] = value
        for shard in SHARDS:
            fresh = by_shard.get(shard, {})
            old = stored.get(shard, set())
            wanted = (old | set(fresh)) & used if used else old | set(fresh)
            if wanted == old and not fresh:
                continue
            entries = {}
            if old & wanted:
                row = db.execute("SELECT value FROM articles WHERE key = ?", (shard,)).fetchone()
                found = _unpickled(row[0]) if row else None
                entries = found if isinstance(found, dict) else {}
            entries = {k: v for k, v in {**entries, **fresh}.items() if k in wanted}
            if entries:
                blob = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
                db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?)", (shard, blob))
            else:
                db.execute("DELETE FROM articles WHERE key = ?", (shard,))
            stored[shard] = set(entries)
        self._shards = stored


def _unpickled(blob: bytes) -> Any | None:
    """A pickle's value (None if damaged), read with the collector paused: the thousands
    of objects of a shard would otherwise set off collections that walk the whole heap
    again and again (four times the cost of the reading itself)."""
    with collector_paused():
        try:
            return pickle.loads(blob)
        except Exception:  # a cache written by other code: ignore the entry
            return None
