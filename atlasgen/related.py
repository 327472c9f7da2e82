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
"""

from __future__ import annotations

import bisect
import heapq
import math
import multiprocessing
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .cache import digest
from .config import RelatedSettings
from .forking import can_fork
from .model import Article

DAY = 86_400.0
WINDOW = 25


@dataclass(frozen=True)
class _Index:
    postings: Mapping[str, tuple[int, ...]]  #: "tag:x" / "author:y" -> article numbers
    weights: Mapping[str, float]  #: the same keys -> settings weight x idf
    stamps: tuple[float, ...]  #: published, as POSIX seconds, by article number
    sections: tuple[str, ...]  #: section slug by article number


def _keys(article: Article) -> list[str]:
    return [f"tag:{t.casefold()}" for t in article.tags] + [
        f"author:{a.casefold()}" for a in article.authors
    ]


def _index(articles: Sequence[Article], settings: RelatedSettings) -> _Index:
    postings: dict[str, list[int]] = defaultdict(list)
    for number, article in enumerate(articles):
        for key in _keys(article):
            postings[key].append(number)
    total = len(articles)
    factor = {"tag": settings.tags, "author": settings.authors}
    weights = {
        key: factor[key.partition(":")[0]] * math.log(1 + total / len(found))
        for key, found in postings.items()
    }
    return _Index(
        {k: tuple(v) for k, v in postings.items()},
        weights,
        tuple(a.published.timestamp() for a in articles),
        tuple(a.category_slug for a in articles),
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
    return {
        a.source: tuple(articles[n] for n in chosen)
        for a, chosen in zip(articles, found, strict=True)
    }


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
        chosen = set(pinned)
        wanted = settings.count - len(pinned)
        ranked = heapq.nsmallest(
            wanted + len(chosen),
            (
                (-score, -index.stamps[other], articles[other].url, other)
                for other, score in _scores(number, _keys(article), index, settings)
            ),
        )
        best = [other for *_, other in ranked if other not in chosen]
        result.append(tuple(pinned + best[:wanted]))
    return result


def _scores(
    number: int, keys: list[str], index: _Index, settings: RelatedSettings
) -> list[tuple[int, float]]:
    """(candidate, score) for every candidate at or above the threshold."""
    totals: dict[int, float] = {}
    get = totals.get
    for key in keys:
        weight = index.weights[key]
        for other in _nearby(index.postings[key], number):
            totals[other] = get(other, 0.0) + weight
    totals.pop(number, None)
    stamps, sections = index.stamps, index.sections
    when, section = stamps[number], sections[number]
    decay = math.log(0.5) / (settings.half_life_days * DAY)
    recency, bonus, threshold = settings.recency, settings.section, settings.threshold
    newer_ok = settings.include_newer
    found = []
    for other, base in totals.items():
        stamp = stamps[other]
        if not newer_ok and stamp > when:
            continue
        score = base + recency * math.exp(decay * abs(stamp - when))
        if sections[other] == section:
            score += bonus
        if score >= threshold:
            found.append((other, score))
    return found


def _nearby(postings: tuple[int, ...], number: int) -> Sequence[int]:
    """The postings nearest in time to article `number` (postings are in date order)."""
    if len(postings) <= 2 * WINDOW + 1:
        return postings
    at = bisect.bisect_left(postings, number)
    return postings[max(0, at - WINDOW) : at + WINDOW + 1]
