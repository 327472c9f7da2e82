"""Site search: Pagefind indexes the built site (the only importer of `pagefind`).

Pagefind reads the staged HTML and writes a bundle to /pagefind/: a small client
(`pagefind.js`) and the index cut into fragments, so a reader's browser downloads only
what a query needs. What is indexed is the theme's decision, made with `data-pagefind-*`
attributes (see the atlas theme's article.html): the article's headline, dek, byline,
takeaways and body; section and author as filters; the date as meta and sort key.

The stage runs inside the staged output before the swap, so a failed index fails the
build and the previous site stays. `index_key` says what an index was made from: when it
is unchanged, the build keeps the previous bundle instead of running Pagefind again.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from .cache import digest
from .errors import Diagnostic, error, fail

BUNDLE = "pagefind"  #: the output folder Pagefind writes
ENTRY = "pagefind-entry.json"  #: the bundle's table of contents
INSTALL = "pip install 'atlasgen[search]'"
TURN_OFF = "or turn search off: enabled = false under [search] in site.toml"

T = TypeVar("T")


class PagefindFailed(Exception):
    """Pagefind reported an error or stopped; the message says which."""


def check_pagefind() -> list[Diagnostic]:
    """An error that says how to install Pagefind when it cannot run, else nothing."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        problem = "Pagefind is not installed"
    else:
        binary = get_executable()
        if binary is not None and binary.is_file():
            return []
        if os.environ.get("PAGEFIND_BINARY_PATH"):
            problem = f"PAGEFIND_BINARY_PATH names {binary}, which does not exist"
        else:
            problem = "Pagefind is installed without its binary"
    return [
        error("site.toml", 0, "search.enabled", f"{problem}; install it with {INSTALL}", TURN_OFF)
    ]


def index_key(content_fingerprints: Iterable[str]) -> str:
    """What an index is made from: the pages (what each says, the header tickers aside)
    and the Pagefind that reads them. The same key means the same index."""
    return digest("search", *_versions(), *sorted(content_fingerprints))


def write_index(site: Path, bundle: Path, scan: bool = True) -> None:
    """Index the HTML under `site` into `bundle`; raises BuildError when Pagefind fails.
    `scan=False` writes an empty index: with no page marked `data-pagefind-body` (a site
    without articles), Pagefind would otherwise index every page whole."""
    try:
        _run_async(lambda: _index(site, bundle, scan))
    except Exception as exc:  # Pagefind's client raises bare Exception(message, request)
        fail(
            error(
                "site.toml",
                0,
                "search",
                f"Pagefind could not index the site: {_describe(exc)}",
                f"nothing was published; {TURN_OFF} to publish without search",
            )
        )


def indexed_pages(bundle: Path) -> int:
    """How many pages an index holds, from its table of contents (0 when unreadable)."""
    try:
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def _run_async(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """asyncio.run(), also when the caller already runs an event loop (a notebook, an
    async server, Playwright's sync API): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(work())
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(work())).result()


async def _index(site: Path, bundle: Path, scan: bool) -> None:
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    try:
        index = await _answer(service, service.create_index(IndexConfig(write_playground=False)))
        if scan:
            await _answer(service, index.add_directory(str(site.resolve())))
        await _answer(service, index.write_files(output_path=str(bundle.resolve())))
    except BaseException:
        await _stop(service)
        raise
    await service.close()


async def _answer(service: object, request: Awaitable[T]) -> T:
    """Await a request to the Pagefind binary, or fail if the binary stops first: its
    client would otherwise wait forever for an answer that never comes."""
    task = asyncio.ensure_future(request)
    reader = getattr(service, "_poll_task", None)  # the client's task reading answers
    if not isinstance(reader, asyncio.Task):
        return await task
    await asyncio.wait({task, reader}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        return task.result()
    task.cancel()
    process = getattr(service, "_backend", None)
    if isinstance(process, asyncio.subprocess.Process):
        await process.wait()
    # The same words as a closed pipe (_describe): which of the two a failing binary shows
    # first is a race, and the writer should see one message either way.
    raise PagefindFailed("the Pagefind binary stopped before it finished")


async def _stop(service: object) -> None:
    """Stop a failed Pagefind service now: the client's own close() first waits for the
    answers that a failed or stopped binary never sends."""
    reader = getattr(service, "_poll_task", None)
    if isinstance(reader, asyncio.Task):
        reader.cancel()
    process = getattr(service, "_backend", None)
    if isinstance(process, asyncio.subprocess.Process):
        if process.returncode is None:
            process.kill()
        await process.wait()


def _describe(exc: Exception) -> str:
    if isinstance(exc, ConnectionError):  # it closed its end of the pipe
        return "the Pagefind binary stopped before it finished"
    if exc.args and isinstance(exc.args[0], str):
        return exc.args[0]
    return f"{type(exc).__name__}: {exc}"


def _versions() -> list[str]:
    found = []
    for name in ("pagefind", "pagefind-bin", "pagefind-bin-extended"):
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return found
