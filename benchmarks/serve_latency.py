"""Save -> reload latency of `atlasgen serve`: how long a writer waits to see a save.

    python benchmarks/serve_latency.py [--articles 5000] [--edits 10]

Generates a corpus, starts the preview server over it in a child process (as
serve_load.py does), opens one tab: the page of the story being edited, and its event
stream. Then, `edits` times each, it saves a body edit (a sentence added to the story's
last paragraph) and a headline edit (a new title), and times the save to the first
`reload` event the tab receives; after it, it fetches the page, as the tab would, and
checks that it shows what was saved (a reload that shows the old text is counted as
stale: a preview must never do that); then it waits for the server's whole rebuild to end
before the next save. Prints the median and the worst of each kind.
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import re
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from serve_load import ServerLog, served  # noqa: E402

EVENT_TIMEOUT = 120.0  #: seconds to wait for a reload before calling the edit lost


@dataclass
class Latencies:
    body: list[float] = field(default_factory=list)
    headline: list[float] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  #: edits whose reload showed the old page
    lost: int = 0  #: saves that brought no reload within EVENT_TIMEOUT

    def line(self) -> str:
        def show(name: str, values: list[float]) -> str:
            if not values:
                return f"{name} -"
            return (
                f"{name} median {statistics.median(values) * 1000:.0f} ms "
                f"(max {max(values) * 1000:.0f} ms, n={len(values)})"
            )

        return (
            f"{show('body edit', self.body)}; {show('headline edit', self.headline)}; "
            f"stale pages {len(self.stale)} {' '.join(self.stale)}, lost reloads {self.lost}"
        )


def listen(port: int, events: queue.Queue[tuple[str, float]], stop: threading.Event) -> None:
    """Read the tab's event stream; put (event name, arrival time) for each event."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=EVENT_TIMEOUT + 60)
    connection.request("GET", "/__atlasgen/events")
    response = connection.getresponse()
    name = ""
    while not stop.is_set():
        line = response.fp.readline()
        if not line:
            return
        text = line.decode("utf-8").rstrip("\r\n")
        if text.startswith("event: "):
            name = text[7:]
        elif not text and name:
            events.put((name, time.perf_counter()))
            name = ""


def wait_built(log: ServerLog, builds: int) -> None:
    deadline = time.monotonic() + EVENT_TIMEOUT
    while log.builds < builds and time.monotonic() < deadline:
        time.sleep(0.05)


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


def drain(events: queue.Queue[tuple[str, float]]) -> None:
    while True:
        try:
            events.get_nowait()
        except queue.Empty:
            return


def wait_reload(events: queue.Queue[tuple[str, float]]) -> float | None:
    deadline = time.monotonic() + EVENT_TIMEOUT
    while (left := deadline - time.monotonic()) > 0:
        try:
            name, at = events.get(timeout=left)
        except queue.Empty:
            return None
        if name == "reload":
            return at
    return None


def one_edit(
    story: Path, kind: str, number: int, port: int, events: queue.Queue[tuple[str, float]]
) -> tuple[float | None, bool]:
    """Save one edit; (seconds to the reload event or None, whether the page then shows it)."""
    text = story.read_text(encoding="utf-8")
    mark = f"Edit{kind.title()}{number:03d}{int(time.time()) % 100000}"
    if kind == "headline":
        text = re.sub(r"^title: .*$", f"title: Headline {mark}", text, count=1, flags=re.M)
    else:
        text = text.rstrip("\n") + f" Added {mark}.\n"
    drain(events)
    saved = time.perf_counter()
    story.write_text(text, encoding="utf-8")
    arrived = wait_reload(events)
    if arrived is None:
        return None, False
    page = fetch(port, f"/{story.parent.name}/{story.stem}/")
    return arrived - saved, mark.encode() in page


def measure_latency(site: Path, edits: int = 10, settle: float = 1.0) -> Latencies:
    """Start a server over `site`, make `edits` body and headline edits, return the times."""
    stop = threading.Event()
    result = Latencies()
    with served(site, stop_within=60) as (_, log):
        try:
            if not log.ready.wait(timeout=1200) or not log.url:
                raise SystemExit("the server did not start:\n" + "\n".join(log.lines))
            port = int(log.url.split(":")[2].split("/")[0])
            story = sorted((site / "content" / "world").glob("*.md"))[-1]
            fetch(port, f"/world/{story.stem}/")  # the open tab
            events: queue.Queue[tuple[str, float]] = queue.Queue()
            threading.Thread(target=listen, args=(port, events, stop), daemon=True).start()
            time.sleep(settle)
            for number in range(edits * 2):
                kind = "body" if number % 2 == 0 else "headline"
                builds = log.builds
                seconds, fresh = one_edit(story, kind, number, port, events)
                if seconds is None:
                    result.lost += 1
                    continue
                getattr(result, kind).append(seconds)
                if not fresh:
                    result.stale.append(f"{kind}#{number}")
                wait_built(log, builds + 1)  # the whole site rebuilt too (a second reload or none)
                time.sleep(settle)  # the writer reads the page before the next save
        finally:
            stop.set()
    if os.environ.get("SERVE_LATENCY_LOG"):
        print("\n".join(log.lines))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=10, help="of each kind")
    args = parser.parse_args()
    from corpus import generate

    with tempfile.TemporaryDirectory(prefix="atlasgen-latency-") as folder:
        site = generate(Path(folder) / "site", args.articles, search=False)
        print(f"serve, {args.articles:,} articles: {measure_latency(site, args.edits).line()}")


if __name__ == "__main__":
    main()
