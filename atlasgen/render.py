"""Rendering planned pages: skipped when unchanged, spread over processes when many.

A page's fingerprint is a hash of its template set and of the complete view data handed
to its template. When it equals the fingerprint recorded for the previous build and that
build's file is still there, the page is not rendered again. The remaining pages are
rendered in `jobs` worker processes (forked, so they share the build's state without
pickling it); output is byte-identical to a one-process build, as every page is rendered
from the same data and results are collected in plan order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template

from .cache import BuildCache, digest
from .errors import BuildError, Diagnostic
from .pages import PlannedPage, RenderedPage
from .urls import output_path

CHUNK = 48  #: pages per task handed to a worker
MIN_PARALLEL = 200  #: below this many pages, forking costs more than it saves

Describe = Callable[[Exception], Diagnostic]


@dataclass(frozen=True)
class RenderJob:
    planned: Sequence[PlannedPage]
    templates: Mapping[str, Template]
    template_key: str  #: hash of every template file and atlasgen's version
    previous: Mapping[str, str]  #: output path -> fingerprint of the previous build
    previous_dir: Path | None  #: the previous output, whose unchanged files are kept
    cache: BuildCache | None
    describe: Describe  #: a rendering exception -> the diagnostic the writer sees


_JOB: RenderJob | None = None  # set just before forking; workers inherit it


def render_all(
    planned: Sequence[PlannedPage],
    env: Environment,
    template_key: str,
    describe: Describe,
    previous: Mapping[str, str] | None = None,
    previous_dir: Path | None = None,
    cache: BuildCache | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[RenderedPage]:
    """Render (or keep) every planned page, in plan order. Raises BuildError."""
    _shared_digests.clear()
    names = sorted({p.template for p in planned})
    templates = {name: env.get_template(name) for name in names}
    job = RenderJob(planned, templates, template_key, previous or {}, previous_dir, cache, describe)
    bounds = [(i, min(i + CHUNK, len(planned))) for i in range(0, len(planned), CHUNK)]
    results: list[RenderedPage] = []
    problems: list[Diagnostic] = []
    for pages, errors, markdown in _run(job, bounds, jobs):
        results += pages
        problems += errors
        if cache is not None and markdown:
            cache.add_markdown(markdown)
        if progress is not None:
            progress(len(results) + len(problems), len(planned))
    if problems:
        raise BuildError(sorted(set(problems)))
    return results


def _run(
    job: RenderJob, bounds: list[tuple[int, int]], jobs: int
) -> Any:  # Iterator of chunk results
    global _JOB
    parallel = jobs > 1 and len(job.planned) >= MIN_PARALLEL and _can_fork()
    if not parallel:
        for start, stop in bounds:
            yield _render_chunk(job, start, stop)
        return
    _JOB = job
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes=jobs) as pool:
            yield from pool.imap(_worker, bounds)
    finally:
        _JOB = None


def _worker(bounds: tuple[int, int]) -> tuple[list[RenderedPage], list[Diagnostic], dict[str, str]]:
    assert _JOB is not None
    return _render_chunk(_JOB, *bounds)


def _render_chunk(
    job: RenderJob, start: int, stop: int
) -> tuple[list[RenderedPage], list[Diagnostic], dict[str, str]]:
    pages: list[RenderedPage] = []
    errors: list[Diagnostic] = []
    for page in job.planned[start:stop]:
        try:
            pages.append(_render_one(job, page))
        except BuildError as exc:
            errors += exc.diagnostics
        except Exception as exc:  # a template failed: report it like a compiler error
            errors.append(job.describe(exc))
    markdown = job.cache.take_new_markdown() if job.cache is not None else {}
    return pages, errors, markdown


def _render_one(job: RenderJob, page: PlannedPage) -> RenderedPage:
    context = page.context()
    path = output_path(page.url)
    fingerprint, content = _fingerprints(job, page.template, context)
    if (
        job.previous.get(path) == fingerprint
        and job.previous_dir is not None
        and (job.previous_dir / path).is_file()
    ):
        return RenderedPage(page.url, path, None, fingerprint, content)
    html = job.templates[page.template].render(context)
    return RenderedPage(page.url, path, html, fingerprint, content)


_SHARED = ("site", "tickers")  #: context values every page shares: hashed once per process
_shared_digests: dict[int, tuple[object, str]] = {}


def _fingerprints(job: RenderJob, template: str, context: dict[str, Any]) -> tuple[str, str]:
    """(everything the page shows, the same without the header tickers): the second only
    changes when what the page itself says does, e.g. for the search index."""
    parts = [job.template_key, template]
    tickers = ""
    for key in sorted(context):
        value = context[key]
        if key in _SHARED:
            known = _shared_digests.get(id(value))
            if known is None or known[0] is not value:
                known = _shared_digests[id(value)] = (value, digest(repr(value)))
            if key == "tickers":
                tickers = known[1]
            else:
                parts += [key, known[1]]
        else:
            parts += [key, repr(value)]
    content = digest("page", *parts)
    return digest("page", content, "tickers", tickers), content


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"


def template_key(folders: Sequence[Path]) -> str:
    """A hash of every template file (name and bytes) in these folders."""
    parts: list[str | bytes] = []
    for folder in folders:
        if folder.is_dir():
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    parts += [file.relative_to(folder).as_posix(), file.read_bytes()]
    return digest("templates", *parts)
