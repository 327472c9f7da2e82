"""The only objects templates see, documented field by field.

Every URL in a view is an href ready for a page (base path included, percent-encoded);
`permalink`/`canonical` fields are absolute. Text is plain and gets escaped by Jinja;
fields holding HTML are `Markup` and say so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..config import SiteConfig
from ..content.images import ImageIndex
from ..content.markdown import MarkdownRenderer
from ..content.model import Article, Image
from ..content.profiles import Profile
from ..core.cache import BuildCache, digest
from ..core.slugs import slugify
from ..core.times import format_local, format_time, iso_local
from ..core.urls import href, page_url
from .groupings import Group, Indexes, Month, Page, Taxonomy, neighbours
from .seo import breadcrumbs, json_ld, news_article

DAY_FORMAT = "%-d %b %Y"
NO_MARKUP = Markup("")
MONTH_FORMAT = "%B %Y"
PAGER_ALL = 9  #: a list of up to this many pages links every one from each
PAGER_NEAR = 2  #: else: the first, the last, and this many on each side of the current


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

    __hash__ = _hash_once


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
    year: int  #: the build's year in the site's zone, for the footer
    timezone: str
    search: str  #: href of the search page; "" when search is off ([search] enabled)

    __hash__ = _hash_once


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str  #: href
    type: str  #: "application/rss+xml" or "application/atom+xml"


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


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    prev_url: str  #: "" on the first page
    next_url: str  #: "" on the last page
    #: The pages to link, name is the number: all of them up to PAGER_ALL, else the first,
    #: the last and PAGER_NEAR on each side of this one, a gap (url "") between.
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


class ViewFactory:
    """Turns model values into views for one build; cards are made once per article."""

    def __init__(
        self,
        config: SiteConfig,
        markup: MarkdownRenderer,
        now: datetime,
        indexes: Indexes | None = None,
        profiles: dict[str, Profile] | None = None,
        cache: BuildCache | None = None,
        images: ImageIndex | None = None,
        read_body: Callable[[Article], str] = lambda article: article.body,
    ) -> None:
        """`read_body`: an article's Markdown, which the loader leaves in its file."""
        self.config = config
        self.read_body = read_body
        self.images = images or {}
        self.markup = markup
        self.now = now
        self.indexes = indexes
        self.profiles = profiles or {}
        self.cache = cache
        # Read on every link and time: the config's properties compute them each call.
        self._base_path, self._origin, self._tz = config.base_path, config.origin, config.tz
        self._cards: dict[str, ArticleCard] = {}
        self._bodies: dict[str, str] = {}
        # What thousands of pages repeat, made once: links to sections, tags and
        # authors, the site's feeds, the archive's months, a list's page links.
        self._links: dict[tuple[str, str], Link] = {}
        self._feeds: tuple[FeedLink, ...] | None = None
        self._more_feeds: dict[tuple[tuple[str, str], ...], tuple[FeedLink, ...]] = {}
        self._archive: tuple[Link, ...] | None = None
        self._markdown_salt = ""  #: the Markdown settings' part of `markdown_key`
        self._pages: dict[tuple[str, int], Link] = {}  #: (list, page number) -> its link
        #: Site URL -> href: an article's URL is linked five times on its own page
        #: (card, canonical, share links) and again from lists, feeds and sitemaps.
        self._hrefs: dict[str, str] = {}
        self._logo = ""
        self._neighbours: dict[str, tuple[Article | None, Article | None]] = {}
        if indexes is not None:
            for section in indexes.sections:
                self._neighbours.update(neighbours(section))

    def tag_url(self, name: str) -> str:
        return self._link(name, "tags").url

    def author_url(self, name: str) -> str:
        return self._link(name, "authors").url

    def _link(self, name: str, kind: str) -> Link:
        """A link to a section (kind "") or to a tag's or an author's page."""
        found = self._links.get((name, kind))
        if found is None:
            slug = self._slug(name, kind) if kind else slugify(name)
            path = f"/{kind}/{slug}/" if kind else f"/{slug}/"
            found = self._links[name, kind] = Link(name, self.href(path))
        return found

    def _slug(self, name: str, kind: str) -> str:
        if self.indexes is None:
            return slugify(name)
        found: Taxonomy = self.indexes.tags if kind == "tags" else self.indexes.authors
        return found.slug(name)

    def href(self, url: str) -> str:
        found = self._hrefs.get(url)
        if found is None:
            found = self._hrefs[url] = href(self._base_path, url)
        return found

    def absolute(self, url: str) -> str:
        """`urls.absolute`, from the href made once."""
        return self._origin + self.href(url)

    def time(self, moment: datetime) -> TimeView:
        return self._time(moment, self.config.date_format)

    def day(self, moment: datetime) -> TimeView:
        """A date without its time of day, for corrections: "10 Apr 2026"."""
        return self._time(moment, DAY_FORMAT)

    def _time(self, moment: datetime, fmt: str) -> TimeView:
        local = moment.astimezone(self._tz)  # once for both texts
        return TimeView(iso_local(local), format_local(local, fmt), int(moment.timestamp()))

    def section_description(self, slug: str) -> Markup:
        """A declared section's description (sections.py) as inline HTML; "" if none."""
        text = self.indexes.descriptions.get(slug, "") if self.indexes else ""
        return Markup(self.markup.render_inline(text)) if text else NO_MARKUP

    def section_link(self, name: str) -> Link:
        return self._link(name, "")

    def site(self, sections: tuple[Group, ...]) -> SiteView:
        c = self.config
        letter = c.newsletter
        return SiteView(
            title=c.title,
            tagline=c.tagline,
            language=c.language,
            url=self.href("/"),
            base_url=c.base_url,
            sections=tuple(Link(g.name, self.href(f"/{g.slug}/")) for g in sections),
            newsletter=NewsletterView(letter.name, letter.blurb, letter.action, letter.signin)
            if letter.enabled
            else None,
            takeaways_attribution=c.takeaways_attribution,
            year=self.now.astimezone(c.tz).year,
            timezone=c.timezone,
            search=self.href("/search/") if c.search.enabled else "",
        )

    def card(self, article: Article) -> ArticleCard:
        cached = self._cards.get(article.source)
        if cached is None:
            cached = self._cards[article.source] = self._make_card(article)
        return cached

    def _make_card(self, a: Article) -> ArticleCard:
        return ArticleCard(
            title=a.title,
            dek=a.dek,
            url=self.href(a.url),
            permalink=self.absolute(a.url),
            section=self.section_link(a.category),
            tags=tuple(self._link(t, "tags") for t in a.tags),
            authors=tuple(self._link(n, "authors") for n in a.authors),
            published=self.time(a.published),
            updated=self.time(a.updated) if a.updated and a.updated != a.published else None,
            image=self.image(a.image) if a.image else None,
            draft=a.draft,
            scheduled=a.published > self.now,
        )

    def image(self, image: Image) -> ImageView:
        """An article's picture; a local one with its resized variants (images.py)."""
        if image.external:
            return ImageView(
                image.src, image.alt, image.credit, image.caption, None, None, image.src
            )
        plain = ImageView(
            self.href(image.src),
            image.alt,
            image.credit,
            image.caption,
            image.width,
            image.height,
            self.absolute(image.src),
        )
        found = self.images.get(image.src)
        fallback = found.fallback if found else None
        if found is None or fallback is None:
            return plain

        def srcset(fmt: str) -> str:
            return ", ".join(f"{self.href(v.path)} {v.width}w" for v in found.of_format(fmt))

        return replace(
            plain,
            src=self.href(fallback.path),
            width=found.width,
            height=found.height,
            srcset=srcset(fallback.format),
            webp_srcset=srcset("webp") if fallback.format != "webp" else "",
        )

    def detail(self, a: Article) -> ArticleDetail:
        related = self.indexes.related.get(a.source, ()) if self.indexes else ()
        newer, older = self.neighbours(a)
        return ArticleDetail(
            body=Markup(self.body_html(a)),
            takeaways=tuple(Markup(self.markup.render_inline(t)) for t in a.takeaways),
            corrections=tuple(CorrectionView(self.day(c.date), c.text) for c in a.corrections),
            share=share_links(self.absolute(a.url), a.title),
            related=tuple(self.card(r) for r in related),
            newer=self.card(newer) if newer else None,
            older=self.card(older) if older else None,
            extra=dict(a.extra),
        )

    def neighbours(self, a: Article) -> tuple[Article | None, Article | None]:
        """The (newer, older) story beside this one in its section."""
        return self._neighbours.get(a.source, (None, None))

    def body_html(self, article: Article) -> str:
        """The article's body as HTML, rendered once per build (pages and feeds share it)
        and, with a build cache, once per change of its text."""
        found = self._bodies.get(article.source)
        if found is None:
            key = self.markdown_key(article)
            cached = self.cache.get_markdown(key) if self.cache else None
            found = cached if cached is not None else self.markup.render(self.read_body(article))
            if self.cache is not None and cached is None:
                self.cache.put_markdown(key, found)
            self._bodies[article.source] = found
        return found

    def markdown_key(self, article: Article) -> str:
        """The build cache's key of an article's rendered body: the hash of the file it
        was parsed from (`Article.key`; the body itself when it has none) and the
        Markdown settings."""
        settings = self.markup.settings
        if not article.key:
            return digest("markdown", article.body, str(settings.html), settings.base_path)
        if not self._markdown_salt:  # made once: a build asks for every article's key
            self._markdown_salt = digest("markdown", str(settings.html), settings.base_path)
        return f"{article.key}:{self._markdown_salt}"

    @property
    def logo(self) -> str:
        """Absolute URL of the publisher's logo: `logo` in site.toml, else the theme's."""
        if not self._logo:  # made once: every article's JSON-LD names it
            logo = self.config.logo
            self._logo = (
                logo
                if logo.startswith("https://")
                else self.absolute(logo if logo else "/static/logo.png")
            )
        return self._logo

    def feed_links(self, *extra: tuple[str, str]) -> tuple[FeedLink, ...]:
        """The site's RSS and Atom feeds, then any (title, site URL) RSS feeds given."""
        title = self.config.title
        if self._feeds is None:
            self._feeds = (
                FeedLink(f"{title} (RSS)", self.href("/feed.xml"), "application/rss+xml"),
                FeedLink(f"{title} (Atom)", self.href("/atom.xml"), "application/atom+xml"),
            )
        if not extra:
            return self._feeds
        found = self._more_feeds.get(extra)  # a section's: the same on each of its pages
        if found is None:
            found = self._more_feeds[extra] = (
                *self._feeds,
                *(
                    FeedLink(f"{title}: {name}", self.href(url), "application/rss+xml")
                    for name, url in extra
                ),
            )
        return found

    def article_json_ld(self, a: Article) -> Markup:
        card = self.card(a)
        data = news_article(
            url=card.permalink,
            headline=a.title,
            description=a.dek,
            images=[card.image.absolute] if card.image else [],
            published=a.published.astimezone(self._tz),
            modified=a.modified.astimezone(self._tz),
            authors=[(n, self._origin + self._link(n, "authors").url) for n in a.authors],
            publisher=self.config.title,
            logo=self.logo,
            section=a.category,
            keywords=a.tags,
            language=self.config.language,
            corrections=[(c.date.astimezone(self._tz), c.text) for c in a.corrections],
        )
        return Markup(json_ld(data))

    def breadcrumbs_json_ld(self, trail: tuple[tuple[str, str], ...]) -> Markup:
        """BreadcrumbList from the front page through (name, site URL) pairs."""
        pairs = [(self.config.title, self.absolute("/"))]
        pairs += [(name, self.absolute(url)) for name, url in trail]
        return Markup(json_ld(breadcrumbs(pairs)))

    def page(
        self,
        kind: str,
        title: str,
        url: str,
        description: str = "",
        image: str = "",
        og_type: str = "website",
        feeds: tuple[FeedLink, ...] | None = None,
        json_ld: Markup = NO_MARKUP,
    ) -> PageView:
        c = self.config
        full_title = c.title if kind == "front" else f"{title} | {c.title}"
        return PageView(
            kind,
            full_title,
            description or c.tagline or c.title,
            self.href(url),
            self.absolute(url),
            og_type,
            image,
            self.feed_links() if feeds is None else feeds,
            json_ld,
        )

    def month_name(self, month: Month) -> str:
        return format_time(month.articles[0].published, MONTH_FORMAT, self._tz)

    def profile(self, name: str) -> ProfileView | None:
        found = self.profiles.get(name.casefold())
        if found is None:
            return None
        photo = (
            found.photo
            if found.photo.startswith("https://") or not found.photo
            else self.href(found.photo)
        )
        return ProfileView(found.name, found.bio, photo, found.url)

    def archive_links(self) -> tuple[Link, ...]:
        """The months with stories, newest first: the same on every section page."""
        if self._archive is None:
            months = self.indexes.archives if self.indexes else ()
            self._archive = tuple(Link(self.month_name(m), self.href(m.url)) for m in months)
        return self._archive

    def terms(self, kind: str) -> TermsView:
        """The /tags/, /authors/ or /archive/ index page."""
        indexes = self.indexes
        assert indexes is not None
        if kind == "archive":
            terms = tuple(
                Term(self.month_name(m), self.href(m.url), len(m.articles), "")
                for m in indexes.archives
            )
            return TermsView(kind, "Archive", terms)
        groups = indexes.tags.groups if kind == "tags" else indexes.authors.groups
        prefix = "/tags/" if kind == "tags" else "/authors/"
        terms = tuple(
            Term(
                g.name,
                self.href(f"{prefix}{g.slug}/"),
                len(g.articles),
                (
                    self.profiles[g.name.casefold()].bio
                    if kind == "authors" and g.name.casefold() in self.profiles
                    else ""
                ),
            )
            for g in groups
        )
        return TermsView(kind, "Topics" if kind == "tags" else "Authors", terms)

    def listing(self, kind: str, group: Group, page: Page[Article], first_url: str) -> ListingView:
        number, total = page.number, page.total
        return ListingView(
            kind=kind,
            name=group.name,
            articles=tuple(self.card(a) for a in page.items),
            profile=self.profile(group.name) if kind == "author" else None,
            archive=self.archive_links() if kind == "section" else (),
            pagination=Pagination(
                number=number,
                total=total,
                prev_url=self.href(page_url(first_url, number - 1)) if number > 1 else "",
                next_url=self.href(page_url(first_url, number + 1)) if number < total else "",
                pages=self.page_links(first_url, number, total),
            ),
        )

    def page_links(self, first_url: str, number: int, total: int) -> tuple[Link, ...]:
        """The pages a list's page links to, by number (see Pagination.pages). A tag on
        9,000 stories has 450 pages: linking every one from each would make the pages
        of a list grow with the square of its length, for a reader who wants the next."""
        if total <= PAGER_ALL:
            shown = list(range(1, total + 1))
        else:
            near = range(max(1, number - PAGER_NEAR), min(total, number + PAGER_NEAR) + 1)
            shown = sorted({1, *near, total})
        links: list[Link] = []
        for n in shown:
            if links and int(links[-1].name) != n - 1:
                links.append(Link("…", ""))
            links.append(self._page_link(first_url, n))
        return tuple(links)

    def _page_link(self, first_url: str, n: int) -> Link:
        found = self._pages.get((first_url, n))
        if found is None:
            found = self._pages[first_url, n] = Link(str(n), self.href(page_url(first_url, n)))
        return found

    def front(
        self,
        articles: tuple[Article, ...],
        sections: tuple[Group, ...],
        per_section: int = 4,
        top: int = 4,
    ) -> FrontView:
        """`articles` in front-page order (site/front.py): the lead, the `top` next."""
        lead = self.card(articles[0]) if articles else None
        shown = {a.source for a in articles[: top + 1]}
        top_cards = tuple(self.card(a) for a in articles[1 : top + 1])
        blocks = []
        for group in sections:
            rest = [a for a in group.articles if a.source not in shown][:per_section]
            if rest:
                blocks.append(
                    SectionBlock(
                        Link(group.name, self.href(f"/{group.slug}/")),
                        tuple(self.card(a) for a in rest),
                    )
                )
        return FrontView(lead, top_cards, tuple(blocks))


def share_links(url: str, title: str) -> tuple[ShareLink, ...]:
    """Plain share URLs: no third-party script runs on our pages. The URL and the title
    are quoted once each, not once per link: every article page makes these. The form
    `urlencode` gives them (quote_plus) is that with "+" for each space: as "%" itself
    is quoted ("%25"), every "%20" in a quoted text is a space."""
    url_q, title_q = quote(url, safe=""), quote(title, safe="")
    url_qp, title_qp = url_q.replace("%20", "+"), title_q.replace("%20", "+")
    return (
        ShareLink(
            "x",
            "X",
            "Share on X",
            f"https://twitter.com/intent/tweet?url={url_qp}&text={title_qp}",
        ),
        ShareLink(
            "facebook",
            "Facebook",
            "Share on Facebook",
            f"https://www.facebook.com/sharer/sharer.php?u={url_q}",
        ),
        ShareLink(
            "linkedin",
            "LinkedIn",
            "Share on LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?url={url_q}",
        ),
        ShareLink(
            "whatsapp",
            "WhatsApp",
            "Share on WhatsApp",
            f"https://wa.me/?text={title_qp}+{url_qp}",  # "{title} {url}", quoted
        ),
        ShareLink(
            "email",
            "Email",
            "Share by email",
            f"mailto:?subject={title_q}&body={url_q}",
        ),
    )
