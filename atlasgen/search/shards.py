"""The search index cut into shards by publication date, so a new or edited story makes
Pagefind index only its own shard again, not the whole archive.

Each shard is a whole Pagefind bundle in /pagefind/<name>/, made from that shard's story
pages alone. The newest months make one shard (named by its first month, "2026-10"): the
newest calendar month, and the months before it while it holds fewer than `MIN_PAGES`
stories. Older stories make one shard a calendar year ("2025"; a year with too few
stories joins the next: "2023-2024"), in the site's time zone. Publishing a story, nearly
always in the newest month, indexes the newest months again, and the years stay as they
are; when a new month has enough stories of its own, the months before it join their
year, once. A small site is one shard.

Shards are few and not small on purpose. In the reader's browser the search page loads
each shard's table of contents and, for every word searched, a piece of each shard's
word index, so a shard per month would cost a first query several times the bytes of a
shard per year. And Pagefind ranks a word by how rare it is among one bundle's pages: in
a shard of a handful of stories a common word looks rare, and its stories would rank
above better ones from the other shards.

`/pagefind/shards.json` names the shards, newest first; the search page (search.js)
loads the newest with Pagefind and merges the others into it (`mergeIndex`). Each shard
covers a stretch of time that no other overlaps, which is what ordering by date across
shards relies on.

Which page goes in which shard follows from the pages alone (their dates), and a shard's
key from what its pages say, as `index_key` does for a whole index: the same pages give
the same shards, whether built from a cache or from scratch.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .._compat.pagefind import ENTRY
from .indexing import BUNDLE, index_key, indexed_pages

MANIFEST = "shards.json"  #: in /pagefind/: the shards' names, newest first
KEY_PREFIX = "\0search "  #: a shard's key among the build cache's page fingerprints
#: A shard's fewest stories (a site with fewer has one shard): see above.
MIN_PAGES = 200


@dataclass(frozen=True)
class StoryPage:
    """What sharding needs to know of a story's page."""

    path: str  #: the output file, relative to the output folder
    published: datetime  #: in the site's time zone
    content: str  #: what the index reads of it (plan.py's search stamp)
    language: str = ""  #: its `<html lang>`: Pagefind keeps an index per language


@dataclass(frozen=True)
class Shard:
    """One shard of the search index: a Pagefind bundle in /pagefind/<name>/."""

    name: str  #: "2025" (a year) or "2026-11" (the newest story's month)
    pages: tuple[str, ...]  #: its story pages, by output path, in path order
    key: str  #: what its bundle is made from (`index_key` of its pages)
    languages: tuple[str, ...] = ()  #: of its pages, in code order

    @property
    def folder(self) -> str:
        """Its bundle's folder, relative to the output folder."""
        return f"{BUNDLE}/{self.name}"

    @property
    def entry(self) -> str:
        """Its bundle's table of contents, relative to the output folder: there when the
        bundle is (a build that keeps the output checks it)."""
        return entry_of(self.name)

    @property
    def cache_name(self) -> str:
        """The name its key is kept under in the build cache's fingerprints."""
        return KEY_PREFIX + self.name


def entry_of(name: str) -> str:
    """The table of contents of shard `name`'s bundle, relative to the output folder."""
    return f"{BUNDLE}/{name}/{ENTRY}"


def kept_entries(fingerprints: Iterable[str]) -> list[str]:
    """The shards' tables of contents named by a build's page fingerprints (their keys)."""
    return [
        entry_of(key.removeprefix(KEY_PREFIX)) for key in fingerprints if key.startswith(KEY_PREFIX)
    ]


def plan_shards(pages: Iterable[StoryPage]) -> tuple[Shard, ...]:
    """The shards of these story pages, newest first; none without stories."""
    months: dict[tuple[int, int], list[StoryPage]] = defaultdict(list)
    for page in pages:
        months[(page.published.year, page.published.month)].append(page)
    older = sorted(months)
    recent: list[StoryPage] = []
    while older and len(recent) < MIN_PAGES:  # the newest months, back to MIN_PAGES stories
        first = older.pop()
        recent += months[first]
    years: dict[int, list[StoryPage]] = defaultdict(list)
    for month in older:
        years[month[0]] += months[month]
    groups: list[tuple[str, list[StoryPage]]] = []
    pending: list[StoryPage] = []
    start = 0
    for year in sorted(years):  # years, the oldest merged into the next while too few
        start = start if pending else year
        pending += years[year]
        if len(pending) >= MIN_PAGES:
            groups.append((f"{start:04d}" if start == year else f"{start:04d}-{year:04d}", pending))
            pending = []
    if recent:  # with the newest years, when too few for a shard of their own
        since = min(page.published for page in recent + pending)  # names it
        groups.append((f"{since.year:04d}-{since.month:02d}", recent + pending))
    return tuple(_shard(name, members) for name, members in reversed(groups))


def _shard(name: str, members: list[StoryPage]) -> Shard:
    members.sort(key=lambda page: page.path)
    key = index_key([f"shard {name}", *(f"{p.path}={p.content}" for p in members)])
    languages = tuple(sorted({p.language for p in members if p.language}))
    return Shard(name, tuple(p.path for p in members), key, languages)


def manifest(shards: Iterable[Shard]) -> str:
    """/pagefind/shards.json: the shards' names, newest first, with their page counts and
    languages (the search page merges only the shards that hold its language: Pagefind
    would search another language's index of a shard without it)."""
    listed = [
        {"name": shard.name, "pages": len(shard.pages), "languages": list(shard.languages)}
        for shard in shards
    ]
    return json.dumps({"shards": listed}, indent=1) + "\n"


def shard_names(bundle: Path) -> list[str]:
    """The shards /pagefind/shards.json names (none when it is missing or unreadable)."""
    try:
        listed = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))["shards"]
        return [str(shard["name"]) for shard in listed]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def searchable_pages(bundle: Path) -> int:
    """How many pages the shards in `bundle` hold together."""
    return sum(indexed_pages(bundle / name) for name in shard_names(bundle))
