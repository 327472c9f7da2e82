"""Related articles: pinned first, then the best-scoring articles that share something.

For an article A and a candidate B the score is

    tags    * Σ idf(t)  over tags shared by A and B
  + authors * Σ idf(p)  over authors shared by A and B
  + section             if A and B are in the same section
  + recency * 0.5 ** (|days between them| / half_life_days)

with idf(x) = ln(1 + N / df(x)): a tag on three articles says far more than one on
three thousand. Only articles sharing a tag or an author are candidates (found through
an inverted index, never by comparing all pairs), so the section and recency bonuses
rank genuine matches but never make one. Candidates below `threshold` are not shown.

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
"""

from __future__ import annotations

import bisect
import math
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from .cache import digest
from .config import RelatedSettings
from .forking import can_fork
from .model import Article

DAY = 86_400.0
WINDOW = 25


@dataclass(frozen=True)
class _Index:
    postings: tuple[tuple[int, ...], ...]  #: key number -> article numbers, in date order
    weights: tuple[float, ...]  #: key number -> settings weight x idf
    keys: tuple[tuple[int, ...], ...]  #: article number -> its key numbers, as in _keys
    places: tuple[tuple[int, ...], ...]  #: article number -> where it is in their postings
    repeated: frozenset[int]  #: keys an article names twice ("Chips", "chips"): its
    #: number is twice in their postings
    stamps: tuple[float, ...]  #: published, as POSIX seconds, by article number
    sections: tuple[str, ...]  #: section slug by article number
    urls: tuple[str, ...]  #: by article number


def _keys(article: Article) -> list[str]:
    return [f"tag:{t.casefold()}" for t in article.tags] + [
        f"author:{a.casefold()}" for a in article.authors
    ]


def _index(articles: Sequence[Article], settings: RelatedSettings) -> _Index:
    """Everything the scoring reads, by number: keys, articles and sections are compared
    as small integers and strings are made once per article, not once per candidate."""
    numbers: dict[str, int] = {}  # "tag:x" / "author:y" -> key number
    postings: list[list[int]] = []
    keys, places = [], []
    for number, article in enumerate(articles):
        mine = []
        for name in _keys(article):
            if name not in numbers:
                numbers[name] = len(postings)
                postings.append([])
            mine.append(numbers[name])
        keys.append(tuple(mine))
        places.append(tuple(len(postings[key]) for key in mine))
        for key in mine:
            postings[key].append(number)
    repeated = {key for mine in keys if len(set(mine)) < len(mine) for key in mine}
    slugs: dict[str, str] = {}  # category -> its slug, made once
    for article in articles:
        if article.category not in slugs:
            slugs[article.category] = article.category_slug
    sections = tuple(slugs[a.category] for a in articles)
    total = len(articles)
    factor = {"tag": settings.tags, "author": settings.authors}
    weights = tuple(
        factor[key.partition(":")[0]] * math.log(1 + total / len(postings[n]))
        for key, n in numbers.items()
    )
    return _Index(
        tuple(map(tuple, postings)),
        weights,
        tuple(keys),
        tuple(places),
        frozenset(repeated),
        tuple(a.published.timestamp() for a in articles),
        sections,
        tuple(a.url for a in articles),
    )


def related_key(articles: Sequence[Article], settings: RelatedSettings) -> str:
    """A hash of everything `related_articles` reads: equal keys, equal lists."""
    return digest(
        "related",
        repr(settings),
        "\n".join(
            repr(
                (
                    a.source,
                    a.slug,
                    a.url,
                    a.published.timestamp(),
                    a.category,
                    a.tags,
                    a.authors,
                    a.related,
                )
            )
            for a in articles
        ),
    )


def related_articles(
    articles: Sequence[Article], settings: RelatedSettings, jobs: int = 1
) -> dict[str, tuple[Article, ...]]:
    """For each article (by source path), its related articles in display order; a big
    archive is shared out among `jobs` forked processes (the lists are the same)."""
    if settings.count == 0:
        return {a.source: () for a in articles}
    global _WORK
    _WORK = _Work(articles, settings, _index(articles, settings))
    try:
        if jobs > 1 and len(articles) >= MIN_PARALLEL and can_fork():
            step = -(-len(articles) // jobs)
            parts = [(i, min(i + step, len(articles))) for i in range(0, len(articles), step)]
            with multiprocessing.get_context("fork").Pool(processes=len(parts)) as pool:
                found = [n for part in pool.map(_lists, parts) for n in part]
        else:
            found = _lists((0, len(articles)))
    finally:
        _WORK = None
    pick = articles.__getitem__
    return {a.source: tuple(map(pick, chosen)) for a, chosen in zip(articles, found, strict=True)}


MIN_PARALLEL = 3000  #: below this many articles, forking costs more than it saves


@dataclass(frozen=True)
class _Work:
    articles: Sequence[Article]
    settings: RelatedSettings
    index: _Index


_WORK: _Work | None = None  # set before forking; the workers inherit it


def _lists(bounds: tuple[int, int]) -> list[tuple[int, ...]]:
    """The related lists (as article numbers) of articles start..stop-1."""
    assert _WORK is not None
    articles, settings, index = _WORK.articles, _WORK.settings, _WORK.index
    by_slug: dict[str, int] = {}
    for number, article in enumerate(articles):  # newest first: an ambiguous slug pins
        by_slug.setdefault(article.slug, number)  # the newest article
    result: list[tuple[int, ...]] = []
    for number in range(*bounds):
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
