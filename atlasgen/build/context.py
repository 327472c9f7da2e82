"""What every stage of one build is handed: the options as typed, the site's settings,
the build's "now", the cache and the stage clock, in one frozen value instead of a long
list of parameters."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..config import SiteConfig
from ..core.cache import BuildCache

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    output: Path | None = None  #: overrides build.output
    drafts: bool = False
    future: bool = False
    now: str | None = None  #: --now TIME, as typed
    base_url: str | None = None
    strict: bool = False
    jobs: int | None = None  #: worker processes for rendering; None: one per core
    wait: bool = True  #: wait for another build of the site; False: stop (UsageError)
    published: tuple[str, ...] = ()  #: --published: lists or sitemaps of published URLs
    #: A preview (`serve`): published URLs are those of the site's own output folder.
    preview: bool = False


class StageTimer:
    """Seconds per stage; a stage run inside another counts for itself only."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._nested: list[float] = []  #: per open stage, the time its inner stages took

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        self._nested.append(0.0)
        try:
            yield
        finally:
            took = time.perf_counter() - start
            inner = self._nested.pop()
            self.timings[name] = self.timings.get(name, 0.0) + took - inner
            if self._nested:
                self._nested[-1] += took


@dataclass(frozen=True)
class BuildContext:
    """One build's settings and helpers, as every stage reads them."""

    site_dir: Path
    config: SiteConfig
    now: datetime
    options: BuildOptions
    cache: BuildCache | None
    output_dir: Path  #: where the site goes (checked, even when nothing is written)
    write: bool  #: False: atlasgen check, which renders every page and drops it
    timer: StageTimer
    progress: Progress | None = None

    @property
    def jobs(self) -> int:
        """Worker processes: as asked, else one per core."""
        return self.options.jobs or os.cpu_count() or 1
