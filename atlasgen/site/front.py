"""The front page's order: the editors' curated slots first, then the newest stories.

Pure: the front file (content/editorial.py), the content set and the build's "now" in,
the order of stories out. A slug no article has is an error with a suggestion; one that
is a draft or scheduled in this build is skipped with a warning, so an editor can line
up a story before it goes live and it takes its slot on the first build after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..content.editorial import FrontFile, Pick
from ..content.model import Article, ContentSet
from ..core.errors import Diagnostic, error, suggest, warning

TOP_SLOTS = 4  #: stories beside the lead when the editors choose fewer


@dataclass(frozen=True)
class FrontOrder:
    """The stories in front-page order: `articles[0]` leads, the next `top` follow it,
    the rest fill the sections' blocks. Equal to the newest-first order when nobody
    curates."""

    articles: tuple[Article, ...]
    top: int = TOP_SLOTS
    curated: int = 0  #: how many of `articles` the editors placed
    lapsed: bool = False  #: the front file's `until` has passed


def curate_front(
    front: FrontFile | None, content: ContentSet, now: datetime
) -> tuple[FrontOrder, list[Diagnostic]]:
    """The front page's order, and what is wrong with the front file."""
    articles = content.articles
    if front is None:
        return FrontOrder(articles), []
    lapsed = front.until is not None and front.until <= now
    placed, found = _resolve(front, content, quiet=lapsed)
    if lapsed or not placed:
        return FrontOrder(articles, lapsed=lapsed), found
    chosen = {a.source for _, a in placed}
    rest = tuple(a for a in articles if a.source not in chosen)
    has_lead = placed[0][0].key == "lead"  # a skipped lead leaves its slot to the newest
    lead = () if has_lead else rest[:1]  # a curated top without a lead: the newest leads
    order = (*lead, *(a for _, a in placed), *rest[len(lead) :])
    top = max(TOP_SLOTS, len(placed) - (1 if has_lead else 0))
    return FrontOrder(order, top, len(placed)), found


def _resolve(
    front: FrontFile, content: ContentSet, quiet: bool
) -> tuple[list[tuple[Pick, Article]], list[Diagnostic]]:
    """The picked stories this build publishes, with their picks, in the file's order.
    `quiet`: the curation has lapsed, so only unknown slugs are worth a word."""
    by_slug: dict[str, Article] = {}
    for story in (*content.articles, *content.scheduled, *content.drafts):
        by_slug.setdefault(story.slug, story)
    published = {a.source for a in content.articles}
    placed: list[tuple[Pick, Article]] = []
    found: list[Diagnostic] = []
    for pick in front.picks:
        article = by_slug.get(pick.slug)
        if article is None and pick.slug in content.failed_slugs:
            continue  # its file failed to load: its own errors say why
        if article is None:
            found.append(_unknown(front, pick, by_slug))
        elif quiet:
            continue
        elif article.source not in published:
            found.append(_held_back(front, pick, article, content))
        elif any(a.source == article.source for _, a in placed):
            message = f"{pick.slug!r} is already on the front page; listed once"
            found.append(warning(front.source, pick.line, pick.key, message))
        else:
            placed.append((pick, article))
    return placed, found


def _unknown(front: FrontFile, pick: Pick, by_slug: dict[str, Article]) -> Diagnostic:
    message = f"no article has the slug {pick.slug!r}"
    return error(front.source, pick.line, pick.key, message, suggest(pick.slug, by_slug))


def _held_back(front: FrontFile, pick: Pick, article: Article, content: ContentSet) -> Diagnostic:
    if any(a.source == article.source for a in content.drafts):
        why = f"{pick.slug!r} is a draft ({article.source})"
    else:
        when = article.published.isoformat()
        why = f"{pick.slug!r} is scheduled for {when} ({article.source})"
    message = f"{why}; skipped until it is published"
    return warning(front.source, pick.line, pick.key, message)
