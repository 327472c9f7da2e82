"""The moments at which a site's output changes by itself, with no file changed.

Output depends on "now" only through what is published: a story going live at its
`published` time, leaving the news sitemap's 48-hour window, an `until` of front.toml or
breaking.toml lapsing, a live blog's `live_ended`. Between two such moments every page,
feed and fragment is the same whatever the clock says, so the build cache keys its
"nothing changed" shortcut on the last moment crossed, not on "now": a rebuild a minute
later keeps the output as it is.

Pure: the content set, the editorial files and "now" in, a moment out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from ..content.editorial import Editorial
from ..content.model import ContentSet
from .seo import NEWS_WINDOW


def moments(content: ContentSet, editorial: Editorial) -> Iterator[datetime]:
    """Every moment at which the output of these files changes by itself."""
    for article in content.articles:
        yield article.published  # a scheduled story in a --future preview goes live
        yield article.published + NEWS_WINDOW  # and leaves the news sitemap
        if article.live_ended is not None:
            yield article.live_ended  # a live blog's coverage ends: its badges go
        for update in article.updates:
            yield update.published  # a scheduled update in a --future preview goes live
    for file in (editorial.front, editorial.breaking):
        if file is not None and file.until is not None:
            yield file.until


def last_moment(content: ContentSet, editorial: Editorial, now: datetime) -> datetime | None:
    """The latest moment at or before `now` (None: none yet): builds at any two times
    between two moments make the same output."""
    return max((moment for moment in moments(content, editorial) if moment <= now), default=None)


def moment_window(
    content: ContentSet, editorial: Editorial, now: datetime
) -> tuple[datetime | None, datetime | None]:
    """The last moment at or before `now` and the first after it (None: there is none),
    counting the scheduled stories' and live updates' times too (they go live then): a
    build at any time in between makes the output a build at `now` makes."""
    last: datetime | None = None
    following: datetime | None = None
    scheduled = [a.published for a in content.scheduled]
    scheduled += [u.published for u in content.held_updates]
    for moment in (*moments(content, editorial), *scheduled):
        if moment <= now:
            last = moment if last is None or moment > last else last
        elif following is None or moment < following:
            following = moment
    return last, following
