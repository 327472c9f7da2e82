"""atlasgen serve: a live preview that writers can trust.

    watchfiles -> classify (pure) -> build_site into .atlasgen/serve/ -> Server-Sent Events

The preview is built into a private folder, never the production output, with drafts and
scheduled articles shown. Two watchers feed batches of file events to one rebuild loop;
`classify` decides, without touching the disk, whether a batch needs a build. After each
build (its output is swapped in whole) the open tabs are told to reload, or shown the errors.
What a batch means is `changes.classify()`; what a URL answers is `preview.respond()`,
served by `httpd`.
"""

from __future__ import annotations

import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from ..build.pipeline import BuildOptions, BuildResult, build_site
from ..core.errors import BuildError, Diagnostic, UsageError, error
from .changes import CONFIG, WATCHED, Change, FileChange, classify
from .httpd import Report, open_server
from .preview import Preview, Snapshot

PREVIEW_DIR = ".atlasgen/serve"  #: relative to the site; `.atlasgen/` is never watched or served
DEBOUNCE_MS, STEP_MS = 1600, 50  #: a burst of saves (git checkout, save-all) is one rebuild


def print_report(text: str, error: bool = False) -> None:
    print(text, file=sys.stderr if error else sys.stdout, flush=True)


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000  #: 0: any free port
    drafts: bool = True  #: a preview shows drafts and scheduled articles (the theme badges them)
    future: bool = True
    debug: bool = False


def rebuild_preview(
    site_dir: Path, preview: Preview, options: ServeOptions, report: Report
) -> Snapshot:
    """Build into the preview folder and tell the tabs: reload, or here are the errors (the
    folder then keeps the last good build: the output swap happens only on success)."""
    result, errors = _build(site_dir, preview.root, options, report)
    base_path = None  # the build failed
    if result is not None:
        base_path = result.config.base_path if result.config else ""
        # A build that made no plan left the output of the last one that did, in place.
        preview.quick_pages = result.quick or preview.quick_pages
    snap = preview.publish(errors, base_path)
    if result is not None:
        for warning in result.warnings:
            report(warning.format(), error=True)
        tabs = f"; reloading {preview.listeners} tab(s)" if preview.listeners else ""
        tabs = "; the tabs show it already" if snap.quiet else tabs
        report(f"Built {result.pages} pages in {result.seconds:.2f} s{tabs}")
        return snap
    for diagnostic in errors:
        report(diagnostic.format(), error=True)
    count = sum(d.severity == "error" for d in errors)
    shown = "over the last good page" if snap.built else "until they are fixed"
    report(f"Build failed: {count} error(s); the browser shows them {shown}.", error=True)
    return snap


def quick_pages(change: Change, preview: Preview, report: Report) -> bool:
    """When a batch only edits what stories' own pages show (a body, a headline: see
    build/quick.py), render those pages at once from the last build and reload the tabs,
    before the full build: a writer sees a save in milliseconds, not after the whole site
    is planned. Whether it did."""
    pages = preview.quick_pages
    snap = preview.snapshot()
    only_stories = change.content and not (change.data or change.templates or change.config)
    if pages is None or snap.errors or not snap.built or change.folders or not only_stories:
        return False
    started = time.perf_counter()
    try:
        made = [pages.page_edit(source) for source in change.content]
    except Exception:  # the full build that follows reports whatever this is
        return False
    if any(page is None for page in made):
        return False
    preview.publish_quick({p.path: p.html.encode("utf-8") for p in made if p is not None})
    took = (time.perf_counter() - started) * 1000
    report(f"Rendered {len(made)} page(s) ahead of the build in {took:.0f} ms; reloading")
    return True


def _build(
    site_dir: Path, output: Path, options: ServeOptions, report: Report
) -> tuple[BuildResult | None, tuple[Diagnostic, ...]]:
    try:
        # One process: forking from a server with live request threads can deadlock, and
        # the build cache already makes a preview rebuild render only what changed.
        build = BuildOptions(
            output=output, drafts=options.drafts, future=options.future, jobs=1, preview=True
        )
        # A manual build of the site holds its lock: this rebuild waits for it, and says so.
        return build_site(site_dir, build, say=report), ()
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
                quick_pages(change, self.preview, self.report)
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
