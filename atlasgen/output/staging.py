"""The staging folder: where a build's files go before the swap, ending exactly as planned.

The folder may be an adopted spare that holds anything at first; its survey says what
(every file with its inode, every folder). A staged file never goes into an existing one
(it may be a hard link to a live file): the old name is unlinked first. What the build
has not claimed by the end is pruned. The staging folder holds no symbolic links, as
atlasgen makes none.
"""

from __future__ import annotations

import os
from pathlib import Path

from .deletion import remove
from .ownership import MARKER
from .survey import Survey


class StagingFolder:
    """What the staging folder holds and what this build has claimed in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.survey: Survey | None = None  #: reading the adopted spare's folders
        self.staged_dirs: set[str] = {""}  #: staged folders known to exist, relative
        self.found: dict[str, int] = {}  #: what the adopted spare holds: path -> inode
        self.claimed: set[str] = set()  #: paths this build has written or kept

    def settle(self) -> None:
        """Wait for the survey of the adopted spare. Everything that stages or deletes a
        file calls this first: it must know what the spare holds (a file there may be a
        link to a live one, which must never be written into)."""
        survey = self.survey
        if survey is None:
            return
        survey.join()
        if survey.error is not None:
            raise survey.error  # and again at each call: nothing is staged blind
        self.found, dirs = survey.found, survey.dirs
        self.staged_dirs.update(dirs)
        self.survey = None

    def path(self, rel_path: str) -> Path:
        """The staged path of a relative output path. Checked by its parts, not by
        resolving it: the staging folder holds no symbolic links."""
        parts = rel_path.split("/")
        if not rel_path or rel_path.startswith("/") or "\\" in rel_path or ".." in parts:
            raise ValueError(f"refusing to write outside the output folder: {rel_path}")
        return self.root / rel_path

    def fresh(self, rel_path: str) -> Path:
        """The staged path, its folder made, and no file there: whatever the spare held
        at that name (maybe a link to a live file, which must not be written into) goes."""
        path = self._with_folder(rel_path)
        if rel_path in self.found or rel_path in self.staged_dirs:  # (the spare's folders too)
            remove(path)
        return path

    def _with_folder(self, rel_path: str) -> Path:
        path = self.path(rel_path)
        folder = rel_path.rpartition("/")[0]
        if folder not in self.staged_dirs:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):  # the spare has a file there
                for parent in [*reversed(Path(folder).parents), Path(folder)]:
                    if (self.root / parent).is_file():
                        remove(self.root / parent)
                path.parent.mkdir(parents=True, exist_ok=True)
            self.staged_dirs.add(folder)
        return path

    def prune(self) -> None:
        """Delete what the spare held that this build has not claimed (so far), and the
        folders that leaves empty."""
        self.settle()
        stale = [rel for rel in self.found if rel not in self.claimed]
        emptied: set[str] = set()
        for rel in stale:
            del self.found[rel]
            remove(self.root / rel, folders=False)  # a folder there now is this build's
            emptied.update(p.as_posix() for p in Path(rel).parents)
        emptied.discard(".")
        for rel in sorted(emptied, key=lambda d: d.count("/"), reverse=True):
            try:
                os.rmdir(self.root / rel)  # fails, as it should, unless empty
            except OSError:
                continue
            self.staged_dirs.discard(rel)

    def write_marker(self, text: str) -> None:
        """Mark the folder as atlasgen's. (No need to wait for the survey: the marker is
        claimed, so never pruned, and its old name is unlinked before the new one is
        written.)"""
        marker = self.root / MARKER
        marker.unlink(missing_ok=True)  # never write through a link into the live output
        marker.write_text(text, encoding="utf-8")
        self.claimed.add(MARKER)


def write_new_file(path: Path, data: bytes) -> None:
    """A new file with these bytes: plain system calls, as a cold build writes 13,000
    (pathlib's and `open`'s buffering and their `fstat` cost more than the write)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
