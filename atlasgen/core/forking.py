"""Whether work can be shared out among forked worker processes, which inherit the
build's state instead of having it pickled to them."""

from __future__ import annotations

import multiprocessing
import os


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"
