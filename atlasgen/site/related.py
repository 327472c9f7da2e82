"""Related articles: pinned first, then the best-scoring articles that share something.

For an article A and a candidate B the score is

    tags    * Σ idf(t)  over tags shared by A and B
  + authors * Σ idf(p)  over authors shared by A and B
  + section             if A and B are in the same section
  + recency * 0.5 ** (|days between them| / half_life_days)

with idf(x) = ln(1 + N / df(x)): a tag on three articles says far more than one on
three thousand. N (the articles) and df(x) (the articles naming x) are counted in two
significant figures, rounded down (under 100 exactly; 10,437 -> 10,000, 1,234 -> 1,200),
so that one new story does not re-weigh every tag: with exact counts it would change the
weight of every name and so, in principle, every list, and a rebuild could keep none.
Only articles sharing a tag or an author are candidates (found through an inverted
index, never by comparing all pairs), so the section and recency bonuses rank genuine
matches but never make one. Candidates below `threshold` are not shown.

A tag or author on more than 2 x WINDOW + 1 stories contributes only the WINDOW stories
nearest in time on each side: such a name weighs little, the nearest stories are the ones
recency ranks first anyway, and an older story that shares something rarer is still found
through that rarer name. The work per article is therefore bounded, and the whole
computation grows linearly with the archive instead of with its square.
Ties go to the newer article, then the URL, so the lists are the same on every build.

A broad name (`is_broad`: on more than 2 x WINDOW + 1 stories and a quarter of the
archive or more, so idf < MIN_IDF) never makes a candidate on its own: "Politics" on
every other story says little, and with the section and recency bonuses it would fill
every list with stories that share nothing else. A candidate must share at least one
name that is not broad; the broad names it shares then add their weight as usual. On a
small site no name is broad.

Candidates sharing the same keys share the same weight sum, so candidates are grouped
by the keys they share (a few set operations per article) and each sum is added once
per group, in the article's key order: the very float that adding candidate by
candidate gives. Groups are then scored richest first, and a group whose best possible
score (its sum plus the full recency and section bonuses) is below the threshold or
below the `count` scores already found is skipped. The lists are exactly those of the
plain formula; tests/test_related.py checks them against a plain copy of it.

A rebuild computes only the lists an edit can change: see related_incremental.py.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter

from ..config import RelatedSettings
from ..content.model import Article
from ..core.forking import forked_map, spans, worker_count

DAY = 86_400.0
WINDOW = 25
MIN_IDF = math.log(1 + 4)  #: below it (on more than a quarter of the stories), a name is broad
MIN_PARALLEL = 3000  #: below this many lists to compute, forking costs more than it saves

Lists = list[tuple[int, ...]]  #: related lists as positions in the articles


@dataclass(frozen=True)
class RelatedIndex:
    """Everything the scoring reads, by number (see `related_index`)."""

    postings: Sequence[Sequence[int]]  #: key number -> article numbers, in date order
    weights: tuple[float, ...]  #: key number -> settings weight x idf
    keys: Sequence[tuple[int, ...]]  #: article number -> its key numbers, as in key_names
    repeated: frozenset[int]  #: keys an article names twice ("Chips", "chips"): its
    #: number is twice in their postings
    stamps: Sequence[float]  #: published, as POSIX seconds, by article number
    sections: Sequence[str]  #: section slug by article number
    urls: Sequence[str]  #: by article number
    names: dict[str, int]  #: "tag:x" / "author:y" -> key number
    broad: frozenset[int] = frozenset()  #: keys that make no candidate alone (`is_broad`)


def rounded(count: int) -> int:
    """`count` to two significant figures, rounded down: the N and df(x) of the idf."""
    step = int(10 ** max(0, len(str(count)) - 2))
    return count - count % step


def is_broad(total: int, count: int) -> bool:
    """Whether a name on `count` of `total` stories (both `rounded`) is too common to make
    a related link alone: a big name (its windows cut) with an idf below MIN_IDF."""
    return count > 2 * WINDOW + 1 and math.log(1 + total / count) < MIN_IDF


def key_names(tags: Sequence[str], authors: Sequence[str]) -> list[str]:
    return [f"tag:{t.casefold()}" for t in tags] + [f"author:{a.casefold()}" for a in authors]


class _Numbers(dict[str, int]):
    """Key numbers of one kind's names as written ("Chips"): a name is casefolded and
    numbered when first seen, not once per article that has it."""

    def __init__(self, kind: str, numbers: dict[str, int], postings: list[list[int]]) -> None:
        super().__init__()
        self.kind, self.numbers, self.postings = kind, numbers, postings

    def __missing__(self, name: str) -> int:
        number = self.numbers.setdefault(f"{self.kind}:{name.casefold()}", len(self.numbers))
        if number == len(self.postings):
            self.postings.append([])
        self[name] = number
        return number


def related_index(
    articles: Sequence[Article], settings: RelatedSettings, stamps: Sequence[float]
) -> RelatedIndex:
    """Everything the scoring reads, by number: keys, articles and sections are compared
    as small integers and strings are made once per name, not once per candidate.
    `stamps` are the articles' published stamps."""
    numbers: dict[str, int] = {}  # "tag:x" / "author:y" -> key number
    postings: list[list[int]] = []
    tag = _Numbers("tag", numbers, postings).__getitem__
    author = _Numbers("author", numbers, postings).__getitem__
    keys = []
    repeated: set[int] = set()
    for at, article in enumerate(articles):
        mine = (*map(tag, article.tags), *map(author, article.authors))
        keys.append(mine)
        for key in mine:
            postings[key].append(at)
        if len(mine) > 1 and len(set(mine)) < len(mine):
            repeated.update(mine)
    categories = [a.category for a in articles]
    slugs = {c: a.category_slug for c, a in dict(zip(categories, articles, strict=True)).items()}
    total = rounded(len(articles))
    factor = {"tag": settings.tags, "author": settings.authors}
    counts = [rounded(len(postings[n])) for n in numbers.values()]
    weights = tuple(
        factor[key.partition(":")[0]] * math.log(1 + total / count)
        for key, count in zip(numbers, counts, strict=True)
    )
    broad = frozenset(n for n, count in enumerate(counts) if is_broad(total, count))
    return RelatedIndex(
        postings,
        weights,
        keys,
        frozenset(repeated),
        stamps,
        list(map(slugs.__getitem__, categories)),
        [a.url for a in articles],
        numbers,
        broad,
    )


def _stamps(articles: Sequence[Article]) -> list[float]:
    return [a.published.timestamp() for a in articles]


def related_articles(
    articles: Sequence[Article],
    settings: RelatedSettings,
    jobs: int = 1,
    only: Collection[int] | None = None,
) -> dict[str, tuple[Article, ...]]:
    """For each article (by source path), or for the article numbers in `only`, its
    related articles in display order; a big archive is shared out among `jobs` forked
    processes (the lists are the same)."""
    numbers = sorted(only) if only is not None else range(len(articles))
    if settings.count == 0:
        return {articles[n].source: () for n in numbers}
    index = related_index(articles, settings, _stamps(articles))
    found = computed_lists(articles, settings, index, numbers, jobs)
    pick = articles.__getitem__
    return {
        articles[n].source: tuple(map(pick, chosen))
        for n, chosen in zip(numbers, found, strict=True)
    }


def computed_lists(
    articles: Sequence[Article],
    settings: RelatedSettings,
    index: RelatedIndex,
    numbers: Sequence[int],
    jobs: int,
) -> Lists:
    """The related lists (as article numbers) of the articles `numbers`, in that order;
    many of them are shared out among `jobs` forked processes."""
    if settings.count == 0:
        return [() for _ in numbers]
    workers = worker_count(jobs, len(numbers), MIN_PARALLEL)
    parts = [numbers[start:stop] for start, stop in spans(len(numbers), workers)]
    task = partial(_lists, articles, settings, index)
    return [found for part in forked_map(task, parts, workers) for found in part]


def _lists(
    articles: Sequence[Article],
    settings: RelatedSettings,
    index: RelatedIndex,
    numbers: Sequence[int],
) -> Lists:
    """The related lists (as article numbers) of the articles `numbers`."""
    by_slug: dict[str, int] = {}
    if any(articles[number].related for number in numbers):
        for number, article in enumerate(articles):  # newest first: an ambiguous slug pins
            by_slug.setdefault(article.slug, number)  # the newest article
    result: list[tuple[int, ...]] = []
    for number in numbers:
        article = articles[number]
        pinned = [by_slug[s] for s in article.related if s in by_slug and s != article.slug]
        pinned = list(dict.fromkeys(pinned))[: settings.count]
        wanted = settings.count - len(pinned)
        if wanted <= 0:
            result.append(tuple(pinned))
            continue
        groups = _groups(number, index)
        if pinned:
            for _, members in groups:
                members.difference_update(pinned)
        result.append(tuple(pinned + _best(number, groups, wanted, index, settings)))
    return result


def _groups(number: int, index: RelatedIndex) -> list[tuple[float, set[int]]]:
    """The candidates of article `number`, grouped by which of its keys they share, each
    group with its shared weight: Σ weight in the article's key order, the very float
    that adding candidate by candidate gives, computed once per group. Candidates that
    only broad keys find are dropped."""
    keys = index.keys[number]
    if index.repeated and not index.repeated.isdisjoint(keys):
        return [(base, {other}) for other, base in _totals(number, index).items()]
    groups: list[tuple[float, set[int]]] = []
    anchored: set[int] | None = None  # with a broad key: those a narrower key finds
    if index.broad and not index.broad.isdisjoint(keys):
        anchored = set()
    for key in keys:
        weight, found = index.weights[key], index.postings[key]
        window = set(_window(found, bisect.bisect_left(found, number)))
        window.discard(number)
        if anchored is not None and key not in index.broad:
            anchored.update(window)
        split = []
        for base, members in groups:
            shared = members & window
            if shared:
                members -= shared
                window -= shared
                split.append((base + weight, shared))
            if members:
                split.append((base, members))
        if window:
            split.append((0.0 + weight, window))
        groups = split
    if anchored is not None:
        groups = [(base, kept) for base, members in groups if (kept := members & anchored)]
    return groups


def _totals(number: int, index: RelatedIndex) -> dict[int, float]:
    """Shared weight by candidate, added one posting at a time: for an article whose
    keys' postings name an article twice, which then counts twice."""
    totals: dict[int, float] = {}
    anchored: set[int] = set()
    for key in index.keys[number]:
        weight, found = index.weights[key], index.postings[key]
        window = _window(found, bisect.bisect_left(found, number))
        if key not in index.broad:
            anchored.update(window)
        for other in window:
            totals[other] = totals.get(other, 0.0) + weight
    totals.pop(number, None)
    return {other: base for other, base in totals.items() if other in anchored}


def _best(
    number: int,
    groups: list[tuple[float, set[int]]],
    wanted: int,
    index: RelatedIndex,
    settings: RelatedSettings,
) -> list[int]:
    """The `wanted` best candidates at or above the threshold, best first.

    Groups are scored richest first, and a group whose best possible score is below the
    threshold or below the `wanted` scores already found is skipped: none of it could be
    shown. Each score is the same float as in the formula, added in the same order."""
    stamps, sections = index.stamps, index.sections
    when, section = stamps[number], sections[number]
    decay = math.log(0.5) / (settings.half_life_days * DAY)
    recency, bonus, threshold = settings.recency, settings.section, settings.threshold
    newer_ok = settings.include_newer
    exp = math.exp
    bounded = decay <= 0  # the recency factor is in [0, 1]: the ceilings hold
    most, lift = max(recency, 0.0), max(bonus, 0.0)
    found: list[tuple[float, int]] = []
    scores: list[float] = []  # the best `wanted` of them, once there are that many
    floor = -math.inf  # the wanted-th best score so far
    for base, members in sorted(groups, key=itemgetter(0), reverse=True):
        ceiling = base + most + lift
        if bounded and (ceiling < threshold or ceiling < floor):
            continue
        if not newer_ok:
            members = {other for other in members if stamps[other] <= when}
        for other in members:
            score = base + recency * exp(decay * abs(stamps[other] - when))
            if sections[other] == section:
                score += bonus
            if score >= threshold:
                found.append((score, other))
                scores.append(score)
        if len(scores) >= wanted:
            scores = sorted(scores)[-wanted:]
            floor = scores[0]
    if len(found) > wanted:  # only equal scores need the tie-breaks
        found = [(score, other) for score, other in found if score >= floor]
    urls = index.urls
    ranked = sorted((-score, -stamps[other], urls[other], other) for score, other in found)
    return [other for *_, other in ranked[:wanted]]


def _window(postings: Sequence[int], at: int) -> Sequence[int]:
    """The postings nearest in time to the one at `at` (postings are in date order)."""
    if len(postings) <= 2 * WINDOW + 1:
        return postings
    return postings[max(0, at - WINDOW) : at + WINDOW + 1]
