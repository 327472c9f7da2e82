"""One build of a site at a time: an exclusive OS lock on a file in the site's cache folder.

Two builds of one site share its build cache, its output folder, the staging folder beside
it, the spare kept for the next build and the search index staged in it; `serve` shares the
cache too. Run side by side, one build's clean-up of "leftovers" deletes the other's
staging folder mid-write. So a build (and each `serve` rebuild) holds this lock from before
it opens the cache until the cache is saved and the output swapped.

The lock is `flock` on an open file: the kernel drops it when the process ends however it
ends (SIGKILL, a crash, a power cut of the container), so there is never a stale lock to
clear by hand. The holder writes its pid into the file for the message of whoever waits;
the pid is only ever read for that message, never trusted to decide anything.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from ..core.errors import UsageError

LOCK_NAME = "lock"  #: in the build cache's folder (`.atlasgen/cache/lock`)
_PID_TRIES, _PID_PAUSE = 20, 0.05  #: how long a new holder may take to write its pid

#: Lock files held by this process: closed in forked children (render workers), which
#: would otherwise share the lock and could keep it after the build that took it died.
_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


def lock_path(site_dir: Path, cache_folder: str) -> Path:
    """The site's lock file in its cache folder; a site that keeps no cache (and so no
    files of atlasgen's outside its output) locks its own folder, and no pid is shown."""
    return site_dir / cache_folder / LOCK_NAME if cache_folder else site_dir


class SiteLock:
    """Hold the site's build lock for a `with` block.

    `wait=False` raises UsageError (exit code 2) when another process holds it; otherwise
    `waiting(pid)` is called once and the lock is waited for (Ctrl-C still stops)."""

    def __init__(
        self, path: Path, wait: bool = True, waiting: Callable[[int | None], None] | None = None
    ) -> None:
        self.path = path
        self.wait = wait
        self.waiting = waiting
        self._fd: int | None = None
        self._folder = False  #: a folder is locked: it holds no pid

    def __enter__(self) -> SiteLock:
        self._folder = self.path.is_dir()
        if self._folder:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        try:
            self._take(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        _HELD.add(fd)
        if not self._folder:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return self

    def _take(self, fd: int) -> None:
        holder = None
        for _ in range(1 if self._folder else _PID_TRIES):  # a holder writes its pid
            if _try_lock(fd):  # just after locking
                return
            holder = None if self._folder else _holder(fd)
            if holder is not None:
                break
            time.sleep(_PID_PAUSE)
        if not self.wait:
            who = f" (pid {holder})" if holder else ""
            raise UsageError(f"another build of this site is running{who}; not waiting (--no-wait)")
        if self.waiting is not None:
            self.waiting(holder)
        fcntl.flock(fd, fcntl.LOCK_EX)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _HELD.discard(fd)
        with contextlib.suppress(OSError):
            if not self._folder:
                os.ftruncate(fd, 0)  # no pid: the next waiter knows the holder has not written
        os.close(fd)  # (closing the last descriptor releases the lock)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(fd: int) -> int | None:
    """The pid the holder wrote into the lock file, if it has yet."""
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def waiting_message(pid: int | None) -> str:
    """What a build says, once, while it waits for the lock."""
    return "waiting for another build of this site" + (f" (pid {pid})" if pid else "")
