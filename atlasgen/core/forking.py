"""Sharing work out among forked worker processes.

Workers are forked, so they inherit the build's state (the articles, the plan, the
templates) instead of having it pickled to them: only the parts of the work going out
and the results coming back are pickled. Where forking is unavailable or the work is too
small to repay it, the same task runs here, part by part, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Part = TypeVar("Part")
Result = TypeVar("Result")

_TASK: Callable[[Any], Any] | None = None  # set just before forking; the workers inherit it


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"


def worker_count(jobs: int, tasks: int, minimum: int) -> int:
    """How many processes to share `tasks` items of work among: `jobs`, or 1 (no
    forking) when forking is unavailable or fewer than `minimum` items would not repay
    the cost of starting workers."""
    return jobs if jobs > 1 and tasks >= minimum and can_fork() else 1


def spans(total: int, parts: int) -> list[tuple[int, int]]:
    """[start, stop) bounds cutting `total` items into `parts` runs of nearly equal length
    (fewer when there are fewer items)."""
    return chunks(total, -(-total // parts))


def chunks(total: int, size: int) -> list[tuple[int, int]]:
    """[start, stop) bounds cutting `total` items into runs of `size` (the last shorter)."""
    return [(start, min(start + size, total)) for start in range(0, total, max(size, 1))]


def forked_map(
    task: Callable[[Part], Result], parts: Sequence[Part], workers: int
) -> Iterator[Result]:
    """task(part) for every part, in order, each as soon as it is ready. With more than one worker
    the parts are handed out one at a time to that many forked processes (at most one a
    part); `task` may be any callable, closures included, since it is inherited, not
    pickled."""
    if workers <= 1 or len(parts) <= 1 or not can_fork():
        yield from map(task, parts)
        return
    global _TASK
    _TASK = task
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes=min(workers, len(parts))) as pool:
            yield from pool.imap(_run_task, parts)
    finally:
        _TASK = None


def _run_task(part: Any) -> Any:
    assert _TASK is not None
    return _TASK(part)
