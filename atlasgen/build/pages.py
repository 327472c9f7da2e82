"""Which pages a site has, and rendering each through the theme.

`plan_pages` is pure: it decides every page (URL, template, what it shows) from the
content set. `render_pages` turns the plan into HTML; each page renders on its own, so
the plan can later be split across processes and skipped when unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jinja2 import Environment, TemplateNotFound
from markupsafe import Markup

from ..content.model import Article, ContentSet
from ..core.hashing import digest
from ..core.urls import output_path, page_url
from ..site.breaking import BREAKING, BreakingView
from ..site.front import FrontOrder
from ..site.groupings import Group, Indexes, paginate
from ..site.live import RenderUpdate
from ..site.pageviews import PageViews
from ..site.tickers import FRAGMENTS, TickerData, TickerSlots
from ..site.views import SiteView, UpdateView
from .stamps import Stamps


@dataclass(frozen=True)
class PlannedPage:
    url: str  #: site-relative
    template: str
    owner: str  #: what asked for the page, for collision messages
    context: Callable[[], dict[str, Any]] = field(compare=False)
    shows: tuple[Article, ...] = ()  #: the stories whose changes date it, for sitemaps
    source: str = ""  #: the content file that asked for the page, if any
    line: int = 0  #: and the line in it (an alias)
    #: A digest of everything the page shows, from stamps (stamps.py), for the pages
    #: that make up most of a site; None: fingerprint the full view data instead.
    deps: Callable[[], str] | None = field(default=None, compare=False)
    #: The language of the edition the page belongs to (its templates' strings); "":
    #: the site's default language.
    edition: str = ""
    #: The output file's path, relative to the output folder.
    path: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", output_path(self.url))

    @property
    def modified(self) -> datetime | None:
        """Newest change among what it shows, for sitemaps."""
        return max((a.modified for a in self.shows), default=None)

    @property
    def in_sitemap(self) -> bool:
        return self.template not in ("redirect.html", "404.html", "search.html", "gone.html")


@dataclass(frozen=True)
class PlannedFile:
    """A file of the site that is not a page (a feed, a sitemap...): made only when its
    fingerprint differs from the previous build's."""

    url: str
    path: str  #: relative output path
    fingerprint: str
    make: Callable[[], str] = field(compare=False)

    @staticmethod
    def of(url: str, path: str, text: str) -> PlannedFile:
        """A file whose text is already made: its fingerprint is its text's hash."""
        return PlannedFile(url, path, digest("file", text), lambda: text)


def plan_pages(
    content: ContentSet,
    indexes: Indexes,
    views: PageViews,
    site: SiteView,
    tickers: TickerSlots,
    stamps: Stamps,
) -> list[PlannedPage]:
    """Every page of an edition (of the site, in one language); `tickers` is what the
    header shows. `content.articles` are the edition's stories."""
    planner = _Planner(views, site, tickers, stamps)
    articles = content.articles
    front = indexes.front or FrontOrder(articles)
    home = views.links.prefix + "/"
    planner.add(
        home,
        "front.html",
        "the front page",
        lambda: {
            "page": views.page("front", site.title, home, versions=views.versions()),
            "front": views.front(front.articles, indexes.sections, top=front.top),
        },
        front.articles[:1],
    )
    _plan_articles(planner, articles)
    _plan_lists(planner, indexes, views.config.build.page_size)
    _plan_fixed(planner, articles)
    return planner.planned


class _Planner:
    """Collects the planned pages; each page's template also sees the site and the
    header's tickers."""

    def __init__(
        self, views: PageViews, site: SiteView, tickers: TickerSlots, stamps: Stamps
    ) -> None:
        self.views, self.site, self.tickers, self.stamps = views, site, tickers, stamps
        self.planned: list[PlannedPage] = []
        self.edition = views.edition.key if views.edition is not None else ""

    def add(
        self,
        url: str,
        template: str,
        owner: str,
        make: Callable[[], dict[str, Any]],
        shows: tuple[Article, ...] = (),
        *,
        source: str = "",
        line: int = 0,
        deps: Callable[[], str] | None = None,
    ) -> None:
        site, tickers = self.site, self.tickers
        self.planned.append(
            PlannedPage(
                url,
                template,
                owner,
                lambda: {"site": site, "tickers": tickers, **make()},
                shows,
                source,
                line,
                deps,
                self.edition,
            )
        )


def _plan_articles(planner: _Planner, articles: tuple[Article, ...]) -> None:
    """Each story's page, and a redirect page for each of its aliases."""
    views, stamps = planner.views, planner.stamps
    for article in articles:
        planner.add(
            article.url,
            "article.html",
            article.source,
            article_context(views, article),
            (article,),
            source=article.source,
            deps=_article_deps(stamps, views, article),
        )
        for number, alias in enumerate(article.aliases):
            planner.add(
                alias,
                "redirect.html",
                f"an alias in {article.source}",
                _redirect_context(views, article),
                source=article.source,
                line=article.line_of("aliases", number),
                deps=_redirect_deps(stamps, article),
            )


def _plan_lists(planner: _Planner, indexes: Indexes, page_size: int) -> None:
    """The paginated lists: sections, tags, authors and months."""
    views, stamps = planner.views, planner.stamps
    local = views.links.prefix
    months = tuple(
        Group(views.times.month_name(m), local + m.url, m.articles) for m in indexes.archives
    )
    for kind, prefix, found in (
        ("section", "/", indexes.sections),
        ("tag", "/tags/", indexes.tags.groups),
        ("author", "/authors/", indexes.authors.groups),
        ("archive", "", months),
    ):
        for group in found:
            first = group.slug if kind == "archive" else f"{local}{prefix}{group.slug}/"
            for page in paginate(group.articles, page_size):
                planner.add(
                    page_url(first, page.number),
                    "list.html",
                    f"the {kind} {group.name!r}",
                    _list_context(views, kind, group, page, first),
                    page.items,
                    deps=_list_deps(stamps, kind, group, page, first),
                )


def _plan_fixed(planner: _Planner, articles: tuple[Article, ...]) -> None:
    """The pages every site has: the indexes of terms, search, not found."""
    views, site = planner.views, planner.site
    local = views.links.prefix
    for kind, path in (("tags", "/tags/"), ("authors", "/authors/"), ("archive", "/archive/")):
        url = local + path
        planner.add(url, "terms.html", f"the {kind} index", _terms_context(views, kind, url))
    if site.search:
        planner.add(
            local + "/search/",
            "search.html",
            "the search page",
            lambda: {
                "page": views.page(
                    "search",
                    views.strings.text("search.title"),
                    local + "/search/",
                    views.strings.text("search.label", site=site.title),
                )
            },
        )
    planner.add(
        local + "/404.html",
        "404.html",
        "the not-found page",
        lambda: {
            "page": views.page("404", views.strings.text("notfound.title"), local + "/404.html"),
            "latest": tuple(map(views.cards.card, articles[:5])),
        },
    )


def _article_deps(stamps: Stamps, views: PageViews, article: Article) -> Callable[[], str]:
    """What an article page shows: the article, its related stories, its neighbours."""

    def deps() -> str:
        related = views.indexes.related.get(article.source, ()) if views.indexes else ()
        shown = f"{stamps.article(article)} {stamps.cards((*views.neighbours(article), *related))}"
        versions = views.versions(article)  # its translations' URLs: hreflang, switcher
        return f"{shown} {sorted(versions.items())}" if versions else shown

    return deps


def _redirect_deps(stamps: Stamps, article: Article) -> Callable[[], str]:
    return lambda: stamps.card(article)


def _list_deps(stamps: Stamps, kind: str, group: Group, page: Any, first: str) -> Callable[[], str]:
    def deps() -> str:
        parts = [kind, group.name, first, f"{page.number}/{page.total}"]
        if kind == "author":
            parts.append(stamps.profile(group.name))
        if kind == "section":
            parts += [stamps.months(), stamps.indexes.descriptions.get(group.slug, "")]
        return " ".join(parts) + " " + stamps.cards(page.items)

    return deps


def article_context(views: PageViews, article: Article) -> Callable[[], dict[str, Any]]:
    """What a story's page shows besides the site's header (also the preview's quick
    page, quick.py)."""

    def make() -> dict[str, Any]:
        card = views.cards.card(article)
        section_feed = (article.category, f"{views.links.prefix}/{article.category_slug}/feed.xml")
        return {
            "page": views.page(
                "article",
                article.title,
                article.url,
                article.dek,
                image=card.image.absolute if card.image else "",
                og_type="article",
                feeds=views.feeds.links_for(section_feed),
                json_ld=views.jsonld.article(article),
                versions=views.versions(article),
            ),
            "article": card,
            "detail": views.detail(article),
            "live": views.live.view(article),
        }

    return make


def _terms_context(views: PageViews, kind: str, url: str) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        terms = views.terms(kind)
        about = views.strings.text("terms.description", name=terms.name, site=views.config.title)
        return {
            "page": views.page(kind, terms.name, url, about),
            "terms": terms,
        }

    return make


def _redirect_context(views: PageViews, article: Article) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        return {
            "page": views.page("redirect", article.title, article.url),
            "target": views.cards.card(article),
        }

    return make


#: The interface string (theme/i18n.py) of each kind of list's page title.
LIST_TITLES = {"tag": "list.tagged", "author": "list.stories_by", "archive": "list.published_in"}


def _list_context(
    views: PageViews, kind: str, group: Group, page: Any, first: str
) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        listing = views.listing(kind, group, page, first)
        text = views.strings.text
        label = group.name if kind == "section" else text(LIST_TITLES[kind], name=group.name)
        if page.number > 1:
            label = text("list.page_title", title=label, number=page.number)
        about = views.section_description(group.slug) if kind == "section" else Markup("")
        description = text("list.latest_in", name=group.name) if kind == "section" else label
        if about:
            description = " ".join(about.striptags().split())
        url = page_url(first, page.number)
        feeds, ld = views.feeds.links_for(), Markup("")
        if kind in ("section", "tag"):
            feeds = views.feeds.links_for((group.name, f"{first}feed.xml"))
        if kind == "section":
            ld = views.jsonld.breadcrumbs(((group.name, first),))
        return {
            "page": views.page(kind, label, url, description, feeds=feeds, json_ld=ld),
            "listing": listing,
            "description": about,
        }

    return make


def render_fragments(
    env: Environment, site: SiteView, data: TickerData, breaking: BreakingView | None = None
) -> dict[str, str]:
    """Each ticker rendered once per build from the theme's tickers/<name>.html, and the
    breaking-news banner from tickers/breaking.html when the theme has one."""
    found = {
        name: env.get_template(f"tickers/{name}.html").render(site=site, tickers=data)
        for name in FRAGMENTS
    }
    try:
        template = env.get_template(f"tickers/{BREAKING}.html")
    except TemplateNotFound:
        return found  # a theme of its own without a banner
    banner = template.render(site=site, breaking=breaking).strip()
    found[BREAKING] = f"{banner}\n" if banner else ""  # empty when there is none
    return found


UPDATE_TEMPLATE = "partials/update.html"  #: a theme's `update(u)` macro: one live update


def update_renderer(env: Environment) -> RenderUpdate:
    """A live update's element as the blog's page shows it, from the theme's `update`
    macro, for live.json; a theme of its own without it gets plain markup."""

    def render(view: UpdateView) -> str:
        try:
            macro = env.get_template(UPDATE_TEMPLATE).module.update  # type: ignore[attr-defined]
        except TemplateNotFound:
            title = f"<h3>{Markup.escape(view.title)}</h3>" if view.title else ""
            stamp = (
                f'<time datetime="{view.published.iso}">{Markup.escape(view.published.text)}</time>'
            )
            link = f'<a href="{view.url}">{stamp}</a>'
            return f'<article id="{view.id}">{link}{title}{view.body}</article>'
        return str(macro(view))

    return render
