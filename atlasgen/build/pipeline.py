"""build_site(): the whole pipeline, one named and timed stage per line."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..config import SiteConfig, load_config
from ..content.live import next_scheduled_update
from ..content.model import Article
from ..core.cache import BuildCache
from ..core.collector import collector_paused
from ..core.errors import BuildError, Diagnostic, UsageError, error, raise_if_errors, warning
from ..core.times import TimeProblem, from_epoch, parse_now
from ..output.folder import OutputFolder
from ..output.lock import SiteLock, lock_path, waiting_message
from ..output.ownership import check_output_dir, read_build_id
from ..search.indexing import BUNDLE, check_pagefind
from ..search.shards import searchable_pages
from ..site.moments import moment_window
from ..theme.templates import TEMPLATE_FAILURES
from .context import BuildContext, BuildOptions, Progress, StageTimer
from .copying import copy_files
from .editions import index_editions
from .loading import load_site
from .plan import Loaded, Plan, input_key, kept_output, make_plan, unchanged
from .published import Published, keep_published
from .quick import QuickPages
from .render import RenderWatch, RenderWork, render_pages
from .searching import search_index
from .unchanged import UnchangedRecord, record, recorded_output, site_state


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
    #: A preview's (BuildOptions.preview) fast path to a story's page when only its body
    #: changes (quick.py); None when this build made no plan (nothing had changed).
    quick: QuickPages | None = None


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
    say: Callable[[str], None] | None = None,
) -> BuildResult:
    """Load, check, render and (unless `write` is False) publish the site.

    A build that writes holds the site's lock (output/lock.py) throughout: from before it
    reads the cache to after it saved it and swapped the output. `say` hears, once, that
    it waits for another build; "now" is read after the wait."""
    started = time.perf_counter()
    timer = StageTimer()
    with timer.stage("config"):
        config = load_config(site_dir, options.base_url)
        if write:  # a refused folder is refused before the site's lock file is made
            check_output_dir(site_dir, options.output or site_dir / config.build.output)
    with ExitStack() as held:
        if write:
            path = lock_path(site_dir, config.build.cache)
            waiting = (lambda pid: say(waiting_message(pid))) if say else None
            with timer.stage("wait"):  # (not counted in the build's time)
                held.enter_context(SiteLock(path, options.wait, waiting))
        with timer.stage("config"):
            build = _start(site_dir, config, options, write, timer, progress)
        return _build(build, started)


def _build(build: BuildContext, started: float) -> BuildResult:
    cache, write, timer = build.cache, build.write, build.timer
    with timer.stage("scan"):  # nothing changed since the last build: nothing to load
        state = site_state(build)
        recorded = recorded_output(build, state) if state is not None else None
    if recorded is not None:
        return _unchanged(build, recorded, started)
    used: list[str] = []
    done: _BuildOutcome | None = None
    try:
        # The articles live to the end of the build: the collector need not walk them
        # again and again (at 10,000 articles its passes cost about a second).
        with timer.stage("load"), collector_paused(freeze=True):
            loaded = load_site(build, used, state.content if state is not None else None)
            loaded = _keep_published(build, loaded)
        done = _reuse_or_make(build, loaded)
        if state is not None:
            record(build, state, _made(build, loaded, done))
    finally:
        gc.unfreeze()  # `serve` builds again and again: what this build held may go now
        if cache is not None and write:  # `check` reads the cache but writes nothing
            # A failed build keeps every rendered body: the next one will want them.
            cache.save(keep=used + list(done.markdown if done else cache.markdown.keys))
    seconds = time.perf_counter() - started - timer.timings.get("wait", 0.0)
    return _result(build, loaded, done, seconds)


def _unchanged(build: BuildContext, recorded: UnchangedRecord, started: float) -> BuildResult:
    """The result of a build whose inputs are those of the last one (unchanged.py): its
    warnings are reported again (and fail a --strict build), nothing else is done."""
    problems = list(recorded.warnings)
    if build.config.search.enabled:
        problems += check_pagefind()
    raise_if_errors(problems, build.options.strict)
    return BuildResult(
        pages=recorded.pages,
        rendered=0,
        files=recorded.files,
        seconds=time.perf_counter() - started - build.timer.timings.get("wait", 0.0),
        output=build.output_dir,
        now=build.now,
        warnings=tuple(sorted([*_warnings(problems), *_cache_warnings(build)])),
        next_scheduled=recorded.next_scheduled,
        timings=build.timer.timings,
        config=build.config,
        searchable=_searchable(build),
        next_until=recorded.next_until,
    )


def _made(build: BuildContext, loaded: Loaded, done: _BuildOutcome) -> UnchangedRecord:
    """What a successful build made, for the next one to find (unchanged.py)."""
    now = build.now
    return UnchangedRecord(
        build_id=done.known.build_id,
        window=moment_window(loaded.content, loaded.editorial, now),
        pages=done.known.pages,
        files=done.known.files,
        warnings=tuple(sorted(_warnings(done.problems))),
        next_scheduled=_next_scheduled(loaded, now),
        next_until=loaded.editorial.next_until(now),
    )


def _keep_published(build: BuildContext, loaded: Loaded) -> Loaded:
    """Fail when this build would drop a URL the site published (build/published.py):
    one of the output it replaces (a preview's: of the site's own output) or of
    `--published` sources."""
    config, options = build.config, build.options
    preview = options.preview
    register_dir = build.site_dir / config.build.output if preview else build.output_dir
    sources = Published(register_dir, options.published, options.strict)
    return keep_published(build.site_dir, config, loaded, sources)


def _start(
    site_dir: Path,
    config: SiteConfig,
    options: BuildOptions,
    write: bool,
    timer: StageTimer,
    progress: Progress | None,
) -> BuildContext:
    """ "Now" (read once the site's lock is held), the output folder (checked) and the
    cache."""
    now = resolve_now(options.now, config)
    output_dir = options.output or site_dir / config.build.output
    if write:
        check_output_dir(site_dir, output_dir)
    cache = _open_cache(site_dir, config)
    return BuildContext(site_dir, config, now, options, cache, output_dir, write, timer, progress)


def _result(
    build: BuildContext, loaded: Loaded, done: _BuildOutcome, seconds: float
) -> BuildResult:
    return BuildResult(
        pages=done.known.pages,
        rendered=done.rendered,
        files=done.known.files,
        seconds=seconds,
        output=build.output_dir if build.write else None,
        now=build.now,
        warnings=tuple(sorted([*_warnings(done.problems), *_cache_warnings(build)])),
        next_scheduled=_next_scheduled(loaded, build.now),
        timings=build.timer.timings,
        config=build.config,
        searchable=done.searchable,
        next_until=loaded.editorial.next_until(build.now),
        quick=done.quick,
    )


def _warnings(problems: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in problems if d.severity == "warning"]


def _cache_warnings(build: BuildContext) -> list[Diagnostic]:
    """Said when the build cache held entries changed since they were written: they were
    ignored (never unpickled, never shown) and made afresh."""
    cache = build.cache
    if cache is None or not cache.tampered:
        return []
    where = f"{build.config.build.cache}/cache.sqlite"
    message = "entries changed since they were written were ignored and made again"
    return [warning(where, 0, "", message, "a damaged or tampered build cache")]


def _next_scheduled(loaded: Loaded, now: datetime) -> Article | None:
    """The next story due: a scheduled article, or a live blog's scheduled update."""
    content = loaded.content
    found = [content.scheduled[-1]] if content.scheduled else []
    update = next_scheduled_update(content.articles, content.held_updates, now)
    found += [update] if update is not None else []
    return min(found, key=lambda a: a.published, default=None)


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
    quick: QuickPages | None = None


def _reuse_or_make(build: BuildContext, loaded: Loaded) -> _BuildOutcome:
    """Keep the output in place when nothing this build reads has changed; else make it."""
    cache = build.cache
    inputs = input_key(build.config, build.now, loaded) if build.write and cache else ""
    known = _known_output(build, inputs, loaded)
    if known is not None:  # nothing this build reads has changed: nor will the output
        return _reuse_output(build, known, loaded)
    done = _render_and_publish(build, loaded)
    if cache is not None and build.write:
        cache.results.put(INPUTS, inputs, done.known)
    return done


def _known_output(build: BuildContext, inputs: str, loaded: Loaded) -> _OutputRecord | None:
    """The last build's `_OutputRecord` if it was made from the same inputs (plan.input_key)
    and its output is still in place, untouched: then this build would write the same."""
    cache, output_dir = build.cache, build.output_dir
    known = cache.results.get(INPUTS, inputs) if cache is not None and inputs else None
    if not isinstance(known, _OutputRecord):
        return None
    previous = _previous_pages(cache, output_dir)
    return (
        known if kept_output(build.site_dir, output_dir, loaded, known.build_id, previous) else None
    )


def _reuse_output(build: BuildContext, known: _OutputRecord, loaded: Loaded) -> _BuildOutcome:
    """A build whose output is already in place: its problems are reported again."""
    problems = [*known.warnings, *loaded.problems]
    if build.config.search.enabled:
        problems += check_pagefind()
    raise_if_errors(problems, build.options.strict)
    markdown = tuple(build.cache.markdown.keys) if build.cache is not None else ()
    return _BuildOutcome(known, 0, problems, markdown, _searchable(build))


def _render_and_publish(build: BuildContext, loaded: Loaded) -> _BuildOutcome:
    """Related lists, groupings, the plan, and the pages and files that changed; with
    nothing to write (atlasgen check) every page is rendered and dropped."""
    config, cache, timer = build.config, build.cache, build.timer
    with timer.stage("related"):
        editions, later = index_editions(build, loaded)
    problems = later + loaded.problems
    if config.search.enabled:
        problems += check_pagefind()
    raise_if_errors(problems, build.options.strict)
    output_dir = build.output_dir if build.write else None
    with ExitStack() as stack:
        # The staging folder is taken before planning: what it holds is read meanwhile.
        out = None
        if output_dir is not None:
            spares = _spares(build.site_dir, config)
            out = stack.enter_context(OutputFolder(build.site_dir, output_dir, spares))
        with timer.stage("render"):
            compiled = _compiled_templates(build.site_dir, config) if output_dir else None
            plan = make_plan(build, loaded, editions, compiled)
            previous = _previous_pages(cache, output_dir)
        files = len(plan.planned) + len(plan.files) + len(loaded.release.published)
        if out is None:
            files, searchable = 0, None
            with timer.stage("render"):
                rendered = _render(build, plan, None, {})
        else:
            rendered, searchable = _publish(build, loaded, plan, out, previous)
    known = _OutputRecord(plan.build_id, len(plan.planned), files, tuple(later))
    return _BuildOutcome(known, rendered, problems, plan.markdown_keys, searchable, plan.quick)


def _publish(
    build: BuildContext, loaded: Loaded, plan: Plan, out: OutputFolder, previous: dict[str, str]
) -> tuple[int, int | None]:
    """Render what changed, copy files, index, swap the output in: (pages rendered, pages
    searchable). When the output in place already is this build's, nothing at all."""
    build_id, timer = plan.build_id, build.timer
    if previous and unchanged(build.output_dir, plan, build_id, previous):
        return 0, _searchable(build)  # (the staging folder goes back to being the spare)
    search = search_index(build, plan, previous)
    with search.begin(out) if search is not None else nullcontext() as indexing:
        with timer.stage("render"):  # (the stale search shards indexed meanwhile)
            rendered = _render(build, plan, out, previous, indexing)
        with timer.stage("write"):
            copy_files(build, out, loaded, plan.assets)
        if indexing is not None:
            indexing.finish()
    out.commit(build_id, len(plan.planned) + len(plan.files) + len(loaded.release.published))
    if build.cache is not None:
        build.cache.pages.replace(plan.fingerprints(), build_id)
    return rendered, _searchable(build) if search is not None else None


def _searchable(build: BuildContext) -> int | None:
    """Pages in the output's search index; None when search is off."""
    if not build.config.search.enabled:
        return None
    return searchable_pages(build.output_dir / BUNDLE)


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


def _render(
    build: BuildContext,
    plan: Plan,
    out: OutputFolder | None,
    previous: dict[str, str],
    watch: RenderWatch | None = None,
) -> int:
    """How many pages were rendered; the rest were kept from the previous output."""
    progress = build.progress
    try:
        work = RenderWork(plan.planned, plan.prints, plan.files, plan.env, plan.describe, plan.envs)
        report = (lambda done, total: progress("render", done, total)) if progress else None
        return render_pages(work, previous, out, build.cache, build.jobs, report, watch)
    except TEMPLATE_FAILURES as exc:
        raise BuildError([plan.describe(exc)]) from exc


def _previous_pages(cache: BuildCache | None, previous_dir: Path | None) -> dict[str, str]:
    """The previous build's fingerprints, if the output folder is that build's."""
    if cache is None or previous_dir is None:
        return {}
    return cache.pages.previous(read_build_id(previous_dir))


def check_site(site_dir: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Validate everything a build would, rendering pages in memory; write nothing."""
    return build_site(site_dir, options, write=False)


__all__ = ["BuildError", "BuildOptions", "BuildResult", "build_site", "check_site", "error"]
