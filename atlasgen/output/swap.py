"""The atomic swap: the staged folder takes the output folder's place in one exchange of
two folders (renameat2 RENAME_EXCHANGE where Linux has it), so the output folder is never
missing, empty or half new; and the clean-up after a build killed halfway."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path

from .deletion import delete_folder
from .ownership import MARKER, is_ours

_NEW, _OLD = ".atlasgen-new-", ".atlasgen-old-"


def staging_path(target: Path) -> Path:
    """Where this process stages the output folder `target`, next to it."""
    return target.parent / f".{target.name}{_NEW}{os.getpid()}"


def swap_in(staging: Path, target: Path) -> Path | None:
    """Put the staged folder in the output folder's place; return where the previous
    output now is (None when there was none). On failure the previous output is back."""
    if not target.exists():
        os.rename(staging, target)
        return None
    old = target.parent / f".{target.name}{_OLD}{os.getpid()}"
    if exchange(staging, target):
        os.rename(staging, old)  # the staging name now holds the old site
        return old
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except BaseException:  # put the previous site back before giving up
        os.rename(old, target)
        raise
    return old


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2 RENAME_EXCHANGE); False if unavailable."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def recover_interrupted(target: Path) -> None:
    """Clean up after a build that was killed: drop half-written staging folders and, if
    it died between the two renames of a swap, put the previous output back."""
    parent = target.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.glob(f".{target.name}{_NEW}*")):
        if is_ours(leftover):
            delete_folder(leftover)
    for leftover in sorted(parent.glob(f".{target.name}{_OLD}*")):
        if not target.exists() and (leftover / MARKER).is_file():
            os.rename(leftover, target)
        elif is_ours(leftover):
            delete_folder(leftover)
