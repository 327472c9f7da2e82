"""Preview builds (`--drafts`, `--future`) show held-back stories, and leak none of them.

A draft or a scheduled story in a preview has its page, marked `noindex` by the theme, and
appears on the front page and in lists, where an editor looks for it; but nothing that
travels beyond the preview names it: feeds, sitemaps, the search index, the latest
ticker's latest.json, and the related lists of published stories. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..content.model import Article


def is_public(article: Article, now: datetime) -> bool:
    """Published for real: neither a draft nor scheduled after `now`."""
    return not article.draft and article.published <= now


def held_back(articles: Iterable[Article], now: datetime) -> frozenset[str]:
    """The sources of the stories a preview shows that are not public; empty for every
    build that is not a preview."""
    return frozenset(a.source for a in articles if not is_public(a, now))


def public_related(
    related: dict[str, tuple[Article, ...]], articles: Iterable[Article], now: datetime
) -> dict[str, tuple[Article, ...]]:
    """Related lists in which a public story names only public stories (a held-back
    story's own list may name anything: its page is a preview's). The same mapping when
    the build holds nothing back, as nearly every build does."""
    previews = held_back(articles, now)
    if not previews:
        return related
    return {
        source: found if source in previews else tuple(a for a in found if a.source not in previews)
        for source, found in related.items()
    }
