"""The files of a site that are not pages: feeds, sitemaps, robots.txt, _redirects."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from ..content.embeds import embeds_as_links
from ..content.model import Article
from ..core.hashing import digest
from ..core.urls import output_path
from ..site.editions import X_DEFAULT, Alternates
from ..site.feeds import (
    Enclosure,
    FeedChannel,
    FeedItem,
    absolute_urls,
    atom_feed,
    corrections_html,
    rss_feed,
)
from ..site.groupings import Indexes
from ..site.links import Links
from ..site.live import RenderUpdate, live_json_path, live_json_url
from ..site.pageviews import PageViews
from ..site.preview import held_back
from ..site.seo import (
    MAX_SITEMAP_URLS,
    NEWS_WINDOW,
    NewsEntry,
    SitemapEntry,
    news_sitemap,
    robots_txt,
    sitemaps,
)
from .pages import PlannedFile, PlannedPage
from .stamps import Stamps

Shows = tuple[Article, ...]
Versions = tuple[tuple[str, str], ...]


def feed_files(
    articles: tuple[Article, ...], indexes: Indexes, views: PageViews, stamps: Stamps
) -> list[PlannedFile]:
    """An edition's feeds (`articles` newest first, the edition's): the site's, its
    sections' and tags', under the edition's prefix. Made only when written: a feed's
    fingerprint comes from the stamps of its items."""
    return _feeds(articles, indexes, views, stamps, held_back(articles, views.now))


@dataclass(frozen=True)
class SiteWide:
    """What the files of the whole site (every edition's pages) are made from."""

    articles: tuple[Article, ...]  #: every edition's, newest first
    planned: Sequence[PlannedPage]  #: every edition's pages
    shown: Sequence[str]  #: each page's Fingerprint.content
    views: PageViews  #: the default edition's
    stamps: Stamps  #: the default edition's
    #: the versions of stories in the site's languages; None: a site in one language
    alternates: Alternates | None = None


def site_files(site: SiteWide) -> list[PlannedFile]:
    """The sitemaps (made only when written, from what each page shows), the news
    sitemap (each story in its own language) and robots.txt."""
    articles, views = site.articles, site.views
    config, absolute, now = views.config, views.links.absolute, views.now
    held = held_back(articles, now)  # shown by a preview build only: never beyond it
    files = _sitemaps(site, held)
    since = now - NEWS_WINDOW  # news_sitemap leaves the rest out: not worth their URLs
    news = []
    for a in articles:  # newest first: past the first story older than that, all are
        if a.published < since:
            break
        if not a.draft and a.published <= now:
            zoned = a.published.astimezone(config.tz)
            news.append(NewsEntry(absolute(a.url), a.title, zoned, a.lang))
    files.append(_file("/news-sitemap.xml", news_sitemap(news, now, config.title, config.language)))
    sitemap_url = absolute("/sitemap.xml")
    robots = robots_txt(sitemap_url, absolute("/news-sitemap.xml"), config.base_path)
    files.append(_file("/robots.txt", robots))
    return files  # (/_redirects: withdrawn.py, with the gone URLs)


def _sitemaps(site: SiteWide, held: frozenset[str] = frozenset()) -> list[PlannedFile]:
    """The sitemap files, made only when written (without the pages that show only
    `held` stories: a preview's drafts and scheduled stories). A sitemap shows each page's URL and
    the newest change among the stories it shows. So its fingerprint holds, for a story's
    own page, what dates the story (Stamps.dated: not its body, so a body edit leaves the
    sitemap be), and for the others, which stories they show (their fingerprints): each
    of those stories has its own page in the sitemap, which dates it. A story's page
    also shows its translations' URLs (hreflang alternates)."""
    pages, marks = [], []
    versions = _versions(site.alternates)
    for page, mark in zip(site.planned, site.shown, strict=True):
        if page.in_sitemap and not (held and page.shows and _only_held(page.shows, held)):
            pages.append(page)
            story = page.shows[0] if page.shows else None
            if story is not None and page.source == story.source:
                mark = f"{site.stamps.dated(story)} {versions(page)}"
            marks.append(f"{page.url} {mark}")
    key = digest("sitemaps", site.stamps.world, "\n".join(marks))
    made: dict[str, str] = {}
    views = site.views

    def make(name: str) -> str:
        if not made:
            entries = _sitemap_entries(pages, views, site.articles, held, versions)
            made.update(sitemaps(entries, views.links.absolute("/sitemap.xml")))
        return made[name]

    return [
        PlannedFile(f"/{name}", name, digest(key, name), partial(make, name))
        for name in sitemap_names(len(pages))
    ]


def _versions(alternates: Alternates | None) -> Callable[[PlannedPage], Versions]:
    """A page's (hreflang, site URL) alternates for the sitemap: a story's own page's
    translations, then x-default; () for any other page."""

    def versions(page: PlannedPage) -> Versions:
        story = page.shows[0] if page.shows else None
        if alternates is None or story is None or page.source != story.source:
            return ()
        if page.template != "article.html":
            return ()
        found = alternates.of_article(story)
        if not found:
            return ()
        return (*found.items(), (X_DEFAULT, next(iter(found.values()))))

    return versions


def _sitemap_entries(
    pages: Sequence[PlannedPage],
    views: PageViews,
    articles: Sequence[Article],
    held: frozenset[str],
    versions: Callable[[PlannedPage], Versions],
) -> list[SitemapEntry]:
    """Each page's absolute URL and the newest change among the stories it shows.

    Made for 13,000 pages showing 70,000 stories at 10,000 stories, so: each story's
    change is compared as a POSIX time (comparing aware datetimes of different UTC
    offsets costs microseconds each), found by the story's id (no article is read again),
    and put in the site's zone once per distinct time, one datetime for the pages that
    share it (seo writes its text once). A `held` story (a preview's) dates no page."""
    changed: dict[int, float] = {}  # id(article) -> its last change as a POSIX time
    moments: dict[float, datetime] = {}  # POSIX time -> a story's change at that time
    for a in articles:
        moment = a.modified
        changed[id(a)] = when = moment.timestamp()
        moments[when] = moment
        if held and a.source in held:  # (a page showing only held stories is left out)
            changed[id(a)] = float("-inf")
    zone = views.config.tz
    local: dict[float, datetime] = {}  # POSIX time -> that time in the site's zone
    entries = []
    for page in pages:
        at = None
        if shows := page.shows:
            if len(shows) == 1:  # a story's own page
                when = changed[id(shows[0])]
            else:
                when = max(map(changed.__getitem__, map(id, shows)))
            at = local.get(when)
            if at is None:
                at = local[when] = moments[when].astimezone(zone)
        absolute = views.links.absolute
        alternates = tuple((code, absolute(url)) for code, url in versions(page))
        entries.append(SitemapEntry(absolute(page.url), at, alternates))
    return entries


def sitemap_names(count: int, limit: int = MAX_SITEMAP_URLS) -> list[str]:
    """The files `seo.sitemaps` makes for `count` pages: one, or numbered parts and
    their index."""
    parts = -(-count // limit)
    if parts <= 1:
        return ["sitemap.xml"]
    return [f"sitemap-{n}.xml" for n in range(1, parts + 1)] + ["sitemap.xml"]


def redirects(articles: Sequence[Article], links: Links) -> str:
    """Netlify/Cloudflare Pages `_redirects`: one permanent redirect per alias."""
    href = links.href
    lines = [f"{href(alias)} {href(a.url)} 301" for a in articles for alias in a.aliases]
    return "".join(line + "\n" for line in sorted(lines))


def _only_held(shows: Shows, held: frozenset[str]) -> bool:
    return all(a.source in held for a in shows)


def _public(articles: Shows, held: frozenset[str]) -> Shows:
    return tuple(a for a in articles if a.source not in held) if held else articles


def _feeds(
    articles: tuple[Article, ...],
    indexes: Indexes,
    views: PageViews,
    stamps: Stamps,
    held: frozenset[str] = frozenset(),
) -> list[PlannedFile]:
    """The site's, sections' and tags' feeds, of public stories only (not `held`)."""
    config = views.config
    count, full = config.feeds.items, config.feeds.full_content
    files: list[PlannedFile] = []

    def add(atom: bool, title: str, about: str, page: str, feed: str, shows: Shows) -> None:
        channel = FeedChannel(
            title,
            views.links.absolute(page),
            views.links.absolute(feed),
            about or title,
            config.language,
            views.jsonld.logo,
            config.title,
        )
        # Tag feeds carry summaries only: hundreds of tags with full bodies would
        # multiply the site's size for little gain; the site and section feeds are full.
        body = full and not page.startswith(f"{local}/tags/")
        make = atom_feed if atom else rss_feed

        def text() -> str:
            return make(channel, [_item(a, views, body) for a in shows]).decode("utf-8")

        key = digest("feed", str(atom), str(body), stamps.world, repr(channel))
        files.append(
            PlannedFile(feed, output_path(feed), digest(key, stamps.articles(shows)), text)
        )

    latest = _public(articles, held)[:count]
    local = views.links.prefix  # the edition's
    add(False, config.title, config.tagline, f"{local}/", f"{local}/feed.xml", latest)
    add(True, config.title, config.tagline, f"{local}/", f"{local}/atom.xml", latest)
    for prefix, about, groups in (
        ("/", "list.latest_in", indexes.sections),
        ("/tags/", "list.feed_tagged", indexes.tags.groups),
    ):
        for group in groups:
            page = f"{local}{prefix}{group.slug}/"
            shows = _public(group.articles, held)[:count]
            if not shows and group.articles:
                continue  # a section or tag of held-back stories only: no feed yet
            title = f"{config.title}: {group.name}"
            description = views.strings.text(about, name=group.name)
            add(False, title, description, page, f"{page}feed.xml", shows)
    return files


def _item(article: Article, views: PageViews, full: bool) -> FeedItem:
    card = views.cards.card(article)
    image, image_type = "", ""
    if card.image is not None:
        image = card.image.absolute
        image_type = mimetypes.guess_type(image)[0] or "image/jpeg"
    zone = views.config.tz
    return FeedItem(
        title=article.title,
        link=card.permalink,
        published=article.published.astimezone(zone),
        modified=article.modified.astimezone(zone),
        authors=article.authors,
        categories=(article.category, *article.tags),
        summary=article.dek,
        content_html=_full_content(article, views, card.permalink) if full else "",
        image=image,
        image_type=image_type,
        enclosure=_enclosure(article, views, image, image_type),
    )


def _enclosure(article: Article, views: PageViews, image: str, image_type: str) -> Enclosure | None:
    """The body's first video or audio file, else the hero picture, with its real size."""
    media = views.bodies.media.enclosure(article)
    if media is not None:
        path, known = media
        return Enclosure(views.links.absolute(path), known.size, known.type)
    if not image or article.image is None:
        return None
    found = views.cards.images.get(article.image.src)
    return Enclosure(image, found.size if found else 0, image_type)


def _full_content(article: Article, views: PageViews, permalink: str) -> str:
    """The body with absolute links (an embed as its link alone), then a live blog's
    updates and the corrections as the page shows them."""
    days = [views.times.day(c.date) for c in article.corrections]
    shown = [(day.iso, day.text, c.text) for day, c in zip(days, article.corrections, strict=True)]
    body = embeds_as_links(views.bodies.html(article) + views.live.feed_html(article))
    heading = views.strings.text("article.corrections")
    return absolute_urls(body, permalink) + corrections_html(shown, heading)


def live_files(
    articles: Sequence[Article],
    views: PageViews,
    stamps: Stamps,
    render: RenderUpdate,
    templates: str,
) -> list[PlannedFile]:
    """Each live blog's live.json, made only when written: its fingerprint is the blog's
    article stamp (its updates and whether it is still live) and the templates' key."""
    files = []
    for blog in articles:
        if blog.live:
            key = digest("live.json", templates, stamps.world, stamps.article(blog))
            make = partial(views.live.json, blog, render)
            files.append(PlannedFile(live_json_url(blog), live_json_path(blog), key, make))
    return files


def _file(url: str, text: str) -> PlannedFile:
    return PlannedFile.of(url, output_path(url), text)
