"""Planning a site edition by edition: each language's stories get their own groupings,
related lists, views (in that language's strings, under its URL prefix), tickers, pages
and feeds, so nothing of one edition reaches another's lists. A site in one language is
one edition, planned exactly as a site always was."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment

from ..config import SiteConfig
from ..content.bodywords import BodyWords
from ..content.markdown import MarkdownRenderer, MarkdownSettings
from ..content.reading import read_body
from ..core.errors import Diagnostic
from ..site.bodies import ArticleBodies
from ..site.breaking import breaking_banner
from ..site.editions import Alternates, Edition, split_editions
from ..site.front import FrontOrder
from ..site.groupings import Indexes, build_indexes
from ..site.pageviews import PageViews
from ..site.preview import public_related
from ..site.related_incremental import cached_related_articles
from ..site.sections import declare_sections
from ..site.tickers import (
    QuoteView,
    TickerData,
    TickerSlots,
    make_slots,
    markets,
    pasted,
    ticker_data,
)
from ..site.views import SiteView
from ..theme.templates import make_environment
from .context import BuildContext
from .pages import PlannedFile, PlannedPage, plan_pages, render_fragments, update_renderer
from .publish import feed_files, live_files
from .render import Fingerprint, fingerprint_pages
from .stamps import Stamps

if TYPE_CHECKING:
    from .plan import Loaded


@dataclass(frozen=True)
class EditionIndex:
    """An edition and the groupings of its stories (related lists included)."""

    edition: Edition
    indexes: Indexes


def index_editions(
    build: BuildContext, loaded: Loaded
) -> tuple[list[EditionIndex], list[Diagnostic]]:
    """Each edition's related lists (within the edition) and groupings. The front page's
    curation and the declared sections' order apply to every edition, to the stories
    and sections it has."""
    config, cache, now = build.config, build.cache, build.now
    editions = split_editions(config.editions, loaded.content.articles)
    found, problems = [], []
    for edition in editions:
        articles = edition.articles
        tag = edition.language if len(editions) > 1 else ""
        related = cached_related_articles(articles, config.related, cache, build.jobs, tag)
        related = public_related(related, articles, now)
        indexes, later = build_indexes(articles, config.tz, related)
        front = _front_of(loaded.front, edition, len(editions))
        indexes = declare_sections(replace(indexes, front=front), loaded.editorial.sections)
        found.append(EditionIndex(edition, indexes))
        problems += later
    return found, problems


def _front_of(front: FrontOrder | None, edition: Edition, editions: int) -> FrontOrder | None:
    """The front page's order of an edition: the site's, with its own stories only."""
    if front is None or editions == 1:
        return front
    mine = {a.source for a in edition.articles}
    return replace(front, articles=tuple(a for a in front.articles if a.source in mine))


@dataclass(frozen=True)
class EditionPlan:
    """What planning one edition made."""

    views: PageViews
    site: SiteView
    slots: TickerSlots
    env: Environment
    stamps: Stamps
    planned: list[PlannedPage]
    prints: list[Fingerprint]
    files: list[PlannedFile]
    fragments: dict[str, str]
    data: TickerData


@dataclass(frozen=True)
class EditionSettings:
    """What every edition's planning shares."""

    compiled: Path | None  #: where Jinja keeps compiled templates
    alternates: Alternates | None  #: the versions of pages in the site's languages
    #: the pages only the default edition has (gone URLs), given its views and header
    extra_pages: Callable[[PageViews, SiteView, TickerSlots], list[PlannedPage]]


def plan_edition(
    build: BuildContext, loaded: Loaded, found: EditionIndex, settings: EditionSettings
) -> EditionPlan:
    """An edition's header fragments, pages (with their fingerprints), feeds and live
    blogs' files. Template failures propagate to the caller."""
    edition, indexes = found.edition, found.indexes
    config = build.config.in_language(edition.language)
    strings = loaded.strings_of(edition.language)
    views = _page_views(build, loaded, indexes, found.edition, settings.alternates)
    site = views.site(indexes.sections)
    signer = build.cache.signer if build.cache is not None else None
    env = make_environment(
        loaded.theme, config.base_path, loaded.assets, settings.compiled, signer, strings
    )
    data = ticker_data(config, edition.articles, _quotes(loaded, config), build.now)
    banner = breaking_banner(loaded.editorial.breaking, build.now, config.base_path)
    fragments = render_fragments(env, site, data, banner)
    base = config.base_path + edition.prefix
    slots = make_slots(fragments, data, config.tickers.include, base)
    stamps = Stamps(
        config, build.now, indexes, loaded.images, loaded.profiles, site, media=loaded.media
    )
    content = replace(loaded.content, articles=edition.articles)
    planned = plan_pages(content, indexes, views, site, slots, stamps)
    if edition.default:
        planned += settings.extra_pages(views, site, slots)
    templates = loaded.templates_of(edition.language)
    shown = slots if loaded.reads_ticker_data else pasted(slots)
    prints = fingerprint_pages(planned, templates, stamps.world, shown)
    files = feed_files(edition.articles, indexes, views, stamps)
    render_update = update_renderer(env)
    files += live_files(edition.articles, views, stamps, render_update, templates)
    return EditionPlan(views, site, slots, env, stamps, planned, prints, files, fragments, data)


def _quotes(loaded: Loaded, config: SiteConfig) -> tuple[QuoteView, ...]:
    """The market quotes with their numbers as the edition's language writes them
    ("4 535" in French): the default edition's were made (and checked) when loading."""
    if config.language == config.editions[0]:
        return loaded.quotes
    content = loaded.content
    quotes, _ = markets(content.data, content.data_sources, config.tickers.markets, config.language)
    return quotes


def _page_views(
    build: BuildContext,
    loaded: Loaded,
    indexes: Indexes,
    edition: Edition,
    alternates: Alternates | None,
) -> PageViews:
    """The views templates see, with article bodies rendered through the cache."""
    site_dir, config = build.site_dir, build.config
    markup = MarkdownRenderer(
        MarkdownSettings(html=config.markdown.html, base_path=config.base_path)
    )
    strings = loaded.strings_of(edition.language)
    bodies = ArticleBodies(
        markup,
        build.cache,
        lambda article: read_body(site_dir, article, config),
        loaded.media,
        BodyWords(strings),
    )
    return PageViews(
        config.in_language(edition.language),
        bodies,
        build.now,
        indexes,
        loaded.profiles,
        loaded.images,
        strings=strings,
        edition=edition,
        alternates=alternates,
    )


def editions_alternates(editions: Sequence[EditionIndex]) -> Alternates | None:
    """The versions of pages across editions; None for a site in one language."""
    if len(editions) < 2:
        return None
    return Alternates.of(tuple(found.edition for found in editions))
