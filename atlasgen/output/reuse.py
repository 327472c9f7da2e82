"""Unchanged files are hard links to the previous output's, so their mtimes stay and a
deploy that syncs by mtime uploads only what really changed."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

KEEP_THREADS, KEEP_THREADS_FROM = 4, 500  #: threads that link kept files, and from how many


class PreviousOutput:
    """The output folder a build replaces, as that build reads it: which files it has
    (by inode) and which hold the bytes a staged file would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.exists = True  #: whether there is one (looked at when the build starts)
        self._inodes: dict[str, int | None] = {}  #: its files' inodes, as looked up

    def inode(self, rel_path: str) -> int | None:
        """The inode of the previous output's file at this path; None when it has none."""
        if rel_path in self._inodes:
            return self._inodes[rel_path]
        try:
            info = os.stat(f"{self.folder}/{rel_path}", follow_symlinks=False)
            inode = info.st_ino if stat.S_ISREG(info.st_mode) else None
        except (OSError, ValueError):
            inode = None
        self._inodes[rel_path] = inode
        return inode

    def holds(self, rel_path: str, data: bytes) -> bool:
        """Whether the previous output's file at this path holds these very bytes."""
        if not self.exists:  # a first build: nothing to look up, file by file
            return False
        previous = self.folder / rel_path
        try:
            return previous.stat().st_size == len(data) and previous.read_bytes() == data
        except OSError:
            return False

    def same_as(self, rel_path: str, file: Path) -> bool:
        """Whether the previous output's file at this path holds the bytes of `file`."""
        previous = self.folder / rel_path
        return previous.is_file() and _same_bytes(previous, file)

    def copy_to(self, rel_path: str, path: Path) -> None:
        """Put the previous output's file at this path at `path` (where nothing is), as a
        link where the file system allows, so its mtime stays."""
        previous = self.folder / rel_path
        if not _link(previous, path):
            shutil.copy2(previous, path)

    def relink(self, rel_path: str, path: Path) -> None:
        """Replace `path`, which holds the same bytes as the previous output's file at this
        path, with a link to that file."""
        data = path.read_bytes()
        path.unlink()
        if not _link(self.folder / rel_path, path):
            path.write_bytes(data)


def keep_in_threads(keep: Callable[[str], None], rel_paths: Sequence[str]) -> None:
    """`keep` each path; many at once by a few threads, as the time goes into the file
    system, not into Python. Raises what a thread raised."""
    if len(rel_paths) < KEEP_THREADS_FROM:
        for rel_path in rel_paths:
            keep(rel_path)
        return

    def keep_each(chunk: Sequence[str]) -> None:
        for rel_path in chunk:
            keep(rel_path)

    step = -(-len(rel_paths) // (KEEP_THREADS * 4))
    chunks = [rel_paths[i : i + step] for i in range(0, len(rel_paths), step)]
    with ThreadPoolExecutor(KEEP_THREADS) as pool:
        for _ in pool.map(keep_each, chunks):
            pass


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _link(existing: Path, new: Path) -> bool:
    """Hard-link an unchanged file from the previous output; False where links fail."""
    try:
        os.link(existing, new)
    except OSError:
        return False
    return True
