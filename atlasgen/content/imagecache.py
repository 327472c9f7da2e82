"""The picture cache: where it is, its seals, and its upkeep (variants no build has used
for `MAX_UNUSED_DAYS` go).

Variants are published as they are read from the cache, so each folder carries a seal:
the keyed hash (core/cache/signing.py) of its files. A folder whose seal is wrong is not
used (the build warns, and makes the variants again); one without a seal is made again.

`<build.cache>/images/<hash>/` keeps a picture's variants (images.py); a replaced or
deleted picture leaves its folder behind, and a newsroom's cache would only grow. Each
build that writes pictures records the day it used each of them in `last-used.json`
beside the folders and deletes the folders whose last use is older than that. A folder
the record does not know (an older cache, a copy) counts as used today.

The days are of the machine's clock, not the build's "now" (`--now`, SOURCE_DATE_EPOCH):
this is upkeep of a folder on this machine, and touches no output.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.cache.signing import MAC_SIZE, Signer

MAX_UNUSED_DAYS = 30
RECORD = "last-used.json"  #: picture hash -> the day (since 1970) a build last used it
DAY = 86_400


SEAL = "seal"  #: in a picture's folder: the keyed hash of its variants


@dataclass(frozen=True)
class PictureCache:
    """The folder of processed pictures and the key that seals them."""

    folder: Path
    signer: Signer

    def seal(self, key: str, files: Mapping[str, bytes]) -> bytes:
        """The seal of a picture's variants (file name -> bytes)."""
        return self.signer.sign("images", key, _joined(files))[:MAC_SIZE]

    def sealed(self, key: str, files: Mapping[str, bytes]) -> bool:
        """Whether the variants read are those sealed (a missing seal: not, quietly)."""
        try:
            seal = (self.folder / key / SEAL).read_bytes()
        except OSError:
            return False
        return self.signer.open("images", key, seal + _joined(files)) is not None


def _joined(files: Mapping[str, bytes]) -> bytes:
    return b"".join(
        b"%d:%s%d:" % (len(name), name.encode(), len(data)) + data
        for name, data in sorted(files.items())
    )


def clock() -> float:
    """The machine's time in seconds (a test replaces it)."""
    return time.time()


def prune_unused(cache_dir: Path, used: Iterable[str], now: float | None = None) -> list[str]:
    """Record that this build used the pictures `used` (their hashes); delete the variants
    of pictures no build used for more than MAX_UNUSED_DAYS. The deleted hashes, sorted."""
    if not cache_dir.is_dir():
        return []
    today = int((clock() if now is None else now) // DAY)
    before = _read(cache_dir / RECORD)
    record = dict(before)
    record.update(dict.fromkeys(used, today))
    gone: list[str] = []
    for folder in sorted(cache_dir.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        last = record.setdefault(folder.name, today)
        if today - last > MAX_UNUSED_DAYS:
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder.name)
    kept = {k: v for k, v in sorted(record.items()) if k not in gone and (cache_dir / k).is_dir()}
    if kept != before:
        _write(cache_dir / RECORD, kept)
    return gone


def _read(path: Path) -> dict[str, int]:
    """The record, or an empty one when it is missing or not what this module writes."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and type(v) is int}


def _write(path: Path, record: dict[str, int]) -> None:
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(record, file, indent=0, sort_keys=True)
        os.replace(temp, path)
    except OSError:  # a read-only cache keeps its pictures: it only costs disk
        return
