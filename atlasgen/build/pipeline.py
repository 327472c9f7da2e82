"""build_site(): the whole pipeline, one named and timed stage per line."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from ..config import RelatedSettings, SiteConfig, load_config
from ..content.editorial import load_editorial
from ..content.images import plan_images, write_images
from ..content.layout import CONTENT
from ..content.loader import Selection, load_content
from ..content.model import Article, ContentSet
from ..content.profiles import load_profiles
from ..content.release import release_files, unused_warnings
from ..core.cache import BuildCache
from ..core.collector import collector_paused
from ..core.errors import BuildError, Diagnostic, UsageError, error, fail, raise_if_errors
from ..core.times import TimeProblem, from_epoch, parse_now
from ..output.folder import OutputFolder
from ..output.ownership import check_output_dir, read_build_id
from ..search.indexing import BUNDLE, check_pagefind, indexed_pages, write_index
from ..site.breaking import hold_banner
from ..site.front import curate_front
from ..site.groupings import build_indexes, check_sections
from ..site.related import cached_related_articles
from ..site.sections import check_categories, declare_sections
from ..site.tickers import markets
from ..theme.assets import AssetManifest
from ..theme.templates import TEMPLATE_FAILURES, find_theme
from .plan import SEARCH_KEY, Loaded, Plan, input_key, kept_output, make_plan, unchanged
from .render import render_pages

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    output: Path | None = None  #: overrides build.output
    drafts: bool = False
    future: bool = False
    now: str | None = None  #: --now TIME, as typed
    base_url: str | None = None
    strict: bool = False
    jobs: int | None = None  #: worker processes for rendering; None: one per core


@dataclass(frozen=True)
class BuildResult:
    pages: int
    rendered: int  #: pages rendered this time; the rest were unchanged and kept
    files: int
    seconds: float
    output: Path | None
    now: datetime
    warnings: tuple[Diagnostic, ...]
    next_scheduled: Article | None
    timings: dict[str, float] = field(default_factory=dict)
    config: SiteConfig | None = None
    searchable: int | None = None  #: pages in the search index; None when search is off
    #: The next `until` in front.toml or breaking.toml after "now": (file, time).
    next_until: tuple[str, datetime] | None = None


class _Timer:
    """Seconds per stage; a stage run inside another counts for itself only."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._nested: list[float] = []  #: per open stage, the time its inner stages took

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        self._nested.append(0.0)
        try:
            yield
        finally:
            took = time.perf_counter() - start
            inner = self._nested.pop()
            self.timings[name] = self.timings.get(name, 0.0) + took - inner
            if self._nested:
                self._nested[-1] += took


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
        cache = _open_cache(site_dir, config)
    used: list[str] = []
    done: _BuildOutcome | None = None
    try:
        # The articles live to the end of the build: the collector need not walk them
        # again and again (at 10,000 articles its passes cost about a second).
        with timer.stage("load"), collector_paused(freeze=True):
            loaded = _load(site_dir, config, now, options, cache, used, write)
        inputs = input_key(config, now, loaded) if write and cache is not None else ""
        known = _known_output(cache, inputs, site_dir, output_dir, loaded)
        if known is not None:  # nothing this build reads has changed: nor will the output
            done = _reuse_output(known, config, loaded, cache, output_dir, options)
        else:
            output = output_dir if write else None
            done = _render_and_publish(
                site_dir, config, now, options, loaded, cache, output, timer, progress
            )
            if cache is not None and output is not None:
                cache.results.put(INPUTS, inputs, done.known)
    finally:
        gc.unfreeze()  # `serve` builds again and again: what this build held may go now
        if cache is not None and write:  # `check` reads the cache but writes nothing
            # A failed build keeps every rendered body: the next one will want them.
            cache.save(keep=used + list(done.markdown if done else cache.markdown.keys))
    return BuildResult(
        pages=done.known.pages,
        rendered=done.rendered,
        files=done.known.files,
        seconds=time.perf_counter() - started,
        output=output_dir if write else None,
        now=now,
        warnings=tuple(sorted(d for d in done.problems if d.severity == "warning")),
        next_scheduled=loaded.content.scheduled[-1] if loaded.content.scheduled else None,
        timings=timer.timings,
        config=config,
        searchable=done.searchable,
        next_until=loaded.editorial.next_until(now),
    )


INPUTS = "inputs"  #: in the build cache: the last build's input key, with its `_OutputRecord`


@dataclass(frozen=True)
class _OutputRecord:
    """What a build that wrote its output left to know of it, under its input key."""

    build_id: str
    pages: int
    files: int
    warnings: tuple[Diagnostic, ...]  #: found after loading (a reloaded build shows them too)


@dataclass(frozen=True)
class _BuildOutcome:
    known: _OutputRecord
    rendered: int
    problems: list[Diagnostic]
    markdown: tuple[str, ...]  #: cache keys of the bodies the output shows
    searchable: int | None


def _known_output(
    cache: BuildCache | None, inputs: str, site_dir: Path, output_dir: Path, loaded: Loaded
) -> _OutputRecord | None:
    """The last build's `_OutputRecord` if it was made from the same inputs (plan.input_key) and
    its output is still in place, untouched: then this build would write the same."""
    known = cache.results.get(INPUTS, inputs) if cache is not None and inputs else None
    if not isinstance(known, _OutputRecord):
        return None
    previous = _previous_pages(cache, output_dir)
    return known if kept_output(site_dir, output_dir, loaded, known.build_id, previous) else None


def _reuse_output(
    known: _OutputRecord,
    config: SiteConfig,
    loaded: Loaded,
    cache: BuildCache | None,
    output_dir: Path,
    options: BuildOptions,
) -> _BuildOutcome:
    """A build whose output is already in place: its problems are reported again."""
    problems = [*known.warnings, *loaded.problems]
    if config.search.enabled:
        problems += check_pagefind()
    raise_if_errors(problems, options.strict)
    markdown = tuple(cache.markdown.keys) if cache is not None else ()
    searchable = indexed_pages(output_dir / BUNDLE) if config.search.enabled else None
    return _BuildOutcome(known, 0, problems, markdown, searchable)


def _render_and_publish(
    site_dir: Path,
    config: SiteConfig,
    now: datetime,
    options: BuildOptions,
    loaded: Loaded,
    cache: BuildCache | None,
    output_dir: Path | None,
    timer: _Timer,
    progress: Progress | None,
) -> _BuildOutcome:
    """Related lists, groupings, the plan, and the pages and files that changed; with no
    `output_dir` (atlasgen check) every page is rendered and dropped."""
    with timer.stage("related"):
        jobs = options.jobs or os.cpu_count() or 1
        related = _related(loaded.content.articles, config.related, cache, jobs)
        indexes, later = build_indexes(loaded.content.articles, config.tz, related)
        indexes = declare_sections(replace(indexes, front=loaded.front), loaded.editorial.sections)
    problems = later + loaded.problems
    if config.search.enabled:
        problems += check_pagefind()
    raise_if_errors(problems, options.strict)
    with ExitStack() as stack:
        # The staging folder is taken before planning: what it holds is read meanwhile.
        out = None
        if output_dir is not None:
            out = stack.enter_context(OutputFolder(site_dir, output_dir, _spares(site_dir, config)))
        with timer.stage("render"):
            compiled = _compiled_templates(site_dir, config) if output_dir else None
            plan = make_plan(site_dir, config, loaded, indexes, now, cache, compiled)
            previous = _previous_pages(cache, output_dir)
            build_id = plan.build_id
        files = len(plan.planned) + len(plan.files) + len(loaded.release.published)
        searchable = None
        if output_dir is None:
            files = 0
            with timer.stage("render"):
                rendered = _render(plan, None, {}, cache, options, progress)
        elif previous and unchanged(output_dir, plan, build_id, previous):
            rendered = 0  # (the staging folder goes back to being the spare)
            searchable = indexed_pages(output_dir / BUNDLE) if config.search.enabled else None
        else:
            assert out is not None
            with timer.stage("render"):
                rendered = _render(plan, out, previous, cache, options, progress)
            with timer.stage("write"):
                _write(site_dir, out, loaded, plan.assets, cache)
            search = _search(config, loaded.content, plan, previous, timer)
            if search is not None:
                search.publish(out)
            out.commit(build_id, files)
            if cache is not None:
                cache.pages.replace(plan.fingerprints(), build_id)
            searchable = indexed_pages(output_dir / BUNDLE) if search is not None else None
    known = _OutputRecord(build_id, len(plan.planned), files, tuple(later))
    return _BuildOutcome(known, rendered, problems, plan.markdown_keys, searchable)


def _open_cache(site_dir: Path, config: SiteConfig) -> BuildCache | None:
    folder = config.build.cache
    return BuildCache(site_dir / folder / "cache.sqlite") if folder else None


def _compiled_templates(site_dir: Path, config: SiteConfig) -> Path | None:
    """Where Jinja keeps compiled templates between builds: in the build cache's folder."""
    return site_dir / config.build.cache / "templates" if config.build.cache else None


def _spares(site_dir: Path, config: SiteConfig) -> Path | None:
    """Where the swapped-out output waits for the next build to stage into (output/spare.py):
    in the build cache's folder, so a site without a cache keeps nothing between builds."""
    return site_dir / config.build.cache / "spare" if config.build.cache else None


def _load(
    site_dir: Path,
    config: SiteConfig,
    now: datetime,
    options: BuildOptions,
    cache: BuildCache | None,
    used: list[str],
    write: bool = True,
) -> Loaded:
    """Content, data, the files it releases and the theme. `write` False (atlasgen
    check) names every file no story uses instead of counting them."""
    selection = Selection(now, options.drafts, options.future)
    jobs = options.jobs or os.cpu_count() or 1
    content, problems = load_content(site_dir, config, selection, cache, used, jobs)
    problems += check_sections(content.articles)
    quotes, market_problems = markets(content.data, content.data_sources, config.tickers.markets)
    profiles, profile_problems = load_profiles(
        content.data, content.data_sources, set(content.static_files)
    )
    problems += market_problems + profile_problems
    release = release_files(
        content.static_files,
        content.articles,
        content.scheduled + content.drafts,
        [config.logo, *(p.photo for p in profiles.values())],
    )
    problems += unused_warnings(release, name_each=not write)
    images, image_problems = plan_images(site_dir / CONTENT, content.articles, cache)
    problems += image_problems
    editorial, editorial_problems = load_editorial(
        site_dir, content.data, content.data_sources, config.tz
    )
    front, front_problems = curate_front(editorial.front, content, now)
    banner, banner_problems = hold_banner(editorial.breaking, content, now)
    editorial = replace(editorial, breaking=banner)
    problems += editorial_problems + front_problems + banner_problems
    everything = (*content.articles, *content.scheduled, *content.drafts)
    problems += check_categories(everything, editorial.sections)
    try:
        theme = find_theme(site_dir, config.theme)
    except BuildError as exc:  # report the content's errors too, all in one run
        fail(*exc.diagnostics, *(d for d in problems if d.severity == "error" or options.strict))
    raise_if_errors(problems, options.strict)
    return Loaded(
        content,
        quotes,
        profiles,
        theme,
        problems,
        release,
        images,
        editorial=editorial,
        front=front,
    )


def _related(
    articles: tuple[Article, ...],
    settings: RelatedSettings,
    cache: BuildCache | None,
    jobs: int,
) -> dict[str, tuple[Article, ...]]:
    """The related-articles lists, recomputed only where an article changed (related.py)."""
    return cached_related_articles(articles, settings, cache, jobs)


def _render(
    plan: Plan,
    out: OutputFolder | None,
    previous: dict[str, str],
    cache: BuildCache | None,
    options: BuildOptions,
    progress: Progress | None,
) -> int:
    """How many pages were rendered; the rest were kept from the previous output."""
    try:
        return render_pages(
            plan.planned,
            plan.prints,
            plan.files,
            plan.env,
            plan.describe,
            previous,
            out,
            cache,
            options.jobs or os.cpu_count() or 1,
            (lambda done, total: progress("render", done, total)) if progress else None,
        )
    except TEMPLATE_FAILURES as exc:
        raise BuildError([plan.describe(exc)]) from exc


def _previous_pages(cache: BuildCache | None, previous_dir: Path | None) -> dict[str, str]:
    """The previous build's fingerprints, if the output folder is that build's."""
    if cache is None or previous_dir is None:
        return {}
    return cache.pages.previous(read_build_id(previous_dir))


def _write(
    site_dir: Path,
    out: OutputFolder,
    loaded: Loaded,
    assets: AssetManifest,
    cache: BuildCache | None,
) -> None:
    """The copied files: the theme's, the content's and the resized pictures."""
    content_dir = site_dir / CONTENT
    out.copy_tree(loaded.theme.static_dir, "static")
    for rel, name in assets.items():
        out.copy(loaded.theme.static_dir / rel, f"static/{name}")
    for rel in loaded.release.published:
        out.copy(content_dir / rel, rel)
    image_cache = cache.path.parent / "images" if cache and cache.path else None
    raise_if_errors(
        write_images(loaded.images, content_dir, image_cache, out.write, os.cpu_count() or 1)
    )


@dataclass(frozen=True)
class _SearchIndex:
    """The search stage: Pagefind over the staged site, unless nothing the previous
    build's index was made from has changed; then that index is kept as it is."""

    key: str
    previous_key: str
    timer: _Timer
    articles: int  #: none: an empty index (Pagefind would take every page whole)

    def publish(self, out: OutputFolder) -> None:
        with self.timer.stage("search"):
            if self.key == self.previous_key and out.keep_tree(BUNDLE):
                return
            out.generate(BUNDLE, lambda site, bundle: write_index(site, bundle, self.articles > 0))


def _search(
    config: SiteConfig,
    content: ContentSet,
    plan: Plan,
    previous: dict[str, str],
    timer: _Timer,
) -> _SearchIndex | None:
    if not config.search.enabled:
        return None
    return _SearchIndex(plan.search_key, previous.get(SEARCH_KEY, ""), timer, len(content.articles))


def check_site(site_dir: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Validate everything a build would, rendering pages in memory; write nothing."""
    return build_site(site_dir, options, write=False)


__all__ = ["BuildError", "BuildOptions", "BuildResult", "build_site", "check_site", "error"]
