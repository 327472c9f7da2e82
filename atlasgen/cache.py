"""The persistent build cache: what makes a rebuild skip work it has done before.

One SQLite file (`.atlasgen/cache/cache.sqlite` in the site by default, `build.cache` to
move it; safe to delete, and worth keeping between CI runs). It holds three things, each
keyed by a hash of everything the value depends on, so a stale entry can never be used:

- parsed front matter, by the article file's bytes and the settings that parsing reads;
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

from . import __version__

SCHEMA = 3
SALT = f"atlasgen {__version__} cache {SCHEMA}"
TABLES = ("articles", "markdown", "pages", "results")
BUILD_KEY = "\0build"  #: in the pages table: the build id those fingerprints belong to


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
    """Reads the keys and the small tables at open and bodies and articles when asked
    for them; writes everything at `save()`."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.articles: set[str] = set()  #: keys only: each article is read when asked for
        self.markdown: set[str] = set()  #: keys only: bodies are read when needed
        self.pages: dict[str, str] = {}
        self.results: dict[str, bytes] = {}
        self._new: dict[str, dict[str, Any]] = {t: {} for t in TABLES}
        self._replace_pages = False
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
                self.articles = {key for (key,) in db.execute("SELECT key FROM articles")}
                self.markdown = {key for (key,) in db.execute("SELECT key FROM markdown")}
                self.pages = dict(db.execute("SELECT key, value FROM pages"))
                self.results = dict(db.execute("SELECT key, value FROM results"))
        except sqlite3.Error:  # unreadable: start afresh
            self.pages, self.results = {}, {}
            self.articles, self.markdown = set(), set()

    # -- parsed articles --------------------------------------------------------------

    def article(self, key: str) -> Any | None:
        blob = self._new["articles"].get(key) or self._stored("articles", key)
        if blob is None:
            return None
        try:
            return pickle.loads(blob)
        except Exception:  # a cache written by other code: ignore the entry
            return None

    def put_article(self, key: str, value: Any) -> None:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.articles.add(key)
        self._new["articles"][key] = blob

    def _stored(self, table: str, key: str) -> Any | None:
        """One value from the file, if it has that key (as read at open)."""
        if key not in getattr(self, table):
            return None
        try:
            sql = f"SELECT value FROM {table} WHERE key = ?"  # `table`: one of TABLES
            row = self._reader().execute(sql, (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

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
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            for table in TABLES:
                kind = "BLOB" if table in ("articles", "results") else "TEXT"
                db.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value {kind})"
                )
            if db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone() != (SALT,):
                for table in TABLES:
                    db.execute(f"DELETE FROM {table}")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('salt', ?)", (SALT,))
            db.executemany(
                "INSERT OR REPLACE INTO results VALUES (?, ?)", self._new["results"].items()
            )
            for table in ("articles", "markdown"):
                db.executemany(
                    f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", self._new[table].items()
                )
                if used:
                    stale = set(getattr(self, table)) - used
                    db.executemany(f"DELETE FROM {table} WHERE key = ?", ((k,) for k in stale))
            if getattr(self, "_replace_pages", False):
                db.execute("DELETE FROM pages")
                db.executemany("INSERT INTO pages VALUES (?, ?)", self._new["pages"].items())
