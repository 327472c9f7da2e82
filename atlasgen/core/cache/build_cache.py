"""`BuildCache`: the cache's four tables over one file, opened and saved together."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .articles import ArticleTable
from .database import CacheFile, holds_salt, prepare_for_writing
from .markdown import MarkdownTable
from .pages import PageTable
from .results import ResultTable
from .signing import Signer


class BuildCache:
    """Reads the keys and the small tables at open, parsed articles and bodies when asked
    for them; writes everything at `save()`."""

    def __init__(self, path: Path | None, signer: Signer | None = None) -> None:
        self.path = path
        if signer is None:  # a cache in memory signs for itself alone
            signer = Signer(secrets.token_bytes(32)) if path is None else Signer()
        self.signer = signer
        self.file = CacheFile(path, signer)
        self.articles = ArticleTable(self.file)
        self.markdown = MarkdownTable(self.file)
        self.pages = PageTable()
        self.results = ResultTable(signer)
        if path is not None and path.is_file():
            self._read(path)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    @property
    def tampered(self) -> bool:
        """Whether an entry was found changed since it was written (and so ignored)."""
        return self.signer.tampered

    def _read(self, path: Path) -> None:
        try:
            with sqlite3.connect(path) as db:
                if not holds_salt(db, self.signer.key_id):
                    return
                self.markdown.load(db)
                self.pages.load(db)
                self.results.load(db)
                self.file.trusted = True
        except sqlite3.Error:  # unreadable: start afresh
            self.markdown, self.pages = MarkdownTable(self.file), PageTable()
            self.results = ResultTable(self.signer)

    def save(self, keep: Iterable[str] = ()) -> None:
        """Write new entries; drop article and markdown entries not used by this build
        (their keys are in `keep`) so the file does not grow forever."""
        if self.path is None:
            return
        self.file.close_reader()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._write(self.path, set(keep))
        except sqlite3.DatabaseError:  # not a database (damaged, or another file): replace it
            self.path.unlink(missing_ok=True)
            self._write(self.path, set(keep))
        for table in (self.articles, self.markdown, self.pages, self.results):
            table.saved()

    def _write(self, path: Path, used: set[str]) -> None:
        with sqlite3.connect(path) as db:
            kept_file = prepare_for_writing(db, self.signer.key_id)
            self.results.write(db)
            self.articles.write(db, kept_file, used)
            self.markdown.write(db, used)
            self.pages.write(db, kept_file)
