"""What the preview shows for a URL, without sockets: `respond()` is the whole HTTP logic.

Only files inside the preview folder are answered (never `..`, encoded slashes, symlinks
that point out, or hidden files). HTML gets its `ssi` (and `esi`) includes resolved, as the
production web server would, and, in the response only, never in the built files, the
script that reloads the tab after each rebuild and, while the last build failed, an overlay
with its errors on top of the last good page. `Preview` holds the outcome of the last build
for the request threads and the event streams to read and wait on.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from urllib.parse import unquote, urljoin, urlsplit

from ..build.quick import QuickPages
from ..core.errors import Diagnostic

EVENTS = "/__atlasgen/events"  #: the Server-Sent Events stream of every tab


# -- what a URL names ---------------------------------------------------


def site_path(url_path: str, base_path: str) -> str | None:
    """The site-relative path of a request ("/news/a/" -> "/a/" under base path "/news"),
    or None when the request is outside the site's base path."""
    if not base_path:
        return url_path
    if url_path == base_path or url_path.startswith(base_path + "/"):
        return url_path[len(base_path) :]  # "" for the base path itself: redirected to "/"
    return None


def safe_path(root: Path, url_path: str) -> Path | None:
    """The file or folder under `root` that a (still percent-encoded) URL path names, or
    None when it would leave `root` (`..`, encoded slashes, backslashes, a symlink that
    points out) or names anything hidden (a segment starting with '.')."""
    parts = []
    for raw in url_path.split("/"):
        part = unquote(raw)
        if part.startswith(".") or any(c in part for c in "/\\\0"):
            return None
        if part:
            parts.append(part)
    try:
        base = root.resolve()
        path = base.joinpath(*parts).resolve()
        inside = path.relative_to(base)
    except (OSError, RuntimeError, ValueError):  # outside, a symlink loop, a bad name
        return None
    if any(part.startswith(".") for part in inside.parts):  # a symlink to a hidden file
        return None
    return path


@dataclass(frozen=True)
class Found:
    status: int  #: 200, 302 or 404
    path: Path | None = None
    location: str = ""  #: site-relative, for 302


def locate(root: Path, url_path: str) -> Found:
    """A file to send, a redirect from a folder's URL without its slash, or not found."""
    path = safe_path(root, url_path)
    if path is not None and path.is_dir():
        if not url_path.endswith("/"):
            return Found(302, location=url_path + "/")
        path = safe_path(root, url_path + "index.html")
    if path is None or not path.is_file():
        return Found(404)
    return Found(200, path)


_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    "": "text/plain; charset=utf-8",  # _redirects
}


def content_type(path: PurePath) -> str:
    suffix = path.suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


_ASSETS = ("text/css", "text/javascript", "image/", "font/")  #: what a build in progress
BUILD_WAIT = 300.0  #: seconds a page waits for the build that follows quick pages


_INCLUDE = re.compile(
    r'<!--#include\s+(?:virtual|file)="([^"]*)"\s*-->|<esi:include\s+src="([^"]*)"\s*/>'
)


def resolve_includes(page: str, read: Callable[[str], str | None], depth: int = 3) -> str:
    """Replace each SSI (and ESI) include with the text `read` returns for its URL, as
    nginx's `ssi on` would; a missing file leaves a visible comment."""

    def include(match: re.Match[str]) -> str:
        url = html.unescape(match.group(1) or match.group(2))
        text = read(url)
        if text is None:
            return f"<!-- atlasgen serve: nothing at {url.replace('--', '- -')} -->"
        return resolve_includes(text, read, depth - 1) if depth > 1 else text

    return _INCLUDE.sub(include, page)


def inject(page: str, snippet: str) -> str:
    """Put `snippet` just before the last </body>, or at the end without one."""
    at = page.lower().rfind("</body>")
    return page + snippet if at < 0 else page[:at] + snippet + page[at:]


def _js(text: str) -> str:
    return json.dumps(text).replace("<", "\\u003c")


_SCRIPT = """<script id="atlasgen-live">
(function () {
  var seen = %s;
  function connect() {
    var source = new EventSource(%s);
    source.addEventListener("hello", function (event) {
      if (JSON.parse(event.data).state !== seen) location.reload();  // missed while away
    });
    source.addEventListener("reload", function () { location.reload(); });
    source.addEventListener("build-error", function (event) {
      var data = JSON.parse(event.data), old = document.getElementById("atlasgen-overlay");
      seen = data.state;
      if (old) old.remove();
      document.body.insertAdjacentHTML("beforeend", data.overlay);
    });
    source.onerror = function () {  // a restarted server: reconnect, then "hello" reloads
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }
  connect();
})();
</script>
"""


def live_script(state: str) -> str:
    """The client of the event stream; `state` is what the page was served at."""
    return _SCRIPT % (_js(state), _js(EVENTS))


_OVERLAY = (
    '<div id="atlasgen-overlay" role="alert" style="position:fixed;inset:0;z-index:2147483647;'
    "overflow:auto;margin:0;padding:2rem;background:rgba(20,20,24,.95);color:#f4f4f5;"
    'text-align:left;font:15px/1.6 ui-monospace,Menlo,Consolas,monospace">'
    '<button type="button" onclick="this.parentNode.remove()" title="Show the page"'
    ' style="float:right;font:inherit;background:none;color:inherit;border:1px solid;'
    'border-radius:4px;cursor:pointer">Hide</button>'
    '<p style="margin:0 0 1rem;font-size:1.2rem;color:#f87171">atlasgen: the build failed</p>'
    '<ol style="margin:0;padding-left:1.5rem">{items}</ol>'
    '<p style="margin:1rem 0 0;color:#a1a1aa">{note}</p></div>\n'
)


def overlay_html(diagnostics: Iterable[Diagnostic], built: bool = True) -> str:
    """The build's problems (file:line and message, escaped) as a full-window overlay."""
    items = "".join(
        f'<li><b style="color:#fbbf24">{html.escape(where)}</b>: {html.escape(what)}</li>'
        for where, what in (_split(d) for d in sorted(diagnostics))
    )
    note = "Fix the file and save: this page reloads by itself. " + (
        "Until then it shows the last good build." if built else "Nothing was built yet."
    )
    return _OVERLAY.format(items=items, note=note)


def _split(diagnostic: Diagnostic) -> tuple[str, str]:
    text = diagnostic.format()
    where = f"{diagnostic.path}:{diagnostic.line}" if diagnostic.line else diagnostic.path
    return where, text[len(where) + 2 :] if text.startswith(where + ": ") else text


def error_page(diagnostics: Iterable[Diagnostic]) -> str:
    """What every URL shows while no build of this session has succeeded."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Build failed · atlasgen serve</title>\n</head>\n<body>\n"
        + overlay_html(diagnostics, built=False)
        + "</body>\n</html>\n"
    )


# -- what the preview shows, shared by the rebuilds, the pages and the event streams -------


@dataclass(frozen=True)
class Snapshot:
    state: str  #: changes with every build; a tab served at another state reloads
    errors: tuple[Diagnostic, ...] = ()  #: the last build's problems; () when it succeeded
    built: bool = False  #: a build of this session succeeded (else every URL is the error page)
    base_path: str = ""
    #: Pages rendered ahead of a build that is still running (output path -> HTML): served
    #: as they are, while every other page waits for the build (never a half-updated site).
    quick: Mapping[str, bytes] = field(default_factory=dict)
    #: The tabs already show this state (the build made the quick pages byte for byte):
    #: the event streams need not reload them again.
    quiet: bool = False


class Preview:
    """The preview folder and the outcome of the last build, for threads to read and wait on."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._token = secrets.token_hex(4)  # a restarted server is a new state for every tab
        self._generation = 0
        self._snapshot = Snapshot(f"{self._token}:0")
        self._changed = threading.Condition()
        self._closing = False
        self.listeners = 0  #: open event streams (tabs)
        #: The last good build's way to a story's page when only its body changes.
        self.quick_pages: QuickPages | None = None

    def snapshot(self) -> Snapshot:
        with self._changed:
            return self._snapshot

    def publish(self, errors: tuple[Diagnostic, ...], base_path: str | None) -> Snapshot:
        """Record a finished build (`base_path` None when it failed) and wake the streams."""
        with self._changed:
            self._generation += 1
            old = self._snapshot
            quiet = base_path is not None and bool(old.quick) and self._holds(old.quick)
            self._snapshot = Snapshot(
                f"{self._token}:{self._generation}",
                errors,
                old.built or base_path is not None,
                old.base_path if base_path is None else base_path,
                quiet=quiet,
            )
            self._changed.notify_all()
            return self._snapshot

    def publish_quick(self, pages: Mapping[str, bytes]) -> Snapshot:
        """Record pages rendered ahead of the build now starting, and wake the streams: the
        tabs reload at once; pages other than these wait for `publish`."""
        with self._changed:
            self._generation += 1
            old = self._snapshot
            state = f"{self._token}:{self._generation}"
            self._snapshot = replace(old, state=state, quick=pages, quiet=False)  # reload
            self._changed.notify_all()
            return self._snapshot

    def _holds(self, pages: Mapping[str, bytes]) -> bool:
        """The preview folder holds these pages, byte for byte."""
        return all(_read(self.root / path) == html for path, html in pages.items())

    def wait(self, seen: str, timeout: float) -> Snapshot | None:
        """The snapshot once its state differs from `seen` (or after `timeout`); None when
        the server is closing."""
        with self._changed:
            self._changed.wait_for(lambda: self._closing or self._snapshot.state != seen, timeout)
            return None if self._closing else self._snapshot

    def wait_for_swap(self, timeout: float = 5.0) -> None:
        """Where the output swap is two renames (no renameat2), the preview folder is
        missing for a moment: then wait until the build is published. Else return at once."""
        with self._changed:
            seen = self._snapshot.state
            self._changed.wait_for(
                lambda: self.root.is_dir() or self._snapshot.state != seen or self._closing,
                timeout,
            )

    @contextmanager
    def listening(self) -> Iterator[None]:
        with self._changed:
            self.listeners += 1
        try:
            yield
        finally:
            with self._changed:
                self.listeners -= 1

    def close(self) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    location: str = ""


def respond(preview: Preview, url_path: str, query: str = "") -> Reply:
    """The answer to GET `url_path`: a file of the preview (HTML with includes resolved and
    the live script added), a redirect, the site's 404 page, or the error page."""
    snap = preview.snapshot()
    if not snap.built:
        return Reply(500, _page(error_page(snap.errors), snap), _TYPES[".html"])
    path = site_path(url_path, snap.base_path)
    if path is not None and snap.quick:
        snap, quick = _settled(preview, snap, path)
        if quick is not None:
            return _reply(200, Path("index.html"), quick, preview, snap, url_path)
    if path is None:
        if url_path == "/":
            return Reply(302, location=snap.base_path + "/")
        return _not_found(preview, snap, "/")
    found, data = _lookup(preview.root, path)
    if found.status != 302 and data is None:  # or caught in a swap: look again
        preview.wait_for_swap()
        snap = preview.snapshot()
        found, data = _lookup(preview.root, path)
    if found.status == 302:
        return Reply(302, location=snap.base_path + found.location + (query and "?" + query))
    if found.path is None or data is None:
        return _not_found(preview, snap, path)
    return _reply(200, found.path, data, preview, snap, url_path)


def _settled(preview: Preview, snap: Snapshot, path: str) -> tuple[Snapshot, bytes | None]:
    """While a build runs after quick pages: one of them, else the snapshot once the
    build is done (the folder then holds every page as of the last save). Assets, which
    no story's edit changes, need not wait."""
    if content_type(PurePath(path)).startswith(_ASSETS):
        return snap, None
    name = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    while snap.quick:
        quick = snap.quick.get(name)
        if quick is not None:
            return snap, quick
        newer = preview.wait(snap.state, BUILD_WAIT)
        if newer is None or newer.state == snap.state:  # closing, or a build stuck
            break
        snap = newer
    return snap, None


def _lookup(root: Path, path: str) -> tuple[Found, bytes | None]:
    found = locate(root, path)
    return found, _read(found.path)


def _reply(
    status: int, path: Path, data: bytes, preview: Preview, snap: Snapshot, url: str
) -> Reply:
    kind = content_type(path)
    if not kind.startswith("text/html"):
        return Reply(status, data, kind)

    def read(include: str) -> str | None:
        rel = site_path(urlsplit(urljoin(url, include)).path, snap.base_path)
        found = locate(preview.root, rel) if rel is not None else Found(404)
        text = _read(found.path)
        return None if text is None else text.decode("utf-8", "replace")

    try:
        page = data.decode("utf-8")
    except UnicodeDecodeError:  # a page copied from content/ as is: send it untouched
        return Reply(status, data, kind)
    return Reply(status, _page(resolve_includes(page, read), snap), kind)


def _page(page: str, snap: Snapshot) -> bytes:
    overlay = overlay_html(snap.errors) if snap.errors and snap.built else ""
    return inject(page, overlay + live_script(snap.state)).encode("utf-8")


def _not_found(preview: Preview, snap: Snapshot, path: str) -> Reply:
    """The not-found page of the edition the missing URL is in (a site in several
    languages has one per edition: /fr/404.html), else the site's."""
    folder = path.split("/")[1] if path.count("/") > 1 else ""
    for url in dict.fromkeys((f"/{folder}/404.html" if folder else "/404.html", "/404.html")):
        found = locate(preview.root, url)
        data = _read(found.path)
        if found.path is not None and data is not None:
            return _reply(404, found.path, data, preview, snap, url)
    return Reply(404, b"Not found\n")


def _read(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:  # gone in a rebuild's swap
        return None


def event_message(name: str, snap: Snapshot) -> bytes:
    """One Server-Sent Event: `hello`, `reload` or `build-error` (with the overlay)."""
    data: dict[str, str] = {"state": snap.state}
    if name == "build-error":
        data["overlay"] = overlay_html(snap.errors, snap.built)
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
