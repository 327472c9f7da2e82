"""Deleting atlasgen's own folders so that a delete cut short is still recognised as
ours: the marker goes last. A big swapped-out site is deleted by a detached process, so
the build does not wait for it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

from .ownership import MARKER

#: An old site with more files than this is deleted by a detached `rm -rf` after the
#: swap, so the build does not wait for it (a leftover is cleaned up by the next build).
BACKGROUND_DELETE = 2000

#: Detached deleting processes, polled later so that no zombie stays behind in `serve`.
REMOVING: list[subprocess.Popen[bytes]] = []

#: `sh -c` deleting folder $1 with its marker last (as `delete_folder` does).
_DELETE_SH = (
    'for f in "$1"/* "$1"/.[!.]* "$1"/..?*; do '
    f'[ "$f" = "$1/{MARKER}" ] || rm -rf -- "$f"; done; rm -rf -- "$1"'
)


def remove(path: Path, folders: bool = True) -> None:
    """Delete a file, or a whole folder when `folders`; nothing there is fine."""
    try:
        os.unlink(path)
    except (FileNotFoundError, NotADirectoryError):  # gone, or a parent is a file now
        pass
    except (IsADirectoryError, PermissionError):
        if not path.is_dir() or path.is_symlink():
            raise
        if folders:
            shutil.rmtree(path)


def delete_folder(folder: Path) -> None:
    """Delete one of our folders with its marker last: a delete cut short (a killed build)
    leaves a folder that is still marked, or empty, which `recover_interrupted` knows as
    ours and finishes."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name != MARKER:
            with contextlib.suppress(OSError):
                remove(Path(entry.path))
    shutil.rmtree(folder, ignore_errors=True)


def discard(old: Path, background: bool) -> None:
    """Delete a swapped-out site; a big one in a detached process (the next build's
    `recover_interrupted` deletes whatever that leaves)."""
    REMOVING[:] = [p for p in REMOVING if p.poll() is None]
    sh = shutil.which("sh") if background and os.name == "posix" else None
    if sh is not None:
        try:
            remover = subprocess.Popen(
                [sh, "-c", _DELETE_SH, "sh", str(old)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            REMOVING.append(remover)
            return
        except OSError:
            pass
    delete_folder(old)
