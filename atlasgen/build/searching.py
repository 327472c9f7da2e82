"""The search stage: Pagefind over the staged site, unless nothing the previous build's
index was made from has changed; then that index is kept as it is."""

from __future__ import annotations

from dataclasses import dataclass

from ..output.folder import OutputFolder
from ..search.indexing import BUNDLE, write_index
from .context import BuildContext, StageTimer
from .plan import SEARCH_KEY, Plan


@dataclass(frozen=True)
class SearchIndex:
    """What the search stage needs to know to write, or keep, the index."""

    key: str
    previous_key: str
    timer: StageTimer
    articles: int  #: none: an empty index (Pagefind would take every page whole)

    def publish(self, out: OutputFolder) -> None:
        with self.timer.stage("search"):
            if self.key == self.previous_key and out.keep_tree(BUNDLE):
                return
            out.generate(BUNDLE, lambda site, bundle: write_index(site, bundle, self.articles > 0))


def search_index(
    build: BuildContext, articles: int, plan: Plan, previous: dict[str, str]
) -> SearchIndex | None:
    """The search stage of this build; None when search is off."""
    if not build.config.search.enabled:
        return None
    return SearchIndex(plan.search_key, previous.get(SEARCH_KEY, ""), build.timer, articles)
