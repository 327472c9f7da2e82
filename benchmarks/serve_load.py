"""A bounded load test of `atlasgen serve` on loopback, while articles are edited.

    python benchmarks/serve_load.py [--clients 50] [--seconds 20] [--articles 300]
                                    [--sample 5] [--warmup 20]

Generates a synthetic corpus (ssi tickers), starts the preview server over it in a child
process on a free 127.0.0.1 port, runs `clients` threads requesting article, section and
front pages as fast as they can for `seconds`, and edits an article every second. Every
`sample` seconds it reads the server process's VmRSS (and thread count) from
/proc/PID/status. At the end it prints requests per second, errors (a refused or broken
connection, a status other than 200), incomplete or wrong responses (a 200 page that does
not end in </html>, lacks the live-reload script or its headline, or has an unresolved
include), the rebuilds, and the RSS series with its value at the start, after warm-up and
at the end. Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

MAX_REQUESTS_PER_CLIENT = 1_000_000


def status_field(pid: int, name: str) -> int:
    """A number from /proc/PID/status (VmRSS in KiB, Threads); 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# -- the server process --------------------------------------------------------------------


def serve_child(site: Path) -> None:
    """Run the preview server until stdin closes; every line it reports goes to stdout."""
    import atlasgen
    from atlasgen.serve.server import PreviewServer, ServeOptions

    print(f"MODULE {Path(atlasgen.__file__).parent}", flush=True)

    def report(text: str, error: bool = False) -> None:
        print(("! " if error else "  ") + text, flush=True)

    server = PreviewServer(site, ServeOptions(port=0), report)
    with server:
        print(f"URL {server.url}", flush=True)
        sys.stdin.read()


# -- the clients ----------------------------------------------------------------------------


@dataclass
class Tally:
    ok: int = 0
    errors: int = 0  #: no answer, a broken connection, a status other than 200
    incomplete: int = 0  #: a 200 that is not a whole, correct page
    examples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ok: int, errors: int, incomplete: int, examples: list[str]) -> None:
        with self.lock:
            self.ok += ok
            self.errors += errors
            self.incomplete += incomplete
            self.examples.extend(examples[: max(0, 5 - len(self.examples))])


def problem(body: bytes, headline: bytes | None) -> str | None:
    """Why a 200 page is not whole and correct, or None."""
    if not body.rstrip().endswith(b"</html>"):
        return "does not end in </html>"
    if b'<script id="atlasgen-live">' not in body:
        return "no live-reload script"
    if b"<!--#include" in body or b"atlasgen serve: nothing at" in body:
        return "an include is unresolved"
    if headline is not None and headline not in body:
        return "the headline is missing"
    return None


def client(
    port: int, pages: list[tuple[str, bytes | None]], deadline: float, tally: Tally, offset: int
) -> None:
    ok = errors = incomplete = 0
    examples: list[str] = []  # the first few problems, to print
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for number in range(offset, offset + MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() > deadline:
            break
        path, headline = pages[number % len(pages)]
        del examples[4:]
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors += 1
            examples.append(f"{path}: {exc!r}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        if response.status != 200:
            errors += 1
            examples.append(f"{path}: status {response.status}")
        elif why := problem(body, headline):
            incomplete += 1
            examples.append(f"{path}: {why}")
        else:
            ok += 1
    connection.close()
    tally.add(ok, errors, incomplete, examples)


# -- the run ------------------------------------------------------------------------------


@dataclass
class ServerLog:
    lines: list[str] = field(default_factory=list)
    url: str = ""
    module: str = ""
    ready: threading.Event = field(default_factory=threading.Event)

    @property
    def builds(self) -> int:
        return sum(line.startswith("  Built") for line in self.lines)

    @property
    def failures(self) -> list[str]:
        return [line for line in self.lines if line.startswith("!")]

    def read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            line = line.rstrip("\n")
            if line.startswith("MODULE "):
                self.module = line[7:]
            elif line.startswith("URL "):
                self.url = line[4:]
                self.ready.set()
            else:
                self.lines.append(line)
        self.ready.set()


@contextlib.contextmanager
def served(site: Path, stop_within: float = 30) -> Iterator[tuple[int, ServerLog]]:
    """`atlasgen serve` over `site` in a child process (`serve_child`), its terminal lines
    read into a ServerLog: (its pid, the log). Closing its stdin stops it; a server
    that takes longer than `stop_within` seconds to stop is killed."""
    server = subprocess.Popen(
        [sys.executable, str(HERE / "serve_load.py"), "--serve", str(site)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=HERE.parent,
    )
    log = ServerLog()
    reader = threading.Thread(target=log.read, args=(server.stdout,), daemon=True)
    reader.start()
    try:
        yield server.pid, log
    finally:
        assert server.stdin is not None
        server.stdin.close()
        try:
            server.wait(timeout=stop_within)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        reader.join(timeout=10)


def headline_of(story: Path) -> bytes:
    match = re.search(r"^title: (.*)$", story.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, story
    return match.group(1).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", "--duration", type=float, default=20)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--sample", type=float, default=5, help="seconds between RSS samples")
    parser.add_argument("--warmup", type=float, default=20, help="seconds of warm-up")
    parser.add_argument("--log", type=Path, help="write the server's terminal lines here")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the server process
    args = parser.parse_args()
    if args.serve:
        serve_child(args.serve)
        return
    from corpus import generate

    with tempfile.TemporaryDirectory(prefix="atlasgen-load-") as folder:
        site = generate(Path(folder) / "site", args.articles, include="ssi")
        stories = sorted((site / "content" / "world").glob("*.md"))
        pages: list[tuple[str, bytes | None]] = [("/", None), ("/world/", None)]
        pages += [("/technology/", None)]
        pages += [(f"/world/{p.stem}/", headline_of(p)) for p in stories[:20]]
        with served(site) as (pid, log):
            try:
                measure(args, pid, log, stories, pages)
            finally:
                if args.log:
                    args.log.write_text("\n".join(log.lines) + "\n", encoding="utf-8")


def measure(
    args: argparse.Namespace,
    pid: int,
    log: ServerLog,
    stories: list[Path],
    pages: list[tuple[str, bytes | None]],
) -> None:
    if not log.ready.wait(timeout=600) or not log.url:
        sys.exit("the server did not start:\n" + "\n".join(log.lines))
    port = int(log.url.split(":")[2].split("/")[0])
    samples: list[tuple[float, int, float, int]] = []  # seconds, builds, RSS MiB, threads

    def sample(at: float) -> None:
        rss = status_field(pid, "VmRSS") / 1024
        samples.append((at, log.builds, rss, status_field(pid, "Threads")))

    sample(0.0)
    tally = Tally()
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [
        threading.Thread(target=client, args=(port, pages, deadline, tally, n * 7))
        for n in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    edits = 0
    next_sample = started + args.sample
    while (now := time.monotonic()) < deadline:
        story = stories[edits % len(stories)]
        story.write_text(story.read_text(encoding="utf-8") + f"\nEdit {edits}.\n", "utf-8")
        edits += 1
        while now >= next_sample:
            sample(next_sample - started)
            next_sample += args.sample
        time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
    for thread in threads:
        thread.join(timeout=args.seconds + 60)
    elapsed = time.monotonic() - started
    sample(elapsed)
    report(args, elapsed, edits, tally, log, samples)


def report(
    args: argparse.Namespace,
    elapsed: float,
    edits: int,
    tally: Tally,
    log: ServerLog,
    samples: list[tuple[float, int, float, int]],
) -> None:
    total = tally.ok + tally.errors + tally.incomplete
    print(
        f"{args.clients} clients, {elapsed:.1f} s, {args.articles} articles, {edits} edits, "
        f"{log.builds} builds (the first before the load); server: {log.module}"
    )
    print(
        f"  requests: {total} ({total / elapsed:.0f}/s), complete and correct: {tally.ok}, "
        f"errors: {tally.errors}, incomplete or wrong: {tally.incomplete}"
    )
    times = [
        float(t)
        for t in re.findall(r"^  Built \d+ pages in ([\d.]+) s", "\n".join(log.lines), re.M)
    ]
    if len(times) > 1:
        under = sorted(times[1:])
        print(
            f"  build: first {times[0]:.1f} s; {len(under)} rebuilds under load, median "
            f"{under[len(under) // 2]:.1f} s, max {under[-1]:.1f} s"
        )
    for example in tally.examples:
        print(f"    e.g. {example}")
    for line in log.failures[:5]:
        print(f"  server: {line[2:]}")
    print(
        "  server RSS (s, builds, MiB, threads): "
        + ", ".join(
            f"{at:.0f} {builds} {rss:.0f} {threads}" for at, builds, rss, threads in samples
        )
    )
    start = samples[0][2]
    warm = next((s for s in samples if s[0] >= args.warmup), samples[-1])
    end = samples[-1]
    rest = [s[2] for s in samples if s[0] >= warm[0]]
    print(
        f"  RSS: start {start:.0f} MiB, after warm-up ({warm[0]:.0f} s, {warm[1]} builds) "
        f"{warm[2]:.0f} MiB, end ({end[1]} builds) {end[2]:.0f} MiB; after warm-up "
        f"min {min(rest):.0f}, max {max(rest):.0f}, max of all {max(s[2] for s in samples):.0f}"
    )
    half = [s for s in samples if s[0] >= warm[0]]
    if len(half) >= 4:
        middle = len(half) // 2
        first, second = half[: middle + 1], half[middle:]
        for name, part in (("first", first), ("second", second)):
            builds = max(1, part[-1][1] - part[0][1])
            grew = part[-1][2] - part[0][2]
            print(
                f"  after warm-up, {name} half ({part[0][0]:.0f}-{part[-1][0]:.0f} s): "
                f"{grew:+.1f} MiB over {builds} builds ({grew / builds * 1024:+.0f} KiB/build)"
            )


if __name__ == "__main__":
    main()
