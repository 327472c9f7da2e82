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

A very common tag or author (on more than 2 x WINDOW stories) contributes only its WINDOW
stories nearest in time on each side: it weighs little, the nearest are the ones recency
ranks first anyway, and an older story that shares something rarer is still found through
that rarer tag. This keeps the work per article bounded, so the whole computation grows
linearly with the archive instead of with the square of it.
Ties go to the newer article, then the URL, so the lists are the same on every build.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .config import RelatedSettings
from .model import Article

DAY = 86_400.0
WINDOW = 150


@dataclass(frozen=True)
class _Index:
    by_tag: Mapping[str, tuple[int, ...]]
    by_author: Mapping[str, tuple[int, ...]]
    tag_weight: Mapping[str, float]
    author_weight: Mapping[str, float]
    stamps: tuple[float, ...]  #: published, as POSIX seconds, by article number
    sections: tuple[str, ...]  #: section slug by article number


def _index(articles: Sequence[Article]) -> _Index:
    by_tag: dict[str, list[int]] = defaultdict(list)
    by_author: dict[str, list[int]] = defaultdict(list)
    for number, article in enumerate(articles):
        for tag in article.tags:
            by_tag[tag.casefold()].append(number)
        for author in article.authors:
            by_author[author.casefold()].append(number)
    total = len(articles)

    def idf(postings: Mapping[str, list[int]]) -> dict[str, float]:
        return {key: math.log(1 + total / len(found)) for key, found in postings.items()}

    return _Index(
        {k: tuple(v) for k, v in by_tag.items()},
        {k: tuple(v) for k, v in by_author.items()},
        idf(by_tag),
        idf(by_author),
        tuple(a.published.timestamp() for a in articles),
        tuple(a.category_slug for a in articles),
    )


def related_articles(
    articles: Sequence[Article], settings: RelatedSettings
) -> dict[str, tuple[Article, ...]]:
    """For each article (by source path), its related articles in display order."""
    if settings.count == 0:
        return {a.source: () for a in articles}
    index = _index(articles)
    by_slug: dict[str, Article] = {}
    for article in articles:  # newest first: an ambiguous slug pins the newest article
        by_slug.setdefault(article.slug, article)
    stamps = index.stamps
    result: dict[str, tuple[Article, ...]] = {}
    for number, article in enumerate(articles):
        pinned = [by_slug[s] for s in article.related if s in by_slug and s != article.slug]
        pinned = list({a.source: a for a in pinned}.values())[: settings.count]
        scores = _scores(number, articles, index, settings)
        chosen = {a.source for a in pinned} | {article.source}
        wanted = settings.count - len(pinned)
        ranked = heapq.nsmallest(
            wanted + len(chosen),
            (
                (-score, -stamps[other], articles[other].url, other)
                for other, score in scores.items()
                if score >= settings.threshold
                and (settings.include_newer or stamps[other] <= stamps[number])
            ),
        )
        best = [articles[other] for *_, other in ranked if articles[other].source not in chosen]
        result[article.source] = tuple(pinned + best[:wanted])
    return result


def _scores(
    number: int, articles: Sequence[Article], index: _Index, settings: RelatedSettings
) -> dict[int, float]:
    article = articles[number]
    scores: dict[int, float] = defaultdict(float)
    for names, postings, weights, factor in (
        (article.tags, index.by_tag, index.tag_weight, settings.tags),
        (article.authors, index.by_author, index.author_weight, settings.authors),
    ):
        for name in names:
            key = name.casefold()
            weight = factor * weights[key]
            for other in _nearby(postings[key], number):
                scores[other] += weight
    scores.pop(number, None)
    when, section = index.stamps[number], index.sections[number]
    half_life = settings.half_life_days * DAY
    for other in scores:
        if index.sections[other] == section:
            scores[other] += settings.section
        distance = abs(index.stamps[other] - when)
        scores[other] += settings.recency * 0.5 ** (distance / half_life)
    return scores


def _nearby(postings: tuple[int, ...], number: int) -> Sequence[int]:
    """The postings nearest in time to article `number` (postings are in date order)."""
    if len(postings) <= 2 * WINDOW + 1:
        return postings
    at = bisect.bisect_left(postings, number)
    return postings[max(0, at - WINDOW) : at + WINDOW + 1]
