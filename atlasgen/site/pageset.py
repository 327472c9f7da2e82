"""Every URL a build publishes, known before anything is planned: what a link may point at.

The link check (linkcheck.py) runs in the load stage, beside the field checks, so that a
writer sees a dead link together with every other problem of the run. The plan, which
knows the pages exactly, comes later; so the pages are listed here from the same
groupings the plan uses (sections, tags, authors, months, each paginated), and a test
holds the two together: every URL the plan writes is in the set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..content.model import Article
from ..core.urls import page_url
from .groupings import Indexes, paginate
from .live import live_json_url

#: Files every edition writes besides pages and its lists' feeds (editions.py): the
#: default one at the site's root, another under its prefix ("/fr/feed.xml").
EDITION_FILES = (
    "/feed.xml",
    "/atom.xml",
    "/_includes/clocks.html",
    "/_includes/markets.html",
    "/_includes/latest.html",
    "/_includes/breaking.html",
    "/_includes/latest.json",
)
#: Files every build writes besides pages, feeds and sitemaps.
FIXED_FILES = (
    "/feed.xml",
    "/atom.xml",
    "/sitemap.xml",
    "/news-sitemap.xml",
    "/robots.txt",
    "/_redirects",
    "/_includes/clocks.html",
    "/_includes/markets.html",
    "/_includes/latest.html",
    "/_includes/breaking.html",
    "/_includes/latest.json",
)


@dataclass(frozen=True)
class SitePages:
    """The site URLs ("/world/story/", "/images/a.jpg") a build publishes."""

    pages: frozenset[str]  #: pages (a folder URL or a .html file), redirects included
    files: frozenset[str]  #: every other file: feeds, copied files, theme assets...
    folders: tuple[str, ...] = ()  #: folders whose every file counts ("/pagefind/")
    #: URL -> the story published there (an alias: the story it redirects to), for anchors
    stories: Mapping[str, Article] = field(default_factory=dict)
    #: URL -> why it is not published: a draft's or a scheduled story's
    held: Mapping[str, str] = field(default_factory=dict)

    def has(self, url: str) -> bool:
        if url in self.pages or url in self.files:
            return True
        return any(url.startswith(folder) for folder in self.folders)


@dataclass(frozen=True)
class PageSources:
    """What decides a build's URLs, as the load stage has it."""

    articles: Sequence[Article]  #: published by this build, previews included
    held: Sequence[Article]  #: left out: drafts and scheduled stories
    indexes: Indexes  #: the groupings of `articles` (related lists not needed)
    page_size: int
    files: Iterable[str] = ()  #: site URLs of copied and generated files
    search: bool = False  #: the search page and the index's folder
    #: the other editions of a site in several languages: (URL prefix, the groupings of
    #: its stories); `indexes` are then the default edition's
    editions: Sequence[tuple[str, Indexes]] = ()


def site_pages(sources: PageSources) -> SitePages:
    """The pages and files of a build, as `build/pages.py` and `build/publish.py` plan them."""
    pages = {"/", "/404.html", "/tags/", "/authors/", "/archive/"}
    files = set(FIXED_FILES) | set(sources.files)
    stories: dict[str, Article] = {}
    for article in sources.articles:
        pages.add(article.url)
        stories[article.url] = article
        if article.live:
            files.add(live_json_url(article))  # a live blog's updates, for its page
        for alias in article.aliases:
            pages.add(alias)
            stories.setdefault(alias, article)
    for edition, indexes in (("", sources.indexes), *sources.editions):
        pages.update(edition + page for page in _list_pages(indexes, sources.page_size))
        for prefix, groups in (("/", indexes.sections), ("/tags/", indexes.tags.groups)):
            files.update(f"{edition}{prefix}{group.slug}/feed.xml" for group in groups)
        if edition:
            pages.update(edition + page for page in ("/", "/404.html", "/tags/", "/authors/"))
            pages.add(f"{edition}/archive/")
            files.update(edition + file for file in EDITION_FILES)
    folders: tuple[str, ...] = ()
    if sources.search:
        pages.update(f"{edition}/search/" for edition, _ in (("", None), *sources.editions))
        folders = ("/pagefind/",)
    held = {a.url: _why_held(a) for a in sources.held if a.url not in pages}
    return SitePages(frozenset(pages), frozenset(files), folders, stories, held)


def _list_pages(indexes: Indexes, page_size: int) -> Iterable[str]:
    """Every page of the paginated lists: sections, tags, authors and months."""
    firsts = [(f"/{g.slug}/", len(g.articles)) for g in indexes.sections]
    firsts += [(f"/tags/{g.slug}/", len(g.articles)) for g in indexes.tags.groups]
    firsts += [(f"/authors/{g.slug}/", len(g.articles)) for g in indexes.authors.groups]
    firsts += [(m.url, len(m.articles)) for m in indexes.archives]
    for first, count in firsts:
        for page in paginate(range(count), page_size):
            yield page_url(first, page.number)


def _why_held(article: Article) -> str:
    if article.draft:
        return f"it is a draft: {article.source}"
    return f"it is scheduled for {article.published.isoformat()}: {article.source}"
