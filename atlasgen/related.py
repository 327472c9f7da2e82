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

Candidates sharing the same keys share the same weight sum, so candidates are grouped
by the keys they share (a few set operations per article) and each sum is added once
per group, in the article's key order: the very float that adding candidate by
candidate gives. Groups are then scored richest first, and a group whose best possible
score (its sum plus the full recency and section bonuses) is below the threshold or
below the `count` scores already found is skipped. The lists are exactly those of the
plain formula; tests/test_related.py checks them against a plain copy of it.

A rebuild recomputes only the lists an edit can change (`cached_related_articles`): a
list reads its article's names, their weights, the stories in its windows and its pins,
so a changed story changes the lists of its window neighbours in each name it has or
had (all of that name's stories when the name is small or its weight moves) and of the
stories pinning a slug it has or had. Every other list is the previous build's.
"""

from __future__ import annotations

import bisect
import math
import multiprocessing
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from .cache import BuildCache, digest
from .config import RelatedSettings
from .forking import can_fork
from .model import Article

DAY = 86_400.0
WINDOW = 25


@dataclass(frozen=True)
class _Index:
    postings: tuple[tuple[int, ...], ...]  #: key number -> article numbers, in date order
    weights: tuple[float, ...]  #: key number -> settings weight x idf
    keys: tuple[tuple[int, ...], ...]  #: article number -> its key numbers, as in _names
    places: tuple[tuple[int, ...], ...]  #: article number -> where it is in their postings
    repeated: frozenset[int]  #: keys an article names twice ("Chips", "chips"): its
    #: number is twice in their postings
    stamps: tuple[float, ...]  #: published, as POSIX seconds, by article number
    sections: tuple[str, ...]  #: section slug by article number
    urls: tuple[str, ...]  #: by article number
    names: dict[str, int]  #: "tag:x" / "author:y" -> key number


def rounded(count: int) -> int:
    """`count` to two significant figures, rounded down: the N and df(x) of the idf."""
    step = int(10 ** max(0, len(str(count)) - 2))
    return count - count % step


def _names(tags: Sequence[str], authors: Sequence[str]) -> list[str]:
    return [f"tag:{t.casefold()}" for t in tags] + [f"author:{a.casefold()}" for a in authors]


def _index(
    articles: Sequence[Article], settings: RelatedSettings, stamps: Sequence[float] = ()
) -> _Index:
    """Everything the scoring reads, by number: keys, articles and sections are compared
    as small integers and strings are made once per name, not once per candidate.
    `stamps` are the articles' published stamps, if the caller has them already."""
    numbers: dict[str, int] = {}  # "tag:x" / "author:y" -> key number
    postings: list[list[int]] = []

    def numbered(kind: str, written: dict[str, int], names: Sequence[str]) -> list[int]:
        found = []
        for name in names:
            if name not in written:  # a name as written: casefolded once, not per article
                key = f"{kind}:{name.casefold()}"
                written[name] = numbers.setdefault(key, len(numbers))
                if written[name] == len(postings):
                    postings.append([])
            found.append(written[name])
        return found

    tags: dict[str, int] = {}
    authors: dict[str, int] = {}
    keys, places = [], []
    repeated: set[int] = set()
    for at, article in enumerate(articles):
        mine = tuple(
            numbered("tag", tags, article.tags) + numbered("author", authors, article.authors)
        )
        keys.append(mine)
        places.append(tuple([len(postings[key]) for key in mine]))
        for key in mine:
            postings[key].append(at)
        if len(mine) > 1 and len(set(mine)) < len(mine):
            repeated.update(mine)
    slugs: dict[str, str] = {}  # category -> its slug, made once
    for article in articles:
        if article.category not in slugs:
            slugs[article.category] = article.category_slug
    total = rounded(len(articles))
    factor = {"tag": settings.tags, "author": settings.authors}
    weights = tuple(
        factor[key.partition(":")[0]] * math.log(1 + total / rounded(len(postings[n])))
        for key, n in numbers.items()
    )
    return _Index(
        tuple(map(tuple, postings)),
        weights,
        tuple(keys),
        tuple(places),
        frozenset(repeated),
        tuple(stamps) or tuple(a.published.timestamp() for a in articles),
        tuple([slugs[a.category] for a in articles]),
        tuple([a.url for a in articles]),
        numbers,
    )


Inputs = tuple[str, str, str, float, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _inputs(articles: Sequence[Article]) -> list[Inputs]:
    """Everything `related_articles` reads of each article, its source first."""
    return [
        (a.source, a.slug, a.url, a.published.timestamp(), a.category, a.tags, a.authors, a.related)
        for a in articles
    ]


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
    found = _computed(articles, settings, _index(articles, settings), numbers, jobs)
    pick = articles.__getitem__
    return {
        articles[n].source: tuple(map(pick, chosen))
        for n, chosen in zip(numbers, found, strict=True)
    }


def cached_related_articles(
    articles: Sequence[Article], settings: RelatedSettings, cache: BuildCache | None, jobs: int
) -> dict[str, tuple[Article, ...]]:
    """`related_articles`, recomputing only the lists that changed since the build that
    stored its lists in `cache`: none after a body edit (the usual change), the few
    around a new or retagged story, all when the settings or the rounded N changed."""
    inputs = _inputs(articles)
    counted = digest("related", repr(settings), str(rounded(len(articles))))
    key = digest(counted, repr(inputs))  # covers every article, in this order
    stored = _stored(cache.result("related", counted)) if cache is not None else None
    if stored is not None and stored[0] == key:
        lists = stored[1]
    else:
        before = None
        if cache is not None and stored is not None:
            found = cache.result("related-inputs", stored[0])
            before = (found, stored[1]) if isinstance(found, list) else None
        lists = _updated(articles, settings, jobs, inputs, before)
        if cache is not None:  # as positions in `articles`: small ints unpickle fast
            cache.put_result("related", counted, (key, lists))
            cache.put_result("related-inputs", key, inputs)
    pick = articles.__getitem__
    return {a.source: tuple(map(pick, chosen)) for a, chosen in zip(articles, lists, strict=True)}


Lists = list[tuple[int, ...]]  #: related lists as positions in the articles


def _stored(value: Any) -> tuple[str, Lists] | None:
    """A cached (key, lists), or None for a value of another shape (other code's cache)."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], list):
        return value
    return None


def _updated(
    articles: Sequence[Article],
    settings: RelatedSettings,
    jobs: int,
    inputs: list[Inputs],
    before: tuple[list[Inputs], Lists] | None,
) -> Lists:
    """The lists: the previous build's (its inputs and lists in `before`) as far as
    `_stale` shows them unchanged, the others computed."""
    index = _index(articles, settings, [entry[3] for entry in inputs])
    everything = range(len(articles))
    if before is None or len(before[0]) != len(before[1]):
        return _computed(articles, settings, index, everything, jobs)
    stale = _stale(articles, index, inputs, before[0])
    if stale is None:
        return _computed(articles, settings, index, everything, jobs)
    redo = sorted(stale)
    lists = dict(zip(redo, _computed(articles, settings, index, redo, jobs), strict=True))
    position = {entry[0]: n for n, entry in enumerate(inputs)}
    renumbered = [position.get(entry[0], -1) for entry in before[0]]  # old -> new number
    gone = {old for old, now in enumerate(renumbered) if now < 0}
    found: Lists = [()] * len(inputs)
    for chosen, now in zip(before[1], renumbered, strict=True):
        if now >= 0 and now not in stale:
            assert not gone or gone.isdisjoint(chosen), "a kept list shows a removed story"
            found[now] = tuple(map(renumbered.__getitem__, chosen))
    for number, chosen in lists.items():
        found[number] = chosen
    return found


def _stale(
    articles: Sequence[Article], index: _Index, inputs: list[Inputs], before: list[Inputs]
) -> set[int] | None:
    """The articles (by number) whose lists may differ from the previous build's, whose
    inputs were `before`; None if that cannot be told (unchanged articles reordered).

    A list reads its article's inputs, the newest story with each slug it pins, its
    names' weights (N is the same: the cache key has it), and the stories in its names'
    windows with their stamps, sections and URLs. Unchanged stories keep their order,
    so beside the changed stories and those pinning a slug a changed story has or had,
    a list may change only when one of its names is a name a changed story has or had:
    then all of that name's stories when its weight moved or its windows are the whole
    name, else those within WINDOW of a changed story in the name's postings (before
    or after the change): no other window holds it or moves."""
    was = {entry[0]: entry for entry in before}
    now = {entry[0] for entry in inputs}
    moved = {entry[0] for entry in inputs if was.get(entry[0]) != entry} | (was.keys() - now)
    if [s for s in was if s not in moved] != [e[0] for e in inputs if e[0] not in moved]:
        return None
    position = {entry[0]: n for n, entry in enumerate(inputs)}
    stale = {position[s] for s in moved if s in position}
    slugs = {inputs[position[s]][1] for s in moved if s in position}
    slugs.update(was[s][1] for s in moved if s in was)  # a pin may now find another story
    stale.update(n for n, a in enumerate(articles) if a.related and not slugs.isdisjoint(a.related))

    def keys_before(source: str) -> Sequence[int]:
        if source not in moved:
            return index.keys[position[source]]
        return [index.names[name] for name in _names(*was[source][5:7]) if name in index.names]

    touched = {key for s in moved if s in position for key in index.keys[position[s]]}
    touched.update(key for s in moved if s in was for key in keys_before(s))
    postings: dict[int, list[str]] = {key: [] for key in touched}  # before, as sources
    for source in was:
        for key in keys_before(source):
            if key in postings:
                postings[key].append(source)
    sources = [entry[0] for entry in inputs]
    for key, old in postings.items():
        new = index.postings[key]
        if min(len(old), len(new)) <= 2 * WINDOW + 1 or rounded(len(old)) != rounded(len(new)):
            stale.update(new)
            continue
        for at, number in enumerate(new):
            if sources[number] in moved:
                stale.update(new[max(0, at - WINDOW) : at + WINDOW + 1])
        for at, source in enumerate(old):
            if source in moved:
                near = old[max(0, at - WINDOW) : at + WINDOW + 1]
                stale.update(position[s] for s in near if s in position)
    return stale


MIN_PARALLEL = 3000  #: below this many lists to compute, forking costs more than it saves


@dataclass(frozen=True)
class _Work:
    articles: Sequence[Article]
    settings: RelatedSettings
    index: _Index


_WORK: _Work | None = None  # set before forking; the workers inherit it


def _computed(
    articles: Sequence[Article],
    settings: RelatedSettings,
    index: _Index,
    numbers: Sequence[int],
    jobs: int,
) -> Lists:
    """The related lists (as article numbers) of the articles `numbers`, in that order;
    many of them are shared out among `jobs` forked processes."""
    if settings.count == 0:
        return [() for _ in numbers]
    global _WORK
    _WORK = _Work(articles, settings, index)
    try:
        if jobs > 1 and len(numbers) >= MIN_PARALLEL and can_fork():
            step = -(-len(numbers) // jobs)
            parts = [numbers[i : i + step] for i in range(0, len(numbers), step)]
            with multiprocessing.get_context("fork").Pool(processes=len(parts)) as pool:
                return [found for part in pool.map(_lists, parts) for found in part]
        return _lists(numbers)
    finally:
        _WORK = None


def _lists(numbers: Sequence[int]) -> Lists:
    """The related lists (as article numbers) of the articles `numbers`."""
    assert _WORK is not None
    articles, settings, index = _WORK.articles, _WORK.settings, _WORK.index
    by_slug: dict[str, int] = {}
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


def _groups(number: int, index: _Index) -> list[tuple[float, set[int]]]:
    """The candidates of article `number`, grouped by which of its keys they share, each
    group with its shared weight: Σ weight in the article's key order, the very float
    that adding candidate by candidate gives, computed once per group."""
    keys = index.keys[number]
    if index.repeated and not index.repeated.isdisjoint(keys):
        return [(base, {other}) for other, base in _totals(number, index).items()]
    groups: list[tuple[float, set[int]]] = []
    for key, at in zip(keys, index.places[number], strict=True):
        weight = index.weights[key]
        window = set(_window(index.postings[key], at))
        window.discard(number)
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
    return groups


def _totals(number: int, index: _Index) -> dict[int, float]:
    """Shared weight by candidate, added one posting at a time: for an article whose
    keys' postings name an article twice, which then counts twice."""
    totals: dict[int, float] = {}
    for key in index.keys[number]:
        weight, found = index.weights[key], index.postings[key]
        for other in _window(found, bisect.bisect_left(found, number)):
            totals[other] = totals.get(other, 0.0) + weight
    totals.pop(number, None)
    return totals


def _best(
    number: int,
    groups: list[tuple[float, set[int]]],
    wanted: int,
    index: _Index,
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


def _window(postings: tuple[int, ...], at: int) -> Sequence[int]:
    """The postings nearest in time to the one at `at` (postings are in date order)."""
    if len(postings) <= 2 * WINDOW + 1:
        return postings
    return postings[max(0, at - WINDOW) : at + WINDOW + 1]
