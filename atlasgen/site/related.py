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

import ast
import bisect
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from typing import NamedTuple

from ..config import RelatedSettings
from ..content.model import Article
from ..core.cache import BuildCache
from ..core.forking import forked_map, spans, worker_count
from ..core.hashing import digest

DAY = 86_400.0
WINDOW = 25


@dataclass(frozen=True)
class _Index:
    postings: Sequence[Sequence[int]]  #: key number -> article numbers, in date order
    weights: tuple[float, ...]  #: key number -> settings weight x idf
    keys: Sequence[tuple[int, ...]]  #: article number -> its key numbers, as in _names
    repeated: frozenset[int]  #: keys an article names twice ("Chips", "chips"): its
    #: number is twice in their postings
    stamps: Sequence[float]  #: published, as POSIX seconds, by article number
    sections: Sequence[str]  #: section slug by article number
    urls: Sequence[str]  #: by article number
    names: dict[str, int]  #: "tag:x" / "author:y" -> key number


def rounded(count: int) -> int:
    """`count` to two significant figures, rounded down: the N and df(x) of the idf."""
    step = int(10 ** max(0, len(str(count)) - 2))
    return count - count % step


def _names(tags: Sequence[str], authors: Sequence[str]) -> list[str]:
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


def _index(
    articles: Sequence[Article], settings: RelatedSettings, stamps: Sequence[float]
) -> _Index:
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
    weights = tuple(
        factor[key.partition(":")[0]] * math.log(1 + total / rounded(len(postings[n])))
        for key, n in numbers.items()
    )
    return _Index(
        postings,
        weights,
        keys,
        frozenset(repeated),
        stamps,
        list(map(slugs.__getitem__, categories)),
        [a.url for a in articles],
        numbers,
    )


def _stamps(articles: Sequence[Article]) -> list[float]:
    return [a.published.timestamp() for a in articles]


def _line(a: Article, stamp: float) -> str:
    """Everything `related_articles` reads of an article, as the text of a tuple (its
    source first) that ast.literal_eval reads back: ten thousand lines compare, hash and
    pickle in milliseconds, where as many tuples of strings cost tens of them."""
    return (
        f"({a.source!r}, {a.slug!r}, {a.url!r}, {stamp!r}, {a.category!r}, {a.tags!r}, "
        f"{a.authors!r}, {a.related!r})"
    )


class _Stored(NamedTuple):
    """What a build leaves for the next one, by article number."""

    keys: list[str]  #: Article.key
    stamps: list[float]
    lines: list[str]  #: `_line`
    lists: list[tuple[int, ...]]  #: related lists as article numbers


def _inputs(articles: Sequence[Article], before: _Stored | None) -> tuple[list[float], list[str]]:
    """Each article's stamp and line. An article parsed from what the previous build
    parsed (the same Article.key: the same file, path and settings, so the same values)
    has that build's: a new story makes one line, not ten thousand."""
    known = {}
    if before is not None:
        known = dict(zip(before.keys, zip(before.stamps, before.lines, strict=True), strict=True))
        known.pop("", None)  # "": a hand-made article, its key unknown
    found = list(map(known.get, [a.key for a in articles]))
    for number, hit in enumerate(found):
        if hit is None:
            stamp = articles[number].published.timestamp()
            found[number] = (stamp, _line(articles[number], stamp))
    return [hit[0] for hit in found], [hit[1] for hit in found]  # type: ignore[index]


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
    index = _index(articles, settings, _stamps(articles))
    found = _computed(articles, settings, index, numbers, jobs)
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
    counted = digest("related", repr(settings), str(rounded(len(articles))))
    found = cache.results.get("related", counted) if cache is not None else None
    stored = found if isinstance(found, _Stored) and _whole(found) else None
    stamps, lines = _inputs(articles, stored)
    if stored is not None and stored.lines == lines:
        lists = stored.lists
    else:
        lists = _updated(articles, settings, jobs, stamps, lines, stored)
        if cache is not None:  # as positions in `articles`: small ints unpickle fast
            keys = [a.key for a in articles]
            cache.results.put("related", counted, _Stored(keys, stamps, lines, lists))
    pick = articles.__getitem__
    shown = [tuple(map(pick, found)) for found in lists]
    return dict(zip([a.source for a in articles], shown, strict=True))


Lists = list[tuple[int, ...]]  #: related lists as positions in the articles


def _whole(stored: _Stored) -> bool:
    """Whether a cached value has the shape this code stores (other code's may not)."""
    sizes = {len(part) if isinstance(part, list) else -1 for part in stored}
    return len(sizes) == 1 and -1 not in sizes


def _updated(
    articles: Sequence[Article],
    settings: RelatedSettings,
    jobs: int,
    stamps: Sequence[float],
    lines: list[str],
    before: _Stored | None,
) -> Lists:
    """The lists: the previous build's (`before`) as far as `_stale` shows them
    unchanged, the others computed."""
    index = _index(articles, settings, stamps)
    everything = range(len(articles))
    change = _compared(articles, lines, before.lines) if before is not None else None
    if before is None or change is None:
        return _computed(articles, settings, index, everything, jobs)
    stale = _stale(articles, index, change)
    redo = sorted(stale)
    lists = dict(zip(redo, _computed(articles, settings, index, redo, jobs), strict=True))
    renumbered = change.renumbered
    found: Lists = [()] * len(lines)
    for chosen, now in zip(before.lists, renumbered, strict=True):
        if now >= 0 and now not in stale:
            kept = found[now] = tuple(map(renumbered.__getitem__, chosen))
            assert -1 not in kept, "a kept list shows a removed story"
    for number, chosen in lists.items():
        found[number] = chosen
    return found


Inputs = tuple[str, str, str, float, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class _Change:
    """How this build's articles differ from the previous build's, by their `_lines`."""

    fresh: set[int]  #: numbers (now) of the stories that are new or changed
    gone: dict[int, Inputs]  #: old number -> old inputs, of the stories changed or removed
    renumbered: list[int]  #: old number -> number now (-1: removed)
    previous: list[int]  #: number now -> old number, of the unchanged stories (else -1)


def _compared(articles: Sequence[Article], lines: list[str], old: list[str]) -> _Change | None:
    """The change from the articles whose `_line`s were `old`; None if it cannot be told
    (unchanged articles reordered, or two articles with the same inputs)."""
    now, was = set(lines), set(old)
    if len(now) != len(lines) or len(was) != len(old):
        return None
    kept_now = [n for n, line in enumerate(lines) if line in was]
    kept_old = [n for n, line in enumerate(old) if line in now]
    if [lines[n] for n in kept_now] != [old[n] for n in kept_old]:
        return None
    renumbered, previous = [-1] * len(old), [-1] * len(lines)
    for before, after in zip(kept_old, kept_now, strict=True):
        renumbered[before], previous[after] = after, before
    fresh = {n for n, line in enumerate(lines) if line not in was}
    gone: dict[int, Inputs] = {
        n: ast.literal_eval(line) for n, line in enumerate(old) if line not in now
    }
    where = {articles[n].source: n for n in fresh}
    for number, entry in gone.items():
        renumbered[number] = where.get(entry[0], -1)
    return _Change(fresh, gone, renumbered, previous)


def _stale(articles: Sequence[Article], index: _Index, change: _Change) -> set[int]:
    """The articles (by number) whose lists may differ from the previous build's.

    A list reads its article's inputs, the newest story with each slug it pins, its
    names' weights (N is the same: the cache key has it), and the stories in its names'
    windows with their stamps, sections and URLs. Unchanged stories keep their order,
    so beside the changed stories and those pinning a slug a changed story has or had,
    a list may change only when one of its names is a name a changed story has or had:
    then all of that name's stories when its weight moved or its windows are the whole
    name, else those within WINDOW of a changed story in the name's postings (before
    or after the change): no other window holds it or moves."""
    fresh, gone, renumbered = change.fresh, change.gone, change.renumbered
    stale = set(fresh)
    slugs = {articles[n].slug for n in fresh} | {entry[1] for entry in gone.values()}
    stale.update(n for n, a in enumerate(articles) if a.related and not slugs.isdisjoint(a.related))
    had = {  # a changed or removed story's keys before, those that still exist
        number: [index.names[name] for name in _names(*entry[5:7]) if name in index.names]
        for number, entry in gone.items()
    }
    touched = {key for n in fresh for key in index.keys[n]}
    touched.update(key for keys in had.values() for key in keys)
    postings: dict[int, list[int]] = {  # before, as old numbers: the unchanged stories'
        key: [change.previous[n] for n in index.postings[key] if n not in fresh] for key in touched
    }
    for number, keys in had.items():
        for key in keys:
            postings[key].append(number)
    for key, old in postings.items():
        old.sort()
        new = index.postings[key]
        if min(len(old), len(new)) <= 2 * WINDOW + 1 or rounded(len(old)) != rounded(len(new)):
            stale.update(new)
            continue
        for at, number in enumerate(new):
            if number in fresh:
                stale.update(new[max(0, at - WINDOW) : at + WINDOW + 1])
        for at, number in enumerate(old):
            if number in gone:
                stale.update(renumbered[n] for n in old[max(0, at - WINDOW) : at + WINDOW + 1])
    stale.discard(-1)
    return stale


MIN_PARALLEL = 3000  #: below this many lists to compute, forking costs more than it saves


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
    workers = worker_count(jobs, len(numbers), MIN_PARALLEL)
    parts = [numbers[start:stop] for start, stop in spans(len(numbers), workers)]
    task = partial(_lists, articles, settings, index)
    return [found for part in forked_map(task, parts, workers) for found in part]


def _lists(
    articles: Sequence[Article], settings: RelatedSettings, index: _Index, numbers: Sequence[int]
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


def _groups(number: int, index: _Index) -> list[tuple[float, set[int]]]:
    """The candidates of article `number`, grouped by which of its keys they share, each
    group with its shared weight: Σ weight in the article's key order, the very float
    that adding candidate by candidate gives, computed once per group."""
    keys = index.keys[number]
    if index.repeated and not index.repeated.isdisjoint(keys):
        return [(base, {other}) for other, base in _totals(number, index).items()]
    groups: list[tuple[float, set[int]]] = []
    for key in keys:
        weight, found = index.weights[key], index.postings[key]
        window = set(_window(found, bisect.bisect_left(found, number)))
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


def _window(postings: Sequence[int], at: int) -> Sequence[int]:
    """The postings nearest in time to the one at `at` (postings are in date order)."""
    if len(postings) <= 2 * WINDOW + 1:
        return postings
    return postings[max(0, at - WINDOW) : at + WINDOW + 1]
