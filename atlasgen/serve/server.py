"""atlasgen serve: a live preview that writers can trust.

    watchfiles -> classify (pure) -> build_site into .atlasgen/serve/ -> Server-Sent Events

The preview is built into a private folder, never the production output, with drafts and
scheduled articles shown. Two watchers feed batches of file events to one rebuild loop;
`classify` decides, without touching the disk, whether a batch needs a build. After each
build (its output is swapped in whole) the open tabs are told to reload, or shown the errors.
What a URL answers is `preview.respond()`; this module only wires it to the stdlib's
ThreadingHTTPServer.
"""

from __future__ import annotations

import errno
import http.server
import queue
import signal
import socket
import socketserver
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, fields
from pathlib import Path, PurePath
from typing import Any, Protocol
from urllib.parse import urlsplit

import watchfiles

from ..build.pipeline import BuildOptions, BuildResult, build_site
from ..content.layout import CONTENT, DATA
from ..core.errors import BuildError, Diagnostic, UsageError, error
from ..core.ignored import is_ignored_path
from .preview import EVENTS, Preview, Reply, Snapshot, event_message, respond

PREVIEW_DIR = ".atlasgen/serve"  #: relative to the site; `.atlasgen/` is never watched or served
CONFIG = "site.toml"
WATCHED = (CONTENT, "themes", "templates")
DEBOUNCE_MS, STEP_MS = 1600, 50  #: a burst of saves (git checkout, save-all) is one rebuild
KEEPALIVE = 15.0  #: seconds between comments on an idle event stream

FileChange = tuple[watchfiles.Change, str]


class Report(Protocol):
    """Where the terminal lines go; `error` lines are the build's problems."""

    def __call__(self, text: str, error: bool = False) -> None: ...


def print_report(text: str, error: bool = False) -> None:
    print(text, file=sys.stderr if error else sys.stdout, flush=True)


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000  #: 0: any free port
    drafts: bool = True  #: a preview shows drafts and scheduled articles (the theme badges them)
    future: bool = True
    debug: bool = False


# -- what a batch of file events means (pure) ------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One batch of file events, sorted by what they touch (site-relative paths).

    `build_site` itself re-renders only what changed; this decides whether a batch needs a
    build at all, and whether the watched folders themselves came or went."""

    content: tuple[str, ...] = ()  #: articles and other files under content/
    data: tuple[str, ...] = ()  #: content/_data/
    templates: tuple[str, ...] = ()  #: themes/ and templates/
    config: tuple[str, ...] = ()  #: site.toml
    folders: tuple[str, ...] = ()  #: content/, themes/ or templates/ added or removed
    ignored: tuple[str, ...] = ()  #: output folders, .atlasgen/, .git, editor files, the rest

    @property
    def rebuild(self) -> bool:
        return bool(self.content or self.data or self.templates or self.config or self.folders)

    def describe(self) -> str:
        paths = self.config + self.folders + self.templates + self.data + self.content
        if not paths:
            return "nothing to rebuild"
        return paths[0] + (f" and {len(paths) - 1} more" if len(paths) > 1 else "") + " changed"


def classify(changes: Iterable[FileChange], site_dir: PurePath) -> Change:
    """Sort file events by what they touch; pure: it never looks at the disk."""
    kinds = [f.name for f in fields(Change)]
    found: dict[str, set[str]] = {kind: set() for kind in kinds}
    for event, path in changes:
        try:
            rel = PurePath(path).relative_to(site_dir).as_posix()
        except ValueError:
            found["ignored"].add(path)
            continue
        found[_kind(event, rel)].add(rel)
    return Change(*(tuple(sorted(found[kind])) for kind in kinds))


def _kind(event: watchfiles.Change, rel: str) -> str:
    top, _, rest = rel.partition("/")
    if is_editor_or_hidden(rel):
        return "ignored"
    if not rest:
        if rel == CONFIG:
            return "config"
        return "folders" if rel in WATCHED and event != watchfiles.Change.modified else "ignored"
    if top == CONTENT:
        return "data" if rest == DATA or rest.startswith(DATA + "/") else "content"
    return "templates" if top in WATCHED else "ignored"  # public/ and other output folders


def is_editor_or_hidden(rel: str) -> bool:
    """Swap, backup and lock files of editors, OS files and anything hidden (.git,
    .atlasgen, .#x): core/ignored.py, which the content walk follows too."""
    return is_ignored_path(rel)


# -- the HTTP server --------------------------------------------------------------------------


class _Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # many tabs and assets at once

    def __init__(self, address: tuple[str, int], preview: Preview, report: Report) -> None:
        self.preview, self.report = preview, report
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:  # without HTTPServer's reverse DNS lookup
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        problem = sys.exc_info()[1]
        if not isinstance(problem, OSError):  # a tab that closed its connection is no news
            self.report(f"Internal error answering {client_address}: {problem!r}", error=True)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    server_version = "atlasgen-serve"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        url = urlsplit(self.path)
        try:
            if url.path == EVENTS and body:
                self._stream_events()
                return
            reply = respond(self.server.preview, url.path, url.query)
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception as exc:  # a bug: answer 500 and say so, keep serving
            self.server.report(f"Internal error serving {url.path}: {exc!r}", error=True)
            reply = Reply(500, b"Internal error; see the terminal\n")
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if reply.location:
            self.send_header("Location", reply.location)
        self.end_headers()
        with suppress(BrokenPipeError, ConnectionResetError):
            if body:
                self.wfile.write(reply.body)

    def _stream_events(self) -> None:
        preview = self.server.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        snap = preview.snapshot()
        self.wfile.write(b"retry: 1000\n\n" + event_message("hello", snap))
        with preview.listening():
            while (latest := preview.wait(snap.state, KEEPALIVE)) is not None:
                if latest.state == snap.state:
                    self.wfile.write(b": keep-alive\n\n")  # also finds closed tabs
                    continue
                snap = latest
                self.wfile.write(event_message("build-error" if snap.errors else "reload", snap))

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not every request


def open_server(host: str, port: int, preview: Preview, report: Report) -> _Server:
    """Bind now, before the first build, so that a taken port is said at once."""
    try:
        return _Server((host, port), preview, report)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        raise UsageError(
            f"port {port} on {host} is in use (another atlasgen serve?);"
            f" try --port {free_port(host, port)}"
        ) from None


def free_port(host: str, after: int) -> int:
    """A port that is free now: the first of the next twenty, else any the system offers."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for port in [*range(after + 1, min(after + 21, 65536)), 0]:
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    return 0


# -- building and watching ---------------------------------------------------------------------


def rebuild_preview(
    site_dir: Path, preview: Preview, options: ServeOptions, report: Report
) -> Snapshot:
    """Build into the preview folder and tell the tabs: reload, or here are the errors (the
    folder then keeps the last good build: the output swap happens only on success)."""
    result, errors = _build(site_dir, preview.root, options, report)
    base_path = None  # the build failed
    if result is not None:
        base_path = result.config.base_path if result.config else ""
    snap = preview.publish(errors, base_path)
    if result is not None:
        for warning in result.warnings:
            report(warning.format(), error=True)
        tabs = f"; reloading {preview.listeners} tab(s)" if preview.listeners else ""
        report(f"Built {result.pages} pages in {result.seconds:.2f} s{tabs}")
        return snap
    for diagnostic in errors:
        report(diagnostic.format(), error=True)
    count = sum(d.severity == "error" for d in errors)
    shown = "over the last good page" if snap.built else "until they are fixed"
    report(f"Build failed: {count} error(s); the browser shows them {shown}.", error=True)
    return snap


def _build(
    site_dir: Path, output: Path, options: ServeOptions, report: Report
) -> tuple[BuildResult | None, tuple[Diagnostic, ...]]:
    try:
        # One process: forking from a server with live request threads can deadlock, and
        # the build cache already makes a preview rebuild render only what changed.
        build = BuildOptions(output=output, drafts=options.drafts, future=options.future, jobs=1)
        return build_site(site_dir, build), ()
    except BuildError as exc:
        return None, tuple(sorted(exc.diagnostics, key=lambda d: (d.path, d.line)))
    except Exception as exc:  # keep serving whatever went wrong; --debug shows where
        if options.debug:
            report(traceback.format_exc().rstrip(), error=True)
        what = str(exc) if isinstance(exc, UsageError) else f"{type(exc).__name__}: {exc}"
        return None, (error("atlasgen", 0, "", what),)


@dataclass(frozen=True)
class _EitherEvent:
    """Stops a watcher when the server stops or the watched folders must change."""

    first: threading.Event
    second: threading.Event

    def is_set(self) -> bool:
        return self.first.is_set() or self.second.is_set()


class PreviewServer:
    """A first build, then the HTTP server, two watchers and the rebuild loop in threads.

    The watchers are the site's root without recursion (site.toml; the root also holds
    public/ and .git, too big to watch) and content/, themes/, templates/ recursively."""

    def __init__(self, site_dir: Path, options: ServeOptions, report: Report = print_report):
        self.site_dir = site_dir.resolve()
        self.options, self.report = options, report
        self.preview = Preview(self.site_dir / PREVIEW_DIR)
        self.stop = threading.Event()
        self._server = open_server(options.host, options.port, self.preview, report)
        self._batches: queue.Queue[set[FileChange]] = queue.Queue()
        self._rewatch = threading.Event()
        self._ready = (threading.Event(), threading.Event())  # root and folders watched
        self._watches = 0  #: how many times the folder watcher has (re)started watching
        self._watched = threading.Condition()
        self._started = self._serving = False
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host, port = str(self._server.server_address[0]), self._server.server_address[1]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}{self.preview.snapshot().base_path}/"

    def start(self) -> PreviewServer:
        """Build, then serve and watch; once (`with server.start():` starts it only once too,
        not two watchers and rebuild loops building into one folder at the same time)."""
        if self._started:
            return self
        self._started = True
        self._spawn(self._watch_root)
        self._spawn(self._watch_folders)
        rebuild_preview(self.site_dir, self.preview, self.options, self.report)
        for ready in self._ready:  # no save after this returns goes unseen
            ready.wait(timeout=10)
        self._serving = True
        self._spawn(self._serve_forever)
        self._spawn(self._rebuild_loop)
        return self

    def close(self) -> None:
        self.stop.set()
        self.preview.close()
        if self._serving:
            self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)

    def __enter__(self) -> PreviewServer:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=f"atlasgen-{target.__name__}", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.1)  # a quick stop

    def _rebuild_loop(self) -> None:
        while not self.stop.is_set():
            try:
                batch = self._batches.get(timeout=0.2)
            except queue.Empty:
                continue
            with suppress(queue.Empty):
                while True:  # everything that arrived during the last build: one more build
                    batch |= self._batches.get_nowait()
            change = classify(batch, self.site_dir)
            if change.folders:  # watch the new set before building, so that no save made
                self._restart_watch()  # after the tabs reload goes unseen
            if change.rebuild and not self.stop.is_set():
                self.report(f"{change.describe()}: rebuilding")
                rebuild_preview(self.site_dir, self.preview, self.options, self.report)

    def _restart_watch(self) -> None:
        with self._watched:
            started = self._watches
            self._rewatch.set()
            self._watched.wait_for(lambda: self._watches > started or self.stop.is_set(), 10)

    def _watching(self) -> None:
        """The folder watcher is in place (called on each of its batches)."""
        with self._watched:
            if not self._rewatch.is_set() and not self._ready[1].is_set():
                self._ready[1].set()
                self._watches += 1
                self._watched.notify_all()

    def _watch_root(self) -> None:
        while not self.stop.is_set():
            self._watch([self.site_dir], self.stop, self._ready[0].set, recursive=False)

    def _watch_folders(self) -> None:
        while not self.stop.is_set():
            with self._watched:
                self._rewatch.clear()
                self._ready[1].clear()
            folders = [self.site_dir / name for name in WATCHED if (self.site_dir / name).is_dir()]
            if folders:
                until = _EitherEvent(self.stop, self._rewatch)
                self._watch(folders, until, self._watching, recursive=True)
            else:
                self._watching()
                self._rewatch.wait(0.2)

    def _watch(
        self,
        paths: list[Path],
        until: _EitherEvent | threading.Event,
        ready: Callable[[], None],
        recursive: bool,
    ) -> None:
        def relevant(event: watchfiles.Change, path: str) -> bool:
            return classify([(event, path)], self.site_dir).rebuild

        try:
            for batch in watchfiles.watch(
                *paths,
                watch_filter=relevant,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=until,
                rust_timeout=300,
                yield_on_timeout=True,  # an empty first batch says the watch is in place
                recursive=recursive,
            ):
                ready()
                if batch:
                    self._batches.put(batch)
        except Exception as exc:  # e.g. a folder vanished as the watch began: look again
            self.report(f"Watching {', '.join(map(str, paths))}: {exc}", error=True)
            ready()
            self.stop.wait(2.0)


def serve_site(site_dir: Path, options: ServeOptions, report: Report = print_report) -> None:
    """`atlasgen serve`: build, serve, rebuild on change until Ctrl-C (which exits cleanly)."""
    if not (site_dir / CONFIG).is_file():
        raise UsageError(f"no {CONFIG} in {site_dir}: run atlasgen serve in a site's folder")
    if threading.current_thread() is threading.main_thread():
        # A parent that blocked or ignored SIGINT passes that on (a signal mask survives
        # exec), and Ctrl-C or `kill -INT` would then never stop the preview.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        signal.signal(signal.SIGINT, signal.default_int_handler)
    server = PreviewServer(site_dir, options, report)
    report(f"Building a preview into {PREVIEW_DIR}/ ({_shown(options)})")
    try:
        server.start()
        report(f"Serving {server.url}  (rebuilds and reloads on every save; Ctrl-C to stop)")
        server.stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    report("Stopped.")


def _shown(options: ServeOptions) -> str:
    drafts = "drafts " + ("shown" if options.drafts else "hidden")
    return drafts + ", scheduled articles " + ("shown" if options.future else "hidden")
