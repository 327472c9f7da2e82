"""What the last build learnt from a file, trusted while the file's `stat` is unchanged.

A rebuild of a 10,000-story site would otherwise read and hash every story (and open
every picture) only to find the same bytes as last time. Like git's index and rsync's
quick check, a file whose size, modification and change times, inode and device are all
as recorded is taken to hold the same bytes. The change time (`ctime`) cannot be set
back by any program, so an edit always shows, even one that restores the old
modification time.

One case is left: a file written twice within the file system's clock tick, once before
and once after it was recorded. As in git, a file changed less than `RACY` seconds
before the build looked at it is not recorded, so it is read again next time.
"""

from __future__ import annotations

import os
import time
from typing import Any

from .cache import BuildCache
from .hashing import digest

Signature = tuple[int, int, int, int, int]  #: size, mtime, ctime (ns), inode, device
RACY = 2.0  #: seconds: a file changed this recently is read again next time


def signature(path: str) -> Signature | None:
    """The file's identity for the quick check; None if it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


class KnownFiles:
    """A table of file -> (signature, value) kept in the build cache under `name`, valid
    for one `context` (what the values were computed with, e.g. parse settings).

    Take the signature before reading the file: a file changed after that shows up
    as changed next time, never as the old bytes with a new value."""

    def __init__(self, cache: BuildCache | None, name: str, context: str) -> None:
        self._cache, self._name = cache, name
        self._key = digest("known files", name, context)
        found = cache.results.get(name, self._key) if cache is not None else None
        self._old: dict[str, tuple[Signature, Any]] = found if isinstance(found, dict) else {}
        self._new: dict[str, tuple[Signature, Any]] = {}
        self._since = time.time_ns() - int(RACY * 1e9)

    def get(self, name: str, sig: Signature | None) -> Any | None:
        """The value recorded for the file, if its signature is the recorded one."""
        found = self._old.get(name)
        if sig is None or found is None or found[0] != sig:
            return None
        return found[1]

    def put(self, name: str, sig: Signature | None, value: Any) -> None:
        """Record a value for the file, unless it changed too recently to be sure of."""
        if sig is not None and sig[1] < self._since and sig[2] < self._since:
            self._new[name] = (sig, value)

    def save(self) -> None:
        """Store this build's table (only the files it recorded), if it differs."""
        if self._cache is not None and self._new != self._old:
            self._cache.results.put(self._name, self._key, self._new)
