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
every run, are then sorted (`_sort_filters`).
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import os
import re
import subprocess
import zlib
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from .cache import digest
from .errors import Diagnostic, error, fail

BUNDLE = "pagefind"  #: the output folder Pagefind writes
ENTRY = "pagefind-entry.json"  #: the bundle's table of contents
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


def write_index(site: Path, bundle: Path, scan: bool = True) -> None:
    """Index the HTML under `site` into `bundle`; raises BuildError when Pagefind fails.
    `scan=False` writes an empty index: with no page marked `data-pagefind-body` (a site
    without articles), Pagefind would otherwise index every page whole."""
    try:
        _index(site, bundle, scan)
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


def _index(site: Path, bundle: Path, scan: bool) -> None:
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise PagefindFailed("Pagefind is installed without its binary")
    pages = _pages(site) if scan else []
    with _Service(binary, site.resolve()) as pagefind:
        files = _bundle(pagefind, pages, marked_only=True)
        if files is None:  # no page is marked after all: Pagefind takes every page whole
            files = _bundle(pagefind, pages, marked_only=False)
            assert files is not None  # with no page left out there is no probe
    for rel, data in sorted(_sort_filters(files).items()):
        path = bundle / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _bundle(
    pagefind: _Service, pages: list[tuple[str, Path]], marked_only: bool
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


# -- filter order --------------------------------------------------------------------------
#
# A language's index is named in pagefind-entry.json ("hash": "en_1febc9f1e2"), which names
# its meta file (pagefind.en_1febc9f1e2.pf_meta), which names each filter's file
# ([["author", "en_e914288"], ...], its fourth field). Each file is gzip of "pagefind_dcd"
# and CBOR; a filter file is [filter, [[value, [page, ...]], ...]]. A file's name is the
# language and the start of a SHA-1 of its CBOR, in Pagefind's spelling (bytes as hex
# without leading zeros). Pagefind 1.5 writes a filter's values in a hash map's order,
# seeded afresh in every run (Pagefind/pagefind#638); its search client reads them into a
# map, so the order means nothing and sorting them by value loses nothing.

_SIGNATURE = b"pagefind_dcd"
_CBOR = int | str | bytes | list["_CBOR"]


class _Unfamiliar(Exception):
    """A bundle in a shape this code does not know: it is left as Pagefind made it."""


def _sort_filters(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle's files (by path) with every filter's values sorted, and renamed what
    that renames: the filter files, the meta files naming them, the table of contents
    naming those. A bundle in a shape this does not know (another Pagefind) comes back as
    it is: it works, only its order may vary between runs."""
    try:
        out = dict(files)
        entry = files[ENTRY].decode("utf-8")
        for language, info in json.loads(entry)["languages"].items():
            old = str(info["hash"])
            meta = _read(out.pop(f"pagefind.{old}.pf_meta"))
            if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
                raise _Unfamiliar(old)
            taken: set[str] = set()
            filters: list[_CBOR] = []
            for pair in sorted(meta[3], key=_pair_key):
                name, hash_ = _pair_key(pair), _pair_value(pair)
                data = _sorted_filter(_read(out.pop(f"filter/{hash_}.pf_filter")))
                new = _short_name(language, data, len(language) + 8, taken)
                taken.add(new)
                filters.append([name, new])
                out[f"filter/{new}.pf_filter"] = _pack(_cbor(data))
            meta[3] = filters
            data = _cbor(meta)
            new = f"{language}_{_pagefind_hash(data)[: len(language) + 8]}"
            out[f"pagefind.{new}.pf_meta"] = _pack(data)
            if entry.count(f'"hash":"{old}"') != 1:
                raise _Unfamiliar(ENTRY)
            entry = entry.replace(f'"hash":"{old}"', f'"hash":"{new}"')
        out[ENTRY] = entry.encode("utf-8")
    except (_Unfamiliar, OSError, EOFError, zlib.error, ValueError, KeyError, TypeError):
        return files
    return out


def _pair_key(pair: _CBOR) -> str:
    if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
        raise _Unfamiliar(pair)
    return pair[0]


def _pair_value(pair: _CBOR) -> str:
    assert isinstance(pair, list)
    if not isinstance(pair[1], str):
        raise _Unfamiliar(pair)
    return pair[1]


def _sorted_filter(data: _CBOR) -> _CBOR:
    """[filter, values] with the values in code-point order (which is UTF-8 byte order,
    the order Rust sorts strings in)."""
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
        raise _Unfamiliar(data)
    return [data[0], sorted(data[1], key=_pair_key)]


def _short_name(language: str, data: _CBOR, length: int, taken: set[str]) -> str:
    """A filter file's name as Pagefind makes it: the first `length` characters of
    "<language>_<hash>", one more while another filter file has that name."""
    name = f"{language}_{_pagefind_hash(_cbor(data))}"
    while name[:length] in taken and length < len(name):
        length += 1
    return name[:length]


def _pagefind_hash(data: bytes) -> str:
    """SHA-1 in hex the way Pagefind writes it: each byte without a leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def _read(packed: bytes) -> _CBOR:
    """A Pagefind index file's CBOR, checked to encode back to the very same bytes."""
    data = gzip.decompress(packed)
    if not data.startswith(_SIGNATURE):
        raise _Unfamiliar(data[:16])
    data = data[len(_SIGNATURE) :]
    try:
        value, end = _decode(data, 0)
    except (IndexError, UnicodeDecodeError):
        raise _Unfamiliar(data[:16]) from None
    if end != len(data) or _cbor(value) != data:
        raise _Unfamiliar(data[:16])
    return value


def _pack(cbor: bytes) -> bytes:
    """A Pagefind index file of some CBOR."""
    return gzip.compress(_SIGNATURE + cbor, compresslevel=9, mtime=0)


def _decode(data: bytes, at: int) -> tuple[_CBOR, int]:
    """The CBOR item at `at` and where it ends: the kinds Pagefind writes (integers,
    strings, arrays of definite length); anything else is _Unfamiliar."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        number = info
    elif info < 28:
        size = 1 << (info - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise _Unfamiliar(info)
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        chunk = data[at : at + number]
        if len(chunk) != number:
            raise _Unfamiliar(major)
        return (chunk.decode("utf-8") if major == 3 else chunk), at + number
    if major == 4:
        items: list[_CBOR] = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise _Unfamiliar(major)


def _cbor(value: _CBOR) -> bytes:
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _encode(value: _CBOR, out: bytearray) -> None:
    if isinstance(value, int):
        _head(0 if value >= 0 else 1, value if value >= 0 else -1 - value, out)
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, bytes):
        _head(2, len(value), out)
        out += value
    else:
        _head(4, len(value), out)
        for item in value:
            _encode(item, out)


def _head(major: int, number: int, out: bytearray) -> None:
    """CBOR's shortest head, as Pagefind's encoder (minicbor) writes it."""
    if number < 24:
        out.append(major << 5 | number)
        return
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            out.append(major << 5 | info)
            out += number.to_bytes(size, "big")
            return
    raise _Unfamiliar(number)
