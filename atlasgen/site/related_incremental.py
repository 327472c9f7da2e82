"""Related lists across builds: only the lists an edit can change are computed again.

A rebuild recomputes only the lists an edit can change (`cached_related_articles`): a
list reads its article's names, their weights, the stories in its windows and its pins,
so a changed story changes the lists of its window neighbours in each name it has or
had (all of that name's stories when the name is small or its weight moves) and of the
stories pinning a slug it has or had. Every other list is the previous build's.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..config import RelatedSettings
from ..content.model import Article
from ..core.cache import BuildCache
from ..core.hashing import digest
from .related import WINDOW, Lists, RelatedIndex, computed_lists, key_names, related_index, rounded


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


def cached_related_articles(
    articles: Sequence[Article],
    settings: RelatedSettings,
    cache: BuildCache | None,
    jobs: int,
    edition: str = "",
) -> dict[str, tuple[Article, ...]]:
    """`related_articles`, recomputing only the lists that changed since the build that
    stored its lists in `cache`: none after a body edit (the usual change), the few
    around a new or retagged story, all when the settings or the rounded N changed.
    `edition`: the language of the stories of a site in several ("": the only one);
    each edition keeps its own lists."""
    counted = digest(
        "related", repr(settings), str(rounded(len(articles))), *([edition] if edition else [])
    )
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
    index = related_index(articles, settings, stamps)
    everything = range(len(articles))
    change = _compared(articles, lines, before.lines) if before is not None else None
    if before is None or change is None:
        return computed_lists(articles, settings, index, everything, jobs)
    stale = _stale(articles, index, change)
    redo = sorted(stale)
    lists = dict(zip(redo, computed_lists(articles, settings, index, redo, jobs), strict=True))
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


def _stale(articles: Sequence[Article], index: RelatedIndex, change: _Change) -> set[int]:
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
        number: [index.names[name] for name in key_names(*entry[5:7]) if name in index.names]
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
