"""The load stage: content, data, the files the content releases, editorial choices and
the theme, with every problem they have reported in one run."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from ..config import config_warnings
from ..content.editorial import Editorial, load_editorial
from ..content.images import ImageSet, plan_images
from ..content.layout import CONTENT
from ..content.loader import Selection, load_content
from ..content.markdown import MarkdownRenderer, MarkdownSettings
from ..content.mediaplan import BodyMedia, find_body_media
from ..content.model import Article, ContentSet, LiveUpdate
from ..content.profiles import Profile, load_profiles
from ..content.reading import read_body
from ..content.release import Release, release_files, unused_warnings
from ..content.translations import check_translations
from ..core.errors import BuildError, Diagnostic, fail, raise_if_errors
from ..core.filestat import Signature
from ..site.breaking import hold_banner
from ..site.front import FrontOrder, curate_front
from ..site.gone import gone_entries
from ..site.groupings import check_sections
from ..site.sections import check_categories
from ..site.tickers import QuoteView, markets
from ..theme.i18n import load_translator
from ..theme.templates import find_theme
from .context import BuildContext
from .linking import check_site_links
from .plan import Loaded


def load_site(
    build: BuildContext, used: list[str], stats: Mapping[str, Signature] | None = None
) -> Loaded:
    """Content, data, the files it releases and the theme. A check (`build.write` False)
    names every file no story uses instead of counting them. `stats`: the content files'
    signatures, taken before (unchanged.py), so as not to take them twice."""
    options = build.options
    selection = Selection(build.now, options.drafts, options.future)
    content, problems = load_content(
        build.site_dir, build.config, selection, build.cache, used, build.jobs, stats
    )
    problems += check_sections(content.articles)
    problems += check_translations((*content.articles, *content.scheduled, *content.drafts))
    problems += config_warnings(build.site_dir, build.config)
    quotes, profiles, found = _header_and_authors(build, content)
    problems += found
    release = _release(build, content, profiles)
    problems += unused_warnings(release, name_each=not build.write)
    media, images, found = _media(build, content)
    problems += found
    editorial, front, found = _editorial(build, content, frozenset(release.held))
    problems += found
    gone, gone_problems = gone_entries(content.data, content.data_sources)
    problems += gone_problems
    try:
        theme = find_theme(build.site_dir, build.config.theme)
    except BuildError as exc:  # report the content's errors too, all in one run
        fail(*exc.diagnostics, *(d for d in problems if d.severity == "error" or options.strict))
    translator, found = load_translator(
        theme.strings_root, theme.strings_label, build.site_dir, build.config.language
    )
    problems += found
    translators = {}
    for language in build.config.editions[1:]:  # the other editions' strings
        translators[language], found = load_translator(
            theme.strings_root, theme.strings_label, build.site_dir, language
        )
        problems += found
    loaded = Loaded(
        content,
        quotes,
        profiles,
        theme,
        problems,
        release,
        images,
        editorial=editorial,
        front=front,
        gone=gone,
        media=media,
        translator=translator,
        translators=translators,
    )
    problems += check_site_links(build, loaded, problems)
    raise_if_errors(problems, options.strict)
    return loaded


def _media(
    build: BuildContext, content: ContentSet
) -> tuple[BodyMedia, dict[str, ImageSet], list[Diagnostic]]:
    """The pictures, videos and audio files the stories show (heroes and bodies), checked,
    and the variants of every local picture."""
    site_dir, config = build.site_dir, build.config
    markup = MarkdownRenderer(MarkdownSettings(html=config.markdown.html))
    media, wanted, problems = find_body_media(
        site_dir / CONTENT,
        content.articles,
        lambda article: read_body(site_dir, article, config),
        markup.media,
        build.cache,
        repr(markup.settings),
    )
    updates = [u for a in content.articles for u in a.updates]  # a live blog's pictures
    shown: list[Article | LiveUpdate] = [*content.articles, *updates]
    images, found = plan_images(site_dir / CONTENT, shown, build.cache, wanted)
    return media.with_images(images), images, problems + found


def _header_and_authors(
    build: BuildContext, content: ContentSet
) -> tuple[tuple[QuoteView, ...], dict[str, Profile], list[Diagnostic]]:
    """The header's market quotes and the author profiles, from the data files."""
    markets_setting = build.config.tickers.markets
    quotes, market_problems = markets(
        content.data, content.data_sources, markets_setting, build.config.language
    )
    profiles, profile_problems = load_profiles(
        content.data, content.data_sources, set(content.static_files)
    )
    return quotes, profiles, market_problems + profile_problems


def _release(build: BuildContext, content: ContentSet, profiles: dict[str, Profile]) -> Release:
    """Which files of content/ this build publishes: those a published story, the logo
    or a profile uses."""
    return release_files(
        content.static_files,
        content.articles,
        content.scheduled + content.drafts,
        [build.config.logo, *(p.photo for p in profiles.values())],
        _held_updates(content),
    )


def _held_updates(content: ContentSet) -> list[tuple[LiveUpdate, str]]:
    """Each held-back live update with the URL of its blog's page."""
    blogs = {a.source: a.url for a in (*content.articles, *content.scheduled, *content.drafts)}
    folder_of = {source[: source.rindex(".")]: url for source, url in blogs.items()}
    return [(u, folder_of.get(u.source.rsplit("/", 1)[0], "/")) for u in content.held_updates]


def _editorial(
    build: BuildContext, content: ContentSet, held: Collection[str]
) -> tuple[Editorial, FrontOrder | None, list[Diagnostic]]:
    """The editors' choices: the front page's order, breaking news (`held`: the files
    of content/ this build holds back), declared sections."""
    editorial, editorial_problems = load_editorial(
        build.site_dir, content.data, content.data_sources, build.config.tz
    )
    front, front_problems = curate_front(editorial.front, content, build.now)
    banner, banner_problems = hold_banner(editorial.breaking, content, build.now, held)
    editorial = replace(editorial, breaking=banner)
    everything = (*content.articles, *content.scheduled, *content.drafts)
    # sections.toml declares the default language's sections; other editions name theirs
    default = build.config.editions[0]
    defaults = [a for a in everything if a.lang in ("", default)]
    category_problems = check_categories(defaults, editorial.sections)
    found = [*editorial_problems, *front_problems, *banner_problems, *category_problems]
    return editorial, front, found
