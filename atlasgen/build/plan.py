"""The plan of a build: every file it will write, each with its fingerprint, decided
before anything is rendered (so an unchanged build can stop there)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from jinja2 import Environment

from ..config import SiteConfig
from ..content.editorial import Editorial
from ..content.images import ImageIndex, claimed_paths
from ..content.layout import CONTENT
from ..content.mediaplan import BodyMedia
from ..content.model import Article, ContentSet
from ..content.profiles import Profile
from ..content.release import Release
from ..core.collector import collector_paused
from ..core.errors import BuildError, Diagnostic, raise_if_errors
from ..core.hashing import digest
from ..core.urls import Claim, find_collisions, href, output_path
from ..output.ownership import read_build_id
from ..search.indexing import BUNDLE
from ..search.shards import Shard, StoryPage, kept_entries, plan_shards
from ..site.breaking import BREAKING, check_banner_link
from ..site.front import FrontOrder
from ..site.gone import Gone
from ..site.groupings import Indexes
from ..site.moments import last_moment
from ..site.pageviews import PageViews
from ..site.permanence import Withheld
from ..site.tickers import (
    QuoteView,
    TickerData,
    TickerSlots,
    latest_json,
)
from ..site.views import SiteView
from ..theme.assets import AssetManifest, fingerprint_assets, manifest_key
from ..theme.i18n import Translator, english
from ..theme.templates import (
    TEMPLATE_FAILURES,
    Theme,
    describe_template_error,
    reads_ticker_data,
)
from .context import BuildContext
from .editions import (
    EditionIndex,
    EditionPlan,
    EditionSettings,
    editions_alternates,
    plan_edition,
)
from .pages import PlannedFile, PlannedPage
from .publish import SiteWide, site_files
from .quick import QuickPages
from .render import Fingerprint, template_key
from .stamps import Stamps
from .withdrawn import plan_gone_pages, withdrawn_files


@dataclass(frozen=True)
class Loaded:
    """What the load stage found: content, data for the header and author pages, theme."""

    content: ContentSet
    quotes: tuple[QuoteView, ...]
    profiles: dict[str, Profile]
    theme: Theme
    problems: list[Diagnostic]
    release: Release  #: which files of content/ this build copies (release.py)
    images: ImageIndex = field(default_factory=dict)  #: resized variants of local pictures
    editorial: Editorial = field(default_factory=Editorial)  #: front, breaking, sections
    front: FrontOrder | None = None  #: the front page's order (site/front.py)
    gone: tuple[Gone, ...] = ()  #: URLs taken down on purpose (content/_data/gone.toml)
    #: Published URLs of stories now scheduled, kept in the register (site/permanence.py).
    withheld: tuple[Withheld, ...] = ()
    #: The local pictures, videos and audio files each story's body shows.
    media: BodyMedia = field(default_factory=BodyMedia)
    #: The interface strings in the site's language (theme/i18n.py); None: English.
    translator: Translator | None = None
    #: The strings of the site's other languages (`languages`: its other editions).
    translators: Mapping[str, Translator] = field(default_factory=dict)

    @cached_property
    def assets(self) -> AssetManifest:
        """The theme's static files and their fingerprinted names: read once a build."""
        return fingerprint_assets(self.theme.static_dir)

    @cached_property
    def templates(self) -> str:
        """The hash of every template, of the assets they link and of the interface
        strings (render.template_key)."""
        strings = self.strings.key
        return template_key(self.theme.template_dirs, manifest_key(self.assets), strings)

    @property
    def strings(self) -> Translator:
        """The interface strings: the site's language, or English."""
        found = self.translator
        return found if found is not None else english(self.theme.strings_root)

    def strings_of(self, language: str) -> Translator:
        """The interface strings of one of the site's languages (an edition's)."""
        return self.translators.get(language) or self.strings

    @cached_property
    def reads_ticker_data(self) -> bool:
        """Whether the theme's templates read the tickers' data (theme/templates.py)."""
        return reads_ticker_data(self.theme)

    def templates_of(self, language: str) -> str:
        """`templates` for the pages of an edition: with its language's strings."""
        if language not in self.translators:
            return self.templates
        strings = self.translators[language].key
        return template_key(self.theme.template_dirs, manifest_key(self.assets), strings)


@dataclass(frozen=True)
class Plan:
    """Everything the build will write, each item with its fingerprint, before any of
    it is rendered: pages, then the other files (feeds, sitemaps, fragments...)."""

    planned: list[PlannedPage]
    prints: list[Fingerprint]
    files: list[PlannedFile]
    env: Environment
    describe: Callable[[Exception], Diagnostic]
    markdown_keys: tuple[str, ...]  #: cache keys of the bodies this build shows
    assets: AssetManifest  #: the theme's static files and their fingerprinted names
    static: tuple[str, str]  #: copied files (_static_key): what they are, and mtimes too
    #: The search index's shards (search/shards.py), newest first; None: search is off.
    search: tuple[Shard, ...] | None
    #: A preview's: what renders a story's page again when only its body changes.
    quick: QuickPages | None = None
    #: The environment of each edition's pages, by `PlannedPage.edition` ("": `env`).
    envs: Mapping[str, Environment] = field(default_factory=dict)

    @cached_property
    def build_id(self) -> str:
        """What the output holds; the same wherever the site is and whenever its files
        were last touched. (Asked for thrice a build: 130,000 fingerprints at 100,000
        stories are sorted and hashed once.)"""
        found = self.fingerprints()
        found[STATIC_KEY] = self.static[0]
        return digest("build", *sorted(f"{k}={v}" for k, v in found.items()))

    def fingerprints(self) -> dict[str, str]:
        """For the build cache: each output file's fingerprint, and the keys of the
        copied files and of each shard of the search index."""
        found = {p.path: f.full for p, f in zip(self.planned, self.prints, strict=True)}
        found.update((f.path, f.fingerprint) for f in self.files)
        found[STATIC_KEY] = self.static[1]
        if self.search is not None:
            found.update((shard.cache_name, shard.key) for shard in self.search)
            found[SEARCH_ON] = str(len(self.search))
        return found


STATIC_KEY = "\0static"  #: in the page fingerprints: the key of the copied files
SEARCH_ON = "\0search"  #: in the page fingerprints of a build with search on: its shards


@collector_paused(freeze=True)
def make_plan(
    build: BuildContext,
    loaded: Loaded,
    editions: Sequence[EditionIndex],
    compiled: Path | None = None,
) -> Plan:
    """Edition by edition (editions.py): ticker fragments first (every page carries
    them), then every page, then the files that are not pages (feeds, live blogs'
    updates), each with its fingerprint; then the site's own files (sitemaps, robots,
    the register of what it published).

    The garbage collector is paused meanwhile, and the plan frozen for it at the end: it
    is tens of thousands of small objects that live as long as the build (the caller
    unfreezes them)."""
    site_dir, config, now = build.site_dir, build.config, build.now
    content, theme = loaded.content, loaded.theme

    def describe(exc: Exception) -> Diagnostic:
        return describe_template_error(exc, site_dir, theme)

    def gone_pages(views: PageViews, site: SiteView, slots: TickerSlots) -> list[PlannedPage]:
        return plan_gone_pages(loaded.gone, views, site, slots)

    alternates = editions_alternates(editions)
    settings = EditionSettings(compiled, alternates, gone_pages)
    planned: list[PlannedPage] = []
    prints: list[Fingerprint] = []
    files: list[PlannedFile] = []
    try:
        parts = [plan_edition(build, loaded, found, settings) for found in editions]
        for part in parts:
            planned += part.planned
            prints += part.prints
            files += part.files
        main = parts[0]
        shown = [f.content for f in prints]
        wide = SiteWide(content.articles, planned, shown, main.views, main.stamps, alternates)
        files += site_files(wide)
        files += withdrawn_files(content.articles, loaded.gone, main.views, now, loaded.withheld)
    except TEMPLATE_FAILURES as exc:
        raise BuildError([describe(exc)]) from exc
    for part, found in zip(parts, editions, strict=True):
        files += _fragment_files(part.fragments, part.data, found.edition.prefix)
    _check_paths(build, loaded, planned, files)
    single = len(parts) == 1  # a preview's quick pages know one edition
    quick = (main.site, main.slots, main.env)
    return Plan(
        planned,
        prints,
        files,
        main.env,
        describe,
        _body_keys(parts, editions),
        loaded.assets,
        _static_key(site_dir, loaded, loaded.assets),
        _search_shards(config, loaded, parts, editions),
        _quick_pages(build, loaded, editions[0].indexes, quick)
        if build.options.preview and single
        else None,
        {f.edition.key: p.env for p, f in zip(parts, editions, strict=True)},
    )


def _body_keys(parts: Sequence[EditionPlan], editions: Sequence[EditionIndex]) -> tuple[str, ...]:
    """The build cache's keys of the bodies the site shows, each story's in its own
    edition's words (the cache keeps these, and drops the rest)."""
    return tuple(
        key
        for part, found in zip(parts, editions, strict=True)
        for key in map(part.views.bodies.cache_key, found.edition.articles)
    )


def _quick_pages(
    build: BuildContext,
    loaded: Loaded,
    indexes: Indexes,
    shared: tuple[SiteView, TickerSlots, Environment],
) -> QuickPages:
    """What a preview keeps to render a story's page again at once (quick.py)."""
    articles = {a.source: (a, output_path(a.url)) for a in loaded.content.articles}
    site, slots, env = shared
    named = {item.url for item in slots.data.latest}
    base = build.config.base_path
    header = frozenset(a.source for a in loaded.content.articles if href(base, a.url) in named)
    return QuickPages(
        build.site_dir,
        build.config,
        build.now,
        indexes,
        loaded.profiles,
        loaded.images,
        site,
        slots,
        lambda context: env.get_template("article.html").render(context),
        articles,
        header,
        loaded.media,
        loaded.strings,
    )


def _fragment_files(
    fragments: dict[str, str], data: TickerData, prefix: str = ""
) -> list[PlannedFile]:
    """The header's fragments and the latest stories, for pages served with includes:
    an edition's under its prefix ("/fr/_includes/latest.json")."""
    files = [
        PlannedFile.of(url, output_path(url), html)
        for name, html in fragments.items()
        if (url := f"{prefix}/_includes/{name}.html")
        if html.strip() or name == BREAKING  # published empty: pages may point at it
    ]
    url = f"{prefix}/_includes/latest.json"
    files.append(PlannedFile.of(url, output_path(url), latest_json(data)))
    return files


def _check_paths(
    build: BuildContext, loaded: Loaded, planned: list[PlannedPage], files: list[PlannedFile]
) -> None:
    """Every output path has one owner, and the breaking banner links to a page."""
    urls = {p.url for p in planned} | {f.url for f in files}
    urls.update(f"/{rel}" for rel in loaded.release.published)
    raise_if_errors(
        _collisions(planned, files, loaded, build.config.search.enabled)
        + check_banner_link(loaded.editorial.breaking, build.now, urls)
    )


def _search_shards(
    config: SiteConfig,
    loaded: Loaded,
    parts: Sequence[EditionPlan],
    editions: Sequence[EditionIndex],
) -> tuple[Shard, ...] | None:
    """The search index's shards: every edition's story pages by publication date; None
    when search is off. Only story pages are indexed (the theme marks them
    `data-pagefind-body`); Pagefind keeps an index per language inside each shard."""
    if not config.search.enabled:
        return None
    zone, stories = config.tz, []
    for part, found in zip(parts, editions, strict=True):
        language = found.edition.language
        stamp = _search_stamp(loaded.templates_of(language), part.stamps)
        stories += [
            StoryPage(
                page.path, page.shows[0].published.astimezone(zone), stamp(page.shows[0]), language
            )
            for page in part.planned
            if page.template == "article.html" and page.shows
        ]
    return plan_shards(stories)


def _search_stamp(templates: str, stamps: Stamps) -> Callable[[Article], str]:
    """What the index reads of a story's page: the story itself (its stamp: the file,
    its card, live updates, the media its body shows), the templates and what every page
    shows (`world`). Not the other stories the page links to (related, previous and
    next), which the theme keeps out of the index (`data-pagefind-ignore`): a new story
    changes its neighbours' pages, and would otherwise index their shards again."""
    return lambda article: digest("search", templates, stamps.world, stamps.article(article))


def _static_key(site_dir: Path, loaded: Loaded, assets: AssetManifest) -> tuple[str, str]:
    """The files a build copies, without reading them: (their names and sizes, and the
    same with their modification times, as rsync's quick check uses). Theme assets and
    resized pictures count by their hashes, which the build has anyway."""
    names = [manifest_key(assets), repr(sorted(loaded.images.items()))]
    times = []
    static = loaded.theme.static_dir
    sources = [(f"theme/{rel}", static / rel) for rel in assets]
    sources += [(rel, site_dir / CONTENT / rel) for rel in loaded.release.published]
    for name, path in sources:
        try:
            info = path.stat()
        except OSError:
            names.append(f"{name} missing")
            continue
        names.append(f"{name} {info.st_size}")
        times.append(str(info.st_mtime_ns))
    identity = digest("static", *names)
    return identity, digest("static", identity, *times)


def unchanged(output_dir: Path, plan: Plan, build_id: str, previous: dict[str, str]) -> bool:
    """True when the output folder already holds exactly what this build would write:
    it was made by a build with the same id (the previous build, as the build cache
    knows it), no copied file was touched since, and none of its files has gone missing."""
    if read_build_id(output_dir) != build_id or previous.get(STATIC_KEY) != plan.static[1]:
        return False
    shards = [shard.entry for shard in plan.search or ()]
    return all_files(
        output_dir, [p.path for p in plan.planned] + [f.path for f in plan.files] + shards
    )


def input_key(config: SiteConfig, now: datetime, loaded: Loaded) -> str:
    """A hash of everything a plan is made from, so that equal keys make equal plans:
    site.toml (and --base-url) as loaded, the last moment before "now" at which the output
    changes by itself (site/moments.py: never "now" itself), each published story by the hash of its
    file, path and parse settings (`Article.key`), the data files as parsed, the names of
    the copied files this build releases (release.py), live blogs' updates shown
    (`Article.updates_key`), the local pictures (by the hash
    of their bytes), the theme's templates and assets, and atlasgen's version (in
    `digest`'s salt). Related lists, groupings, views and stamps are all computed
    from these."""
    content = loaded.content
    return digest(
        "inputs",
        repr(config),
        repr(last_moment(content, loaded.editorial, now)),
        "\n".join(f"{a.key or repr(a)}{a.updates_key}" for a in content.articles),
        repr(dict(content.data)),
        repr(loaded.release.published),
        repr(sorted(loaded.images.items())),
        repr(sorted(loaded.media.files.files.items())),
        loaded.templates,
        *(loaded.templates_of(language) for language in loaded.translators),
    )


def kept_output(
    site_dir: Path, output_dir: Path, loaded: Loaded, build_id: str, previous: dict[str, str]
) -> bool:
    """`unchanged` without a plan, for a build whose `input_key` equals that of the build
    that made `previous` (its page fingerprints): the output folder is that build's, no
    copied file was touched since, and none of the files it wrote has gone missing."""
    if not previous or read_build_id(output_dir) != build_id:
        return False
    if previous.get(STATIC_KEY) != _static_key(site_dir, loaded, loaded.assets)[1]:
        return False
    return all_files(output_dir, [p for p in previous if p[0] != "\0"] + kept_entries(previous))


def all_files(output_dir: Path, paths: list[str]) -> bool:
    """Whether every one of these output files is in place."""
    root = str(output_dir)  # plain strings: pathlib would cost more than the stat calls
    return all(os.path.isfile(f"{root}/{path}") for path in paths)


def _collisions(
    planned: list[PlannedPage], files: list[PlannedFile], loaded: Loaded, search: bool = False
) -> list[Diagnostic]:
    """Every output path has one owner: pages, generated files, copied files."""
    content, theme, assets, images = loaded.content, loaded.theme, loaded.assets, loaded.images
    claims = [Claim(p.path, p.owner, p.source, p.line) for p in planned]
    if search:
        claims.append(Claim(BUNDLE, "the search index"))  # a folder Pagefind fills
    claims += [Claim(f.path, f"the generated file {f.url}") for f in files]
    claims += [Claim(rel, f"content/{rel}", f"content/{rel}") for rel in content.static_files]
    if theme.static_dir.is_dir():
        claims += [
            Claim(
                f"static/{p.relative_to(theme.static_dir).as_posix()}", "the theme's static files"
            )
            for p in sorted(theme.static_dir.rglob("*"))
            if p.is_file()
        ]
    claims += [
        Claim(f"static/{name}", "the theme's fingerprinted static files")
        for name in assets.values()
    ]
    claims += [
        Claim(path, f"a resized copy of content{image.src}", image.source, image.line)
        for path, image in claimed_paths(images)
    ]
    return find_collisions(claims)
