"""The garbage collector around the big object graphs a build makes and keeps."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """No garbage collection meanwhile (a decorator too): loading, unpickling and planning
    make tens of thousands of objects that all live on, and each collection they set off
    would walk the whole heap, every loaded article, again and again.

    With `freeze`, what exists at the end is frozen (`gc.freeze`) before the collector
    runs again, for objects that live as long as the build: else the first allocation
    after the pause sets off a full collection of all of them (0.3 s at 10,000 articles).
    The caller unfreezes (`gc.unfreeze`) when they may go."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if paused:
            gc.enable()
