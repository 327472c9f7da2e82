"""Site search: Pagefind indexes the built site (the only importer of `pagefind`).

Pagefind reads the staged HTML and makes the bundle written to /pagefind/: a small client
(`pagefind.js`) and the index cut into fragments, so a reader's browser downloads only
what a query needs. What is indexed is the theme's decision, made with `data-pagefind-*`
attributes (see the atlas theme's article.html): the article's headline, dek, byline,
takeaways and body; section and author as filters; the date as meta and sort key.

The stage runs inside the staged output before the swap, so a failed index fails the
build and the previous site stays. `index_key` says what an index was made from: when it
is unchanged, the build keeps the previous bundle instead of running Pagefind again.

The same pages give the same bundle, byte for byte. Pagefind numbers pages in the order it
is given them, and every index file holds those numbers; given a folder it takes the order
the file system lists it in, which differs between file systems. So the pages go to
Pagefind one by one in path order (`_Service`), only those it would index (`_bundle`),
and the filters, whose values Pagefind writes in the order of a hash map seeded afresh in
every run, are then sorted (`pagefind_bundle.sort_filters`).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import os
import re
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import metadata
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from .._compat.pagefind import ENTRY, sort_filters
from ..core.errors import Diagnostic, error, fail
from ..core.hashing import digest

BUNDLE = "pagefind"  #: the output folder Pagefind writes
INSTALL = "pip install 'atlasgen[search]'"
TURN_OFF = "or turn search off: enabled = false under [search] in site.toml"
STOPPED = "the Pagefind binary stopped before it finished"

#: How an index is made from the pages, beyond Pagefind's version: part of `index_key`, so
#: a bundle made another way is made again.
_METHOD = "pages in path order, filters sorted"
#: Pages handed to Pagefind ahead of its answers: it never waits for the next page, and
#: never holds many.
_AHEAD = 8
#: In the source of every page that has the marker (attribute names are not escaped), and
#: of few others: the pages worth handing to Pagefind when any page has the marker.
_MARKER = re.compile(rb"data-pagefind-body", re.IGNORECASE)
#: No file's URL (those start with "/"): a page without the marker, in the index only when
#: no page has it.
_PROBE_URL = "atlasgen-probe"
_PROBE = "<html><body><p>atlasgen probe</p></body></html>"


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
    return digest("search", _METHOD, *_versions(), *sorted(content_fingerprints))


def write_index(
    site: Path,
    bundle: Path,
    pages: Sequence[str] | None = None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Index HTML under `site` into `bundle`; raises BuildError when Pagefind fails.
    `pages`: the files to index, by path relative to `site` (a shard's stories); None:
    every HTML file there. No pages writes an empty index (with none marked
    `data-pagefind-body`, Pagefind would otherwise index every page it is given whole).
    `ready(path)`, when given, returns once that page is in `site` (pages still being
    rendered meanwhile) or raises to stop."""
    try:
        chosen = _pages(site) if pages is None else _chosen(site, pages)
        _index(site, bundle, chosen, ready or _at_once)
    except Exception as exc:  # whatever Pagefind or the pipe to it raised
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


def _at_once(rel: str) -> None:
    """Every page is in the site already."""


def _index(
    site: Path, bundle: Path, pages: list[tuple[str, Path]], ready: Callable[[str], None]
) -> None:
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise PagefindFailed("Pagefind is installed without its binary")
    with _Service(binary, site.resolve()) as pagefind:
        files = _bundle(pagefind, pages, ready, marked_only=True)
        if files is None:  # no page is marked after all: Pagefind takes every page whole
            files = _bundle(pagefind, pages, ready, marked_only=False)
            assert files is not None  # with no page left out there is no probe
    for rel, data in sorted(sort_filters(files).items()):
        path = bundle / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _bundle(
    pagefind: _Service,
    pages: list[tuple[str, Path]],
    ready: Callable[[str], None],
    marked_only: bool,
) -> dict[str, bytes] | None:
    """The bundle's files by path, Pagefind given `pages` in their order. `marked_only`
    leaves out the pages without `data-pagefind-body`, which Pagefind itself leaves out
    when any page has that marker; then a probe page without it goes last, and when the
    probe is in the index (no page has the marker, as an attribute) the answer is None."""
    index_id = pagefind.ask({"type": "NewIndex", "config": {"write_playground": False}})["index_id"]
    left_out = 0

    def requests() -> Iterator[tuple[str, dict[str, Any]]]:
        nonlocal left_out
        for rel, path in pages:
            ready(rel)
            html = path.read_bytes()
            if marked_only and not _MARKER.search(html):
                left_out += 1
                continue
            yield rel, _add_file(index_id, html.decode("utf-8", "replace"), file_path=rel)
        if left_out:
            yield _PROBE_URL, _add_file(index_id, _PROBE, url=_PROBE_URL)

    pagefind.ask_each(requests())
    # The bundle's files in the answer, not written by Pagefind: it answers WriteFiles
    # before its writes have all reached the disk, and stopped then leaves files cut short.
    answer = pagefind.ask({"type": "GetFiles", "index_id": index_id})
    files = {_bundle_path(f["path"]): base64.b64decode(f["content"]) for f in answer["files"]}
    if left_out and _has_page(files, _PROBE_URL):
        pagefind.ask({"type": "DeleteIndex", "index_id": index_id})
        return None
    return files


def _add_file(
    index_id: int, html: str, file_path: str | None = None, url: str | None = None
) -> dict[str, Any]:
    """A page for Pagefind, which makes its URL of `file_path` as of a file in a folder."""
    return {
        "type": "AddFile",
        "index_id": index_id,
        "file_path": file_path,
        "url": url,
        "file_contents": html,
    }


def _has_page(files: dict[str, bytes], url: str) -> bool:
    """Whether a bundle's fragments (gzipped "pagefind_dcd" and JSON) hold the page."""
    wanted = b'"url":' + json.dumps(url).encode("ascii")
    return any(
        wanted in gzip.decompress(data)
        for rel, data in files.items()
        if rel.startswith("fragment/")
    )


def _bundle_path(path: str) -> str:
    """A path Pagefind gave for a bundle file, checked to stay inside the bundle."""
    rel = PurePosixPath(path.replace("\\", "/"))
    if rel.is_absolute() or not rel.parts or ".." in rel.parts:
        raise PagefindFailed(f"Pagefind named a file outside its folder: {path}")
    return rel.as_posix()


def _pages(site: Path) -> list[tuple[str, Path]]:
    """The HTML files Pagefind would find in `site` (its default glob, `**/*.{html}`), by
    path relative to the site, in code-point order: the same on every file system."""
    site = site.resolve()
    return sorted(
        (path.relative_to(site).as_posix(), path) for path in site.rglob("*.html") if path.is_file()
    )


def _chosen(site: Path, pages: Sequence[str]) -> list[tuple[str, Path]]:
    """Some pages of `site` by path relative to it, in code-point order, as `_pages`."""
    site = site.resolve()
    return [(rel, site / rel) for rel in sorted(pages)]


class _Service:
    """`pagefind --service`, the indexer behind Pagefind's Python and Node APIs, spoken to
    directly: each message is base64-encoded JSON ended by a comma, both ways, and the
    answers come in the order of the questions (the service works through them one at a
    time). The `pagefind` package's own client waits 0.1 s before it reads each answer,
    which is fine for one folder but 100 s for a thousand pages handed over one by one."""

    def __init__(self, binary: Path, cwd: Path) -> None:
        self._process = subprocess.Popen(
            [str(binary), "--service"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._sent = 0
        self._answered = 0
        self._buffer = bytearray()
        self._scanned = 0  #: how much of the buffer holds no comma

    def __enter__(self) -> _Service:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        process = self._process
        try:
            if kind is None:
                assert process.stdin is not None
                process.stdin.close()  # at the end of its input the service exits
                process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None and not pipe.closed:
                    with contextlib.suppress(OSError):  # a pipe a stopped binary left
                        pipe.close()

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and return Pagefind's answer to it."""
        self._send(payload)
        return self._answer()

    def ask_each(self, requests: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Send (name, request) pairs in order, at most `_AHEAD` unanswered; an error
        names the request it answers."""
        waiting: list[str] = []
        for name, payload in requests:
            if len(waiting) == _AHEAD:
                self._answer(waiting.pop(0))
            self._send(payload)
            waiting.append(name)
        for name in waiting:
            self._answer(name)

    def _send(self, payload: dict[str, Any]) -> None:
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload})  # ASCII: quicker
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(message.encode("ascii")) + b",")
        except (BrokenPipeError, ConnectionResetError):
            raise PagefindFailed(STOPPED) from None

    def _answer(self, about: str = "") -> dict[str, Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        try:
            self._process.stdin.flush()
        except (BrokenPipeError, ConnectionResetError):
            raise PagefindFailed(STOPPED) from None
        while (end := self._buffer.find(b",", self._scanned)) < 0:
            self._scanned = len(self._buffer)
            chunk = os.read(self._process.stdout.fileno(), 1 << 20)
            if not chunk:
                raise PagefindFailed(STOPPED)
            self._buffer += chunk
        message = json.loads(base64.b64decode(self._buffer[:end]))
        del self._buffer[: end + 1]
        self._scanned = 0
        self._answered += 1
        payload: dict[str, Any] = message["payload"]
        if payload.get("type") == "Error" or message.get("message_id") != self._answered:
            problem = str(payload.get("message") or payload)
            raise PagefindFailed(f"{about}: {problem}" if about else problem)
        return payload


def _describe(exc: Exception) -> str:
    if isinstance(exc, ConnectionError):  # it closed its end of the pipe
        return STOPPED
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
