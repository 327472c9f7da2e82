"""The spare: a swapped-out output, kept (in the build cache's folder, `spare/<name>`) for
the next build to stage into, so that a rebuild touches only the files that changed
instead of staging the whole site again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .ownership import MARKER
from .survey import Survey


def adopt_spare(spare: Path | None, staging: Path) -> Survey | None:
    """Move the spare, if there is one, to the staging name and start listing what it
    holds; None when there is no spare (or it is not an output: it is left alone)."""
    if spare is None:
        return None
    try:
        os.rename(spare, staging)  # atomic: two builds never share a spare
    except OSError:
        return None
    if not (staging / MARKER).is_file():  # not an output: leave it, start empty
        if not keep_as_spare(staging, spare):
            shutil.rmtree(staging, ignore_errors=True)
        return None
    return Survey(staging)


def keep_as_spare(old: Path, spare: Path | None) -> bool:
    """Move a swapped-out output to the spare's place; False when it cannot go there
    (no spares kept, another file system, a spare there from a concurrent build)."""
    if spare is None:
        return False
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        os.rename(old, spare)
    except OSError:
        return False
    return True
