"""build_site(): the whole pipeline, one named and timed stage per line."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import TemplateError

from .config import SiteConfig, load_config
from .errors import BuildError, Diagnostic, UsageError, error, fail, raise_if_errors
from .indexes import Indexes, build_indexes, check_sections
from .loader import CONTENT, Selection, load_content
from .markup import Markup, MarkupSettings
from .model import Article, ContentSet
from .output import OutputFolder, check_output_dir
from .pages import RenderedPage, plan_pages, render_fragments, render_pages
from .profiles import Profile, load_profiles
from .publish import publish_files
from .related import related_articles
from .templates import Theme, describe_template_error, find_theme, make_environment
from .tickers import QuoteView, latest_json, make_slots, markets, ticker_data
from .timefmt import TimeProblem, from_epoch, parse_now
from .views import ViewFactory

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    output: Path | None = None  #: overrides build.output
    drafts: bool = False
    future: bool = False
    now: str | None = None  #: --now TIME, as typed
    base_url: str | None = None
    strict: bool = False


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    seconds: float
    output: Path | None
    now: datetime
    warnings: tuple[Diagnostic, ...]
    next_scheduled: Article | None
    timings: dict[str, float] = field(default_factory=dict)
    config: SiteConfig | None = None


class _Timer:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def resolve_now(option: str | None, config: SiteConfig) -> datetime:
    """--now, else SOURCE_DATE_EPOCH, else the clock."""
    try:
        if option:
            return parse_now(option, config.tz)
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            return from_epoch(epoch)
    except (TimeProblem, ValueError, OverflowError) as exc:
        source = f"--now {option!r}" if option else "SOURCE_DATE_EPOCH"
        raise UsageError(f"{source}: not a time ({exc})") from None
    return datetime.now(UTC).replace(microsecond=0)


def build_site(
    site_dir: Path,
    options: BuildOptions = BuildOptions(),
    progress: Progress | None = None,
    write: bool = True,
) -> BuildResult:
    """Load, check, render and (unless `write` is False) publish the site."""
    started = time.perf_counter()
    timer = _Timer()
    with timer.stage("config"):
        config = load_config(site_dir, options.base_url)
        now = resolve_now(options.now, config)
        output_dir = options.output or site_dir / config.build.output
        if write:
            check_output_dir(site_dir, output_dir)
    with timer.stage("load"):
        content, problems = load_content(
            site_dir, config, Selection(now, options.drafts, options.future)
        )
        problems += check_sections(content.articles)
        quotes, market_problems = markets(
            content.data, content.data_sources, config.tickers.markets
        )
        profiles, profile_problems = load_profiles(
            content.data, content.data_sources, set(content.static_files)
        )
        problems += market_problems + profile_problems
        try:
            theme = find_theme(site_dir, config.theme)
        except BuildError as exc:  # report the content's errors too, all in one run
            fail(
                *exc.diagnostics, *(d for d in problems if d.severity == "error" or options.strict)
            )
    raise_if_errors(problems, options.strict)
    with timer.stage("related"):
        related = related_articles(content.articles, config.related)
        indexes, index_problems = build_indexes(content.articles, config.tz, related)
    problems += index_problems
    raise_if_errors(problems, options.strict)
    warnings = tuple(sorted(d for d in problems if d.severity == "warning"))
    with timer.stage("render"):
        pages = _render(site_dir, config, theme, content, indexes, profiles, quotes, now, progress)
    files = 0
    if write:
        with timer.stage("write"):
            files = _write(site_dir, output_dir, theme, content, pages)
    return BuildResult(
        pages=len(pages),
        files=files,
        seconds=time.perf_counter() - started,
        output=output_dir if write else None,
        now=now,
        warnings=warnings,
        next_scheduled=content.scheduled[-1] if content.scheduled else None,
        timings=timer.timings,
        config=config,
    )


def _render(
    site_dir: Path,
    config: SiteConfig,
    theme: Theme,
    content: ContentSet,
    indexes: Indexes,
    profiles: dict[str, Profile],
    quotes: tuple[QuoteView, ...],
    now: datetime,
    progress: Progress | None,
) -> list[RenderedPage]:
    """Ticker fragments first (every page carries them), then every page."""
    markup = Markup(MarkupSettings(html=config.markdown.html, base_path=config.base_path))
    views = ViewFactory(config, markup, now, indexes, profiles)
    site = views.site(indexes.sections)
    env = make_environment(theme, config.base_path)
    data = ticker_data(config, content.articles, quotes, now)
    report = (lambda done, total: progress("render", done, total)) if progress else None
    try:
        fragments = render_fragments(env, site, data)
        slots = make_slots(fragments, data, config.tickers.include, config.base_path)
        planned, collisions = plan_pages(
            content, indexes, views, site, slots, config.build.page_size
        )
        raise_if_errors(collisions)
        pages = list(render_pages(planned, env, report))
        pages += publish_files(content.articles, indexes, planned, views, config, now)
    except (
        TemplateError,
        TypeError,
        ValueError,
        AttributeError,
        LookupError,
        ArithmeticError,
    ) as exc:  # e.g. {{ x / 0 }} in a site's template
        raise BuildError([describe_template_error(exc, site_dir, theme)]) from exc
    includes = [
        RenderedPage(f"/_includes/{name}.html", f"_includes/{name}.html", html)
        for name, html in fragments.items()
        if html.strip()
    ]
    includes.append(
        RenderedPage("/_includes/latest.json", "_includes/latest.json", latest_json(data))
    )
    return pages + includes


def _write(
    site_dir: Path, output_dir: Path, theme: Theme, content: ContentSet, pages: list[RenderedPage]
) -> int:
    content_dir = site_dir / CONTENT
    with OutputFolder(site_dir, output_dir) as out:
        out.copy_tree(theme.static_dir, "static")
        for rel in content.static_files:
            out.copy(content_dir / rel, rel)
        for page in pages:
            out.write(page.path, page.html)
        out.commit()
    return len(pages) + len(content.static_files)


def check_site(site_dir: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Validate everything a build would, rendering pages in memory; write nothing."""
    return build_site(site_dir, options, write=False)


__all__ = ["BuildError", "BuildOptions", "BuildResult", "build_site", "check_site", "error"]
