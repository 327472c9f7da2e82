"""The search stage: Pagefind over the staged site, one shard at a time (search/shards.py).
A shard whose pages say what they said in the previous build keeps its bundle as it is;
only the others are indexed again.

Indexing runs while the pages render, not after: Pagefind is handed a shard's pages in
path order (which fixes the bundle's bytes), each as soon as it is in the staged folder,
either kept from the previous output at once or written by a render worker. The render
stage makes the stale shards' pages first (`Indexing.first`), so Pagefind seldom waits,
and the stale shards are indexed side by side, one Pagefind each, `jobs` at a time. The
threads that feed Pagefind start once the render workers are forked (`running`): a worker
forked later would hold Pagefind's pipes open.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

from ..output.folder import OutputFolder
from ..search.indexing import BUNDLE, write_index
from ..search.shards import MANIFEST, Shard, manifest
from .context import BuildContext, StageTimer
from .plan import Plan


@dataclass(frozen=True)
class SearchIndex:
    """What the search stage needs to know to write, or keep, each shard."""

    shards: tuple[Shard, ...]
    previous: dict[str, str]  #: the previous build's page fingerprints (shard keys among them)
    timer: StageTimer
    jobs: int = 1  #: shards indexed at a time

    @contextmanager
    def begin(self, out: OutputFolder) -> Iterator[Indexing]:
        """Keep the bundles of the shards made from the same pages as before; the others
        are indexed as their pages reach the staged folder (see `Indexing`), stopped if
        the build fails meanwhile."""
        with self.timer.stage("search"):
            stale = tuple(shard for shard in self.shards if not self._kept(shard, out))
            out.write(f"{BUNDLE}/{MANIFEST}", manifest(self.shards))
            indexing = Indexing(out, stale, self.jobs, self.timer)
        try:
            yield indexing
        except BaseException:
            indexing.stop()
            raise

    def _kept(self, shard: Shard, out: OutputFolder) -> bool:
        """Keep the previous bundle of a shard made from the same pages."""
        return self.previous.get(shard.cache_name) == shard.key and out.keep_tree(shard.folder)


class _Stopped(Exception):
    """The build stopped before the pages were all written."""


class Indexing:
    """The stale shards being indexed while the pages render. The render stage tells it
    which pages are in the staged folder (`written`) and when its workers are running;
    `finish` waits for Pagefind and claims the bundles; `stop` ends it when the build
    fails."""

    def __init__(self, out: OutputFolder, stale: tuple[Shard, ...], jobs: int, timer: StageTimer):
        self._out, self._stale, self._jobs, self._timer = out, stale, jobs, timer
        #: the stale shards' pages, in the order Pagefind takes them: the render stage
        #: makes these first
        self.first = tuple(path for shard in stale for path in shard.pages)
        self._missing = set(self.first)  #: pages not yet in the staged folder
        self._changed = threading.Condition()
        self._all_written = False
        self._stopped = False
        self._pool: ThreadPoolExecutor | None = None
        self._runs: list[Future[None]] = []

    def written(self, paths: Iterable[str]) -> None:
        """These pages are in the staged folder, whole."""
        if self._missing:
            with self._changed:
                self._missing.difference_update(paths)
                self._changed.notify_all()

    def running(self) -> None:
        """The render workers are forked: start feeding Pagefind (once)."""
        if self._pool is not None or not self._stale:
            return
        self._pool = ThreadPoolExecutor(max_workers=max(1, min(self._jobs, len(self._stale))))
        for shard in self._stale:
            site, folder = self._out.tool_folder(shard.folder)
            run = self._pool.submit(write_index, site, folder, shard.pages, self._ready)
            self._runs.append(run)

    def finish(self) -> None:
        """Every page is written: wait for the bundles (raising Pagefind's error, if any)
        and claim them in the staged folder."""
        with self._timer.stage("search"):
            with self._changed:
                self._all_written = True
                self._changed.notify_all()
            self.running()
            try:
                for run in self._runs:
                    run.result()
            finally:
                self._shut()
            for shard in self._stale:
                self._out.adopt(shard.folder)

    def _ready(self, path: str) -> None:
        """Wait until the page at `path` is written (in a feeding thread)."""
        with self._changed:
            while path in self._missing and not (self._all_written or self._stopped):
                self._changed.wait()
            if self._stopped:
                raise _Stopped("the build stopped")

    def stop(self) -> None:
        """The build failed: stop feeding Pagefind, which then stops (nothing is kept)."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
        self._shut()

    def _shut(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def search_index(build: BuildContext, plan: Plan, previous: dict[str, str]) -> SearchIndex | None:
    """The search stage of this build; None when search is off."""
    if plan.search is None:
        return None
    return SearchIndex(plan.search, previous, build.timer, build.jobs)
