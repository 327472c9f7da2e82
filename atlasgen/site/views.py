"""The only objects templates see, documented field by field.

Every URL in a view is an href ready for a page (base path included, percent-encoded);
`permalink`/`canonical` fields are absolute. Text is plain and gets escaped by Jinja;
fields holding HTML are `Markup` and say so.

Views are made by `pageviews.PageViews`, from the pieces beside it: links.py (hrefs and
links), timetexts.py, cards.py, bodies.py (Markdown as HTML), jsonld.py, feedlinks.py
and pagination.py.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from markupsafe import Markup

NO_MARKUP = Markup("")


def _hash_once(view: Any) -> int:
    """The hash of a frozen view's fields, computed on first use and kept: cards and the
    site view key the cache of rendered partials (templates.partial) on every page.
    (String hashes differ between processes: views are never pickled, workers fork.)"""
    found: int | None = view.__dict__.get("_hash")
    if found is None:
        found = hash(tuple(getattr(view, f.name) for f in fields(view)))
        object.__setattr__(view, "_hash", found)
    return found


@dataclass(frozen=True)
class Link:
    name: str
    url: str  #: href


@dataclass(frozen=True)
class TimeView:
    iso: str  #: ISO-8601 in the site's zone, for <time datetime>
    text: str  #: formatted with site.date_format
    epoch: int  #: seconds since 1970-01-01 UTC, for sorting (the search index's date order)


@dataclass(frozen=True)
class ImageView:
    src: str  #: href or https URL (for a local picture: a resized copy, see images.py)
    alt: str
    credit: str
    caption: str
    width: int | None
    height: int | None
    absolute: str  #: absolute URL of the original, for Open Graph
    srcset: str = ""  #: "href 480w, href 960w, ..." in the picture's own format; "" if none
    webp_srcset: str = ""  #: the same widths as WebP; "" if none


@dataclass(frozen=True)
class ArticleCard:
    """What any page shows of an article: enough for a teaser or a list entry."""

    title: str
    dek: str
    url: str
    permalink: str
    section: Link
    tags: tuple[Link, ...]
    authors: tuple[Link, ...]
    published: TimeView
    updated: TimeView | None
    image: ImageView | None
    draft: bool  #: shown because of --drafts
    scheduled: bool  #: shown because of --future
    live: bool = False  #: a live blog whose coverage is still running: a "Live" badge

    __hash__ = _hash_once


@dataclass(frozen=True)
class UpdateView:
    """One update of a live blog, as its page lists it."""

    id: str  #: the element's id, "update-<file name>": stable, so links to it last
    url: str  #: href of the update on its blog's page ("#update-…")
    permalink: str  #: absolute URL of the same
    title: str  #: "" when the update has none
    published: TimeView
    authors: tuple[Link, ...]  #: the update's own, else the blog's
    image: ImageView | None
    pinned: bool
    body: Markup  #: HTML


@dataclass(frozen=True)
class LiveView:
    """What a live blog's page shows besides the article: its updates and whether the
    coverage still runs (then the page carries the badge and the script that polls)."""

    running: bool  #: the coverage has not ended: badge, "Live updates", polling
    ended: TimeView | None  #: when the coverage ended; None while it runs
    updates: tuple[UpdateView, ...]  #: pinned first, then newest first
    feed: str  #: href of the blog's live.json
    poll: int  #: seconds between two looks at live.json while the page is visible


@dataclass(frozen=True)
class CorrectionView:
    date: TimeView
    text: str


@dataclass(frozen=True)
class ShareLink:
    network: str  #: "x", "facebook", "linkedin", "whatsapp", "email"
    name: str  #: visible text, e.g. "LinkedIn"
    label: str  #: accessible name, e.g. "Share on LinkedIn"
    url: str


@dataclass(frozen=True)
class ArticleDetail:
    """What only the article's own page shows."""

    body: Markup  #: HTML
    takeaways: tuple[Markup, ...]  #: inline HTML each
    corrections: tuple[CorrectionView, ...]
    share: tuple[ShareLink, ...]
    related: tuple[ArticleCard, ...]
    newer: ArticleCard | None  #: the next newer story in the same section
    older: ArticleCard | None  #: the next older story in the same section
    extra: dict[str, object]  #: the article's `extra:` mapping, untouched


@dataclass(frozen=True)
class NewsletterView:
    name: str
    blurb: str
    action: str
    signin: str


@dataclass(frozen=True)
class SiteView:
    title: str
    tagline: str
    language: str
    url: str  #: href of the front page
    base_url: str
    sections: tuple[Link, ...]  #: navigation, in the order of the section list
    newsletter: NewsletterView | None
    takeaways_attribution: str
    year: int | None  #: the newest story's year, for the footer (None: no story yet)
    timezone: str
    search: str  #: href of the search page; "" when search is off ([search] enabled)
    direction: str = "ltr"  #: "rtl" for a language written right to left, for <html dir>
    #: href of the site's root, where the search index lives: `url` but for the front
    #: page of an edition in another language than the site's first ("/fr/")
    root: str = "/"

    __hash__ = _hash_once


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str  #: href
    type: str  #: "application/rss+xml" or "application/atom+xml"


@dataclass(frozen=True)
class AlternateView:
    """A version of the page in another of the site's languages (or this one's own):
    for `<link rel="alternate" hreflang>` and the language switcher."""

    language: str  #: its language code, for hreflang and lang ("fr", "pt-BR")
    name: str  #: the language's name in itself ("Français", "العربية")
    url: str  #: href
    absolute: str  #: absolute URL
    current: bool  #: the page itself


@dataclass(frozen=True)
class PageView:
    """Meta data every page carries."""

    kind: str  #: "front", "article", "section", "tag", "author", "404", "search"
    title: str  #: for <title>
    description: str
    url: str  #: href of this page
    canonical: str  #: absolute
    og_type: str
    image: str  #: absolute image URL or ""
    feeds: tuple[FeedLink, ...] = ()  #: for <link rel="alternate">
    json_ld: Markup = NO_MARKUP  #: JSON for <script type="application/ld+json">, escaped
    #: the page's versions in the site's languages, its own included (a story's
    #: translations, the editions' front pages); () when there are none
    alternates: tuple[AlternateView, ...] = ()
    x_default: str = ""  #: absolute URL of the version for hreflang="x-default"; "" if none


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    prev_url: str  #: "" on the first page
    next_url: str  #: "" on the last page
    #: The pages to link, name is the number: all of them up to pagination.PAGER_ALL,
    #: else the first, the last and PAGER_NEAR on each side of this one, a gap (url "")
    #: between.
    pages: tuple[Link, ...]


@dataclass(frozen=True)
class ProfileView:
    name: str
    bio: str
    photo: str  #: href or https URL, "" when none
    url: str  #: the author's page elsewhere, "" when none


@dataclass(frozen=True)
class ListingView:
    kind: str  #: "section", "tag", "author", "archive"
    name: str  #: "Technology", "Meta", "Priya Raman", "November 2026"
    articles: tuple[ArticleCard, ...]
    pagination: Pagination
    profile: ProfileView | None  #: author pages, from content/_data/authors.*
    archive: tuple[Link, ...]  #: months with stories, newest first (on section pages)


@dataclass(frozen=True)
class Term:
    name: str
    url: str
    count: int  #: published articles
    note: str  #: an author's bio, "" otherwise


@dataclass(frozen=True)
class TermsView:
    """An index page: every tag, every author, or every month."""

    kind: str  #: "tags", "authors", "archive"
    name: str  #: "Topics", "Authors", "Archive"
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class SectionBlock:
    section: Link
    articles: tuple[ArticleCard, ...]


@dataclass(frozen=True)
class FrontView:
    lead: ArticleCard | None
    top: tuple[ArticleCard, ...]
    sections: tuple[SectionBlock, ...]
