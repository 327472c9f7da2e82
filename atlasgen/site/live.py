"""A live blog's views: its updates as its page lists them, its `live.json` (what the
page's script polls for updates that came after it was built), and its JSON-LD
`LiveBlogPosting`.

The updates are rendered with the articles' Markdown pipeline, once per build each, and
shared by the page, live.json, the JSON-LD and the full-content feeds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from markupsafe import Markup

from ..content.markdown import MarkdownRenderer
from ..content.model import Article, LiveUpdate
from ..core.urls import output_path
from .cards import Cards
from .groupings import Indexes
from .seo import w3c_time
from .views import Link, LiveView, UpdateView

RenderUpdate = Callable[[UpdateView], str]  #: an update's element as the theme makes it
POLL_SECONDS = 60  #: how often a reader's page looks at live.json: at most once a minute
LIVE_JSON = "live.json"  #: beside the blog's page


def live_json_url(blog: Article) -> str:
    """The site URL of a live blog's updates for its page's script."""
    return f"{blog.url}{LIVE_JSON}" if blog.url.endswith("/") else f"{blog.url}.{LIVE_JSON}"


def live_json_path(blog: Article) -> str:
    return output_path(live_json_url(blog))


class LiveViews:
    """Live blogs' updates as views, JSON and JSON-LD, for one build at `now`."""

    def __init__(
        self, cards: Cards, markup: MarkdownRenderer, now: datetime, indexes: Indexes | None
    ) -> None:
        self.cards, self.markup, self.now = cards, markup, now
        self.links, self.times = cards.links, cards.times
        self._authors = indexes.authors.slugs if indexes is not None else {}
        self._html: dict[str, str] = {}  #: update source -> its body as HTML

    def html(self, update: LiveUpdate) -> str:
        found = self._html.get(update.source)
        if found is None:
            found = self._html[update.source] = self.markup.render(update.body)
        return found

    def view(self, blog: Article) -> LiveView | None:
        """The blog's live part; None for an article that is no live blog."""
        if not blog.live:
            return None
        running = blog.live_at(self.now)
        ended = blog.live_ended if not running else None
        return LiveView(
            running=running,
            ended=self.times.time(ended) if ended is not None else None,
            updates=tuple(self.update(blog, u) for u in blog.updates),
            feed=self.links.href(live_json_url(blog)),
            poll=POLL_SECONDS,
        )

    def update(self, blog: Article, u: LiveUpdate) -> UpdateView:
        fragment = f"#{u.anchor}"
        return UpdateView(
            id=u.anchor,
            url=fragment,
            permalink=self.links.absolute(blog.url) + fragment,
            title=u.title,
            published=self.times.time(u.published),
            authors=tuple(map(self._author, u.authors or blog.authors)),
            image=self.cards.image(u.image) if u.image else None,
            pinned=u.pinned,
            body=Markup(self.html(u)),
        )

    def _author(self, name: str) -> Link:
        """A link to the writer's page, if they have one (stories make author pages,
        updates do not); a plain name otherwise."""
        if name.casefold() not in self._authors:
            return Link(name, "")
        return self.links.author(name)

    def json(self, blog: Article, render: RenderUpdate) -> str:
        """live.json: the updates newest first (pinned or not: the script shows what is
        new), each with its element as the page shows it (`render`: the theme's), and
        whether the coverage has ended. Same input, same bytes."""
        newest = sorted(blog.updates, key=lambda u: (-u.published.timestamp(), u.stem))
        data = {
            "url": self.links.absolute(blog.url),
            "ended": not blog.live_at(self.now),
            "updates": [
                {
                    "id": u.anchor,
                    "published": w3c_time(u.published.astimezone(self.times.zone)),
                    "title": u.title,
                    "html": render(self.update(blog, u)).strip(),
                }
                for u in newest
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def feed_html(self, blog: Article) -> str:
        """What a full-content feed adds after a live blog's body: its updates, as plain
        HTML (feed readers style nothing)."""
        parts = []
        for u in blog.updates:
            view = self.update(blog, u)
            title = f"<h3>{Markup.escape(view.title)}</h3>" if view.title else ""
            parts.append(
                f'<p><a href="{view.url}"><time datetime="{view.published.iso}">'
                f"{Markup.escape(view.published.text)}</time></a></p>{title}{view.body}"
            )
        return f"<h2>Live updates</h2>{''.join(parts)}" if parts else ""

    def posting(self, blog: Article, base: dict[str, Any]) -> dict[str, Any]:
        """A NewsArticle's JSON-LD (`base`) made the blog's LiveBlogPosting: coverage
        start (published) and end (`live_ended`: when it ended, or when it is planned
        to end, as schema.org defines it), and a BlogPosting per update."""
        zone = self.times.zone
        data = {**base, "@type": "LiveBlogPosting"}
        data["coverageStartTime"] = w3c_time(blog.published.astimezone(zone))
        if blog.live_ended is not None:
            data["coverageEndTime"] = w3c_time(blog.live_ended.astimezone(zone))
        data["liveBlogUpdate"] = [self._posting(blog, u, base) for u in blog.updates]
        return data

    def _posting(self, blog: Article, u: LiveUpdate, base: dict[str, Any]) -> dict[str, Any]:
        view = self.update(blog, u)
        origin = self.links.origin
        posting: dict[str, Any] = {
            "@type": "BlogPosting",
            "headline": u.title or _first_words(view.body),
            "datePublished": w3c_time(u.published.astimezone(self.times.zone)),
            "url": view.permalink,
            "author": [
                {"@type": "Person", "name": a.name, **({"url": origin + a.url} if a.url else {})}
                for a in view.authors
            ],
            "articleBody": " ".join(view.body.striptags().split()),
            "publisher": base["publisher"],
        }
        if view.image is not None:
            posting["image"] = [view.image.absolute]
        return posting


def _first_words(body: Markup, limit: int = 110) -> str:
    """A headline for an update without a title: its text's start, cut at a word."""
    text = " ".join(body.striptags().split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
