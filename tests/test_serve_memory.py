"""`atlasgen serve` under load keeps its memory flat: rebuilds while pages are being
requested leave nothing behind (`benchmarks/serve_load.py` is the long run of this)."""

from __future__ import annotations

import gc
import http.client
import threading
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from conftest import article, make_site

from atlasgen.serve.server import PreviewServer, ServeOptions

DEADLINE = 20.0  # seconds for one rebuild to be reported; it returns as soon as it is
CLIENTS = 4
WARM_UP, MEASURED = 2, 6  # rebuilds before the first measurement, and between the two
STORIES = 12
SERVER_THREADS = 4  # two watchers, the HTTP server and the rebuild loop


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def rss_mib() -> float:
    with suppress(OSError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    pytest.skip("no VmRSS in /proc/self/status")


def quiet(threads: int) -> None:
    """Wait until no more than `threads` threads run: each request's thread has ended."""
    deadline = time.monotonic() + DEADLINE
    while threading.active_count() > threads:
        assert time.monotonic() < deadline, threading.enumerate()
        time.sleep(0.02)


class Terminal:
    def __init__(self) -> None:
        self.built = 0
        self.building = False
        self.problems: list[str] = []
        self.lock = threading.Lock()

    def __call__(self, text: str, error: bool = False) -> None:
        with self.lock:
            self.built += text.startswith("Built ")
            self.building = text.endswith(": rebuilding")
            if error:
                self.problems.append(text)


@contextmanager
def requests(port: int, paths: list[str]) -> Iterator[list[str]]:
    """Clients asking for `paths` over and over until the block ends; yields the problems."""
    stop, problems = threading.Event(), []

    def ask(offset: int) -> None:
        for number in range(offset, offset + 1_000_000):
            if stop.is_set():
                return
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE)
            try:
                connection.request("GET", paths[number % len(paths)])
                response = connection.getresponse()
                body = response.read()
                if response.status != 200 or not body.rstrip().endswith(b"</html>"):
                    problems.append(f"{paths[number % len(paths)]}: {response.status}")
            except (OSError, http.client.HTTPException) as exc:
                problems.append(repr(exc))
            finally:
                connection.close()

    threads = [threading.Thread(target=ask, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        yield problems
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=DEADLINE)


def test_rebuilds_under_requests_leave_memory_flat(tmp_path: Path) -> None:
    body = "\n\n".join(
        f"Paragraph {n} of a story, *with* [a link](https://example.org/)." * 8 for n in range(8)
    )
    stories = {
        f"content/world/story-{n:02d}.md": article(f"Story {n}", body=body) for n in range(STORIES)
    }
    site = make_site(tmp_path / "site", stories)
    story = site / "content/world/story-00.md"
    paths = ["/", "/world/"] + [f"/world/story-{n:02d}/" for n in range(STORIES)]
    terminal = Terminal()
    edits = 0

    def rebuild() -> None:
        nonlocal edits
        built = terminal.built
        edits += 1
        story.write_text(article("Story 0", body=f"{body}\n\nEdit {edits}."), encoding="utf-8")
        deadline = time.monotonic() + DEADLINE
        while terminal.built == built:
            assert time.monotonic() < deadline, "no rebuild was reported"
            time.sleep(0.02)

    def measure(threads: int) -> tuple[float, int]:
        """RSS and traced memory once no request is being answered and no build runs."""
        quiet(threads)
        deadline = time.monotonic() + DEADLINE
        while terminal.building:
            assert time.monotonic() < deadline, "the rebuild did not end"
            time.sleep(0.02)
        gc.collect()
        return rss_mib(), tracemalloc.get_traced_memory()[0]

    threads = threading.active_count()
    tracemalloc.start()
    try:
        with PreviewServer(site, ServeOptions(port=0), terminal) as server:
            port = int(server.url.split(":")[2].split("/")[0])
            with requests(port, paths) as problems:
                for _ in range(WARM_UP):
                    rebuild()
            rss_before, traced_before = measure(threads + SERVER_THREADS)
            with requests(port, paths) as more:
                for _ in range(MEASURED):
                    rebuild()
            rss_after, traced_after = measure(threads + SERVER_THREADS)
    finally:
        tracemalloc.stop()
    assert not terminal.problems
    assert not problems + more
    quiet(threads)  # the server's own threads ended with it
    # Six rebuilds grow Python's heap by some 20 KiB; keeping each build's articles adds
    # 400 KiB, each answered page many MiB. RSS also counts the allocator's pools: generous.
    grew = (traced_after - traced_before) / 1024
    assert grew < 256, f"{grew:.0f} KiB more after {MEASURED} rebuilds"
    assert rss_after - rss_before < 32, (rss_before, rss_after)
