"""Rendering planned pages: skipped when unchanged, spread over processes when many.

Every page first gets a fingerprint, in the main process: for most pages a digest of
stamps (stamps.py), for the few others a hash of the complete view data handed to its
template. A page whose fingerprint equals the previous build's, and whose file is still
in the previous output, is not rendered: that file is kept. The rest are rendered in
`jobs` worker processes (forked, so they share the build's state without pickling it),
and each worker writes its pages straight into the staged output folder, so no process
holds the site's HTML in memory. Output is byte-identical to a one-process build: every
page is rendered from the same data, and only its bytes reach the disk. A `RenderWatch`
(the search stage) is told as pages reach the staged folder, and has its pages made first.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

from jinja2 import Environment, Template

from ..core.cache import BuildCache
from ..core.collector import collector_paused
from ..core.errors import BuildError, Diagnostic
from ..core.forking import chunks, forked_map, worker_count
from ..core.hashing import digest
from ..output.folder import OutputFolder
from .pages import PlannedFile, PlannedPage

CHUNK = 48  #: pages per task handed to a worker
MIN_PARALLEL = 200  #: below this many pages to render, forking costs more than it saves

Describe = Callable[[Exception], Diagnostic]
#: A worker's errors, new Markdown, and whether it found a cached body tampered with.
_Chunk = tuple[list[Diagnostic], dict[str, str], bool]


@dataclass(frozen=True)
class Fingerprint:
    full: str  #: everything the page shows: `content`, then the tickers' digest
    content: str  #: the same without the header tickers (what the search index reads)


def fingerprint_pages(
    planned: Sequence[PlannedPage], template_key: str, world: str, tickers: object
) -> list[Fingerprint]:
    """Each page's fingerprint, in plan order. `world` is the digest of what every
    stamped page shows besides its stamps and the header's `tickers`; see stamps.py."""
    shared: dict[int, tuple[object, str]] = {}
    found = []
    ticker_key = _shared_digest(shared, tickers)
    head = f"{template_key} {world}"
    for page in planned:
        if page.deps is not None:
            content = digest("page", head, f"{page.template} {page.url}", page.deps())
            found.append(Fingerprint(f"{content} {ticker_key}", content))
        else:
            found.append(_from_context(shared, template_key, page))
    return found


def _from_context(
    shared: dict[int, tuple[object, str]], template_key: str, page: PlannedPage
) -> Fingerprint:
    """A fingerprint from the full view data: for the few pages without stamps."""
    context = page.context()
    parts = [template_key, page.template]
    tickers = ""
    for key in sorted(context):
        value = context[key]
        if key == "tickers":
            tickers = _shared_digest(shared, value)
        elif key == "site":
            parts += [key, _shared_digest(shared, value)]
        else:
            parts += [key, repr(value)]
    content = digest("page", *parts)
    return Fingerprint(f"{content} {tickers}", content)


def _shared_digest(shared: dict[int, tuple[object, str]], value: object) -> str:
    """Values every page shares (the header, the tickers) are hashed once per build."""
    known = shared.get(id(value))
    if known is None or known[0] is not value:
        known = shared[id(value)] = (value, digest(repr(value)))
    return known[1]


@dataclass(frozen=True)
class RenderJob:
    planned: Sequence[PlannedPage]
    files: Sequence[PlannedFile]
    todo: Sequence[int]  #: what to make: indexes into `planned`, then on into `files`
    templates: Mapping[tuple[str, str], Template]  #: by (edition, name)
    out: OutputFolder | None  #: where pages go; None: render and drop (atlasgen check)
    cache: BuildCache | None
    describe: Describe  #: a rendering exception -> the diagnostic the writer sees

    def path(self, index: int) -> str:
        """The output path of a `todo` index."""
        pages = len(self.planned)
        return self.planned[index].path if index < pages else self.files[index - pages].path


@dataclass(frozen=True)
class RenderWork:
    """What the plan hands the render stage."""

    planned: Sequence[PlannedPage]
    prints: Sequence[Fingerprint]  #: each planned page's, in the same order
    files: Sequence[PlannedFile]  #: feeds, sitemaps...: made by code, not templates
    env: Environment
    describe: Describe
    #: each edition's environment, by `PlannedPage.edition` (its language's strings);
    #: a page of the default edition ("") renders with `env`
    envs: Mapping[str, Environment] = field(default_factory=dict)

    def template(self, edition: str, name: str) -> Template:
        return self.envs.get(edition, self.env).get_template(name)


class RenderWatch(Protocol):
    """Told as pages reach the staged folder (the search stage reads them meanwhile)."""

    @property
    def first(self) -> Sequence[str]:
        """Pages to make before the others, in this order."""

    def written(self, paths: Iterable[str]) -> None:
        """These pages are in the staged folder now, whole."""

    def running(self) -> None:
        """The workers are forked (or none will be): threads may start."""


def render_pages(
    work: RenderWork,
    previous: Mapping[str, str],
    out: OutputFolder | None,
    cache: BuildCache | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    watch: RenderWatch | None = None,
) -> int:
    """Render, or keep from the previous output, every planned page and file (feeds,
    sitemaps...); write each into `out`, telling `watch` as they arrive. Returns how
    many pages were rendered. Raises BuildError with every page's error."""
    planned, files = work.planned, work.files
    todo, kept = _to_render(work, previous, out, watch.first if watch else ())
    if watch is not None:
        watch.written(kept)
    total = len(planned) + len(files)
    names = sorted({(planned[i].edition, planned[i].template) for i in todo if i < len(planned)})
    templates = {(edition, n): work.template(edition, n) for edition, n in names}
    job = RenderJob(planned, files, todo, templates, out, cache, work.describe)
    bounds = chunks(len(todo), CHUNK)
    problems: list[Diagnostic] = []
    done = total - len(todo)
    workers = worker_count(jobs, len(todo), MIN_PARALLEL)
    if watch is not None and workers == 1:
        watch.running()
    for (start, stop), (errors, markdown, tampered) in zip(
        bounds, _run(job, bounds, workers), strict=True
    ):
        if watch is not None:
            watch.written(job.path(i) for i in todo[start:stop])
            watch.running()  # the first result: the workers are forked
        problems += errors
        if cache is not None and markdown:
            cache.markdown.add(markdown)
        if cache is not None and tampered:  # seen in a worker: said by the build
            cache.signer.tampered = True
        done += stop - start
        if progress is not None:
            progress(done, total)
    if problems:
        raise BuildError(sorted(set(problems)))
    return sum(i < len(planned) for i in todo)


def _to_render(
    work: RenderWork, previous: Mapping[str, str], out: OutputFolder | None, first: Sequence[str]
) -> tuple[list[int], list[str]]:
    """Which pages and files to make (indexes into the pages, then on into the files),
    and the paths of the others, kept from the previous output, claimed in `out`
    meanwhile."""
    paths = [page.path for page in work.planned] + [f.path for f in work.files]
    marks = [mark.full for mark in work.prints] + [f.fingerprint for f in work.files]
    # The pages someone waits for first; then files: a sitemap or a feed costs as much
    # as dozens of pages, and a chunk of them handed out last would keep one worker busy
    # while the others wait.
    pages = len(work.planned)
    early = _indexes(paths[:pages], first)
    waited = set(early)
    order = [*early, *range(pages, len(paths)), *(i for i in range(pages) if i not in waited)]
    todo = [
        i
        for i in order
        if out is None or previous.get(paths[i]) != marks[i] or not out.can_keep(paths[i])
    ]
    fresh = set(todo)
    kept = [path for i, path in enumerate(paths) if i not in fresh]
    if out is not None:
        out.keep_all(kept)
        out.claim(paths[i] for i in todo)  # written by the workers
    return todo, kept


def _indexes(paths: Sequence[str], wanted: Sequence[str]) -> list[int]:
    """The indexes of the `wanted` paths among `paths`, in the order wanted."""
    if not wanted:
        return []
    where = {path: i for i, path in enumerate(paths)}
    return [where[path] for path in wanted if path in where]


def _run(job: RenderJob, bounds: list[tuple[int, int]], workers: int) -> Iterator[_Chunk]:
    if workers > 1:
        gc.freeze()  # the plan: workers need not collect it, nor copy its pages by touching it
    yield from forked_map(partial(_render_span, job), bounds, workers)


def _render_span(job: RenderJob, bounds: tuple[int, int]) -> _Chunk:
    return _render_chunk(job, *bounds)


@collector_paused()
def _render_chunk(job: RenderJob, start: int, stop: int) -> _Chunk:
    """Render and write a chunk of the work. The collector waits meanwhile: pages leave
    no reference cycles behind, yet the objects they make would set off a collection
    every few hundred allocations (3-4% of a worker's time). Whatever cycle a site's own
    template leaves goes in the first collection after the chunk."""
    errors: list[Diagnostic] = []
    pages = len(job.planned)
    for index in job.todo[start:stop]:
        if index >= pages:
            file = job.files[index - pages]
            if job.out is not None:
                job.out.write(file.path, file.make())
            continue
        page = job.planned[index]
        try:
            html = job.templates[page.edition, page.template].render(page.context())
        except BuildError as exc:
            errors += exc.diagnostics
            continue
        except Exception as exc:  # a template failed: report it like a compiler error
            errors.append(job.describe(exc))
            continue
        if job.out is not None:
            job.out.write(page.path, html)
    markdown = job.cache.markdown.take_new() if job.cache is not None else {}
    return errors, markdown, job.cache is not None and job.cache.tampered


def template_key(folders: Sequence[Path], *more: str) -> str:
    """A hash of every template file (name and bytes) in these folders, and of `more`."""
    parts: list[str | bytes] = list(more)
    for folder in folders:
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    parts += [file.relative_to(folder).as_posix(), file.read_bytes()]
    return digest("templates", *parts)
