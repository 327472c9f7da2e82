"""RSS 2.0 and Atom feeds with feedgen (the only importer of feedgen).

Feeds are built from plain `FeedItem`s, so this module knows nothing of articles or
templates. Every date comes from the content (the channel's lastBuildDate is the newest
item's modification, not the clock), so the same input gives the same bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from .. import __version__

_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster))="([^"]*)"')
_SRCSET = re.compile(r'(\ssrcset)="([^"]*)"')

#: An empty feed's `updated` (Atom requires one): fixed, so that it never carries the
#: build's time; any story's own time replaces it.
EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str  #: absolute permalink; also the guid, so an edit never changes it
    published: datetime
    modified: datetime
    authors: tuple[str, ...]
    categories: tuple[str, ...]  #: section first, then tags
    summary: str  #: plain text (the dek)
    content_html: str = ""  #: full body with absolute URLs, or "" for summary-only feeds
    image: str = ""  #: absolute URL of the hero image
    image_type: str = ""  #: its MIME type
    #: RSS's one enclosure: the body's first video or audio file, else the hero image.
    enclosure: Enclosure | None = None


@dataclass(frozen=True)
class Enclosure:
    url: str  #: absolute
    length: int  #: the file's bytes (0 when not known: a picture on another site)
    type: str  #: MIME type


@dataclass(frozen=True)
class FeedChannel:
    title: str
    link: str  #: absolute URL of the page the feed follows
    self_url: str  #: absolute URL of the feed itself
    description: str
    language: str
    image: str  #: absolute URL of the publication's logo
    publisher: str = ""  #: Atom's feed-level author, for entries without one (RFC 4287)


def absolute_urls(body: str, base: str) -> str:
    """Make every href, src, poster and srcset URL in `html` absolute against `base`
    (the item's permalink)."""

    def absolute(value: str) -> str:
        if not value or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
            return value  # already absolute (https:, mailto:)
        return urljoin(base, html.unescape(value)).replace("&", "&amp;")

    def fix(match: re.Match[str]) -> str:
        attribute, value = match.groups()
        return f'{attribute}="{absolute(value)}"'

    def fix_set(match: re.Match[str]) -> str:
        attribute, value = match.groups()
        entries = (entry.strip().split(" ", 1) for entry in value.split(","))
        made = ", ".join(" ".join([absolute(e[0]), *e[1:]]) for e in entries)
        return f'{attribute}="{made}"'

    body = _URL_ATTRIBUTE.sub(fix, body)
    return _SRCSET.sub(fix_set, body) if " srcset=" in body else body


def corrections_html(
    corrections: Sequence[tuple[str, str, str]], heading: str = "Corrections"
) -> str:
    """What a full-content item adds after the body: its corrections, each an (ISO date,
    date as shown, plain text) triple, as a reader of the page sees them."""
    if not corrections:
        return ""
    items = "".join(
        f'<li><time datetime="{html.escape(iso)}">{html.escape(shown)}</time>: '
        f"{html.escape(text)}</li>"
        for iso, shown, text in corrections
    )
    return f"<h2>{html.escape(heading)}</h2><ul>{items}</ul>"


def _generator(channel: FeedChannel, items: Sequence[FeedItem], atom: bool) -> FeedGenerator:
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    feed.load_extension("media", atom=True, rss=True)
    feed.id(channel.link)
    feed.title(channel.title)
    feed.link(href=channel.self_url, rel="self")
    feed.link(href=channel.link, rel="alternate")  # feedgen's RSS <link> is the last one
    feed.description(_as_html(channel.description or channel.title, atom))
    feed.language(channel.language)
    feed.generator("atlasgen", __version__, "https://pypi.org/project/atlasgen/")
    feed.image(url=channel.image, title=channel.title, link=channel.link)
    feed.logo(channel.image)
    feed.author({"name": channel.publisher or channel.title})  # Atom only: RSS needs an email
    feed.updated(max((i.modified for i in items), default=EMPTY_FEED_UPDATED))
    for item in items:
        _add_entry(feed, item, atom)
    return feed


def _add_entry(feed: FeedGenerator, item: FeedItem, atom: bool) -> None:
    entry = feed.add_entry(order="append")
    entry.id(item.link)
    entry.guid(item.link, permalink=True)
    entry.title(item.title)
    entry.link(href=item.link, rel="alternate")
    entry.published(item.published)
    entry.pubDate(item.published)
    entry.updated(item.modified)
    for name in item.authors:
        entry.author({"name": name})
        entry.dc.dc_creator(name)
    for term in item.categories:
        entry.category(term=term)
    entry.description(_as_html(item.summary or item.title, atom), isSummary=True)  # Atom: <summary>
    if item.content_html:
        entry.content(item.content_html, type="html")
    if item.enclosure and not atom:  # feedgen 1.0 drops an Atom entry link's rel, so the
        # enclosure would become a second rel="alternate" link (RFC 4287 allows one)
        enclosure = item.enclosure
        entry.enclosure(enclosure.url, str(enclosure.length), enclosure.type)
    if item.image:
        entry.media.content({"url": item.image, "medium": "image"})


def _as_html(text: str, atom: bool) -> str:
    """Plain text for an element a reader shows as HTML: RSS's `description`s are HTML,
    so "AT&T <b>" is escaped once for HTML here and once more for XML by feedgen, and
    reads as written. Atom's `summary` and `subtitle` are sent as type="text": as is."""
    return text if atom else html.escape(text, quote=False)


def rss_feed(channel: FeedChannel, items: Sequence[FeedItem]) -> bytes:
    return bytes(_generator(channel, items, atom=False).rss_str(pretty=True))


def atom_feed(channel: FeedChannel, items: Sequence[FeedItem]) -> bytes:
    return bytes(_generator(channel, items, atom=True).atom_str(pretty=True))
