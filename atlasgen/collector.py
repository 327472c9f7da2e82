"""The garbage collector around the big object graphs a build makes and keeps."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection meanwhile (a decorator too): loading, unpickling and planning
    make tens of thousands of objects that all live on, and each collection they set off
    would walk the whole heap, every loaded article, again and again."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
