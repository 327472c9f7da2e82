"""The search stage: Pagefind over the staged site, one shard at a time (search/shards.py).
A shard whose pages say what they said in the previous build keeps its bundle as it is;
only the others are indexed again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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

    def publish(self, out: OutputFolder) -> None:
        with self.timer.stage("search"):
            # Kept shards first: indexing one prunes what the staging folder has not claimed.
            stale = [shard for shard in self.shards if not self._kept(shard, out)]
            out.write(f"{BUNDLE}/{MANIFEST}", manifest(self.shards))
            for shard in stale:
                out.generate(shard.folder, _indexer(shard))

    def _kept(self, shard: Shard, out: OutputFolder) -> bool:
        """Keep the previous bundle of a shard made from the same pages."""
        return self.previous.get(shard.cache_name) == shard.key and out.keep_tree(shard.folder)


def _indexer(shard: Shard) -> Callable[[Path, Path], None]:
    """Pagefind over the shard's pages of the staged site, into the shard's folder."""
    return lambda site, bundle: write_index(site, bundle, shard.pages)


def search_index(build: BuildContext, plan: Plan, previous: dict[str, str]) -> SearchIndex | None:
    """The search stage of this build; None when search is off."""
    if plan.search is None:
        return None
    return SearchIndex(plan.search, previous, build.timer)
