"""A bounded load test of `atlasgen serve` on loopback, while articles are edited.

    python benchmarks/serve_load.py [--clients 50] [--seconds 20] [--articles 300]

Starts the preview server on a free 127.0.0.1 port over a synthetic corpus, runs
`clients` threads requesting article, section and front pages as fast as they can for
`seconds`, edits an article every second, and prints requests per second, errors,
incomplete responses, rebuilds and the server process's memory before and after.
Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

from atlasgen.serve import PreviewServer, ServeOptions  # noqa: E402

MAX_REQUESTS_PER_CLIENT = 100_000


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def client(
    port: int, paths: list[str], deadline: float, tally: dict[str, int], lock: threading.Lock
) -> None:
    ok = bad = 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for number in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() > deadline:
            break
        path = paths[number % len(paths)]
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            complete = response.status == 200 and body.rstrip().endswith(b"</html>")
            ok, bad = (ok + 1, bad) if complete else (ok, bad + 1)
        except OSError:
            bad += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.close()
    with lock:
        tally["ok"] += ok
        tally["bad"] += bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlasgen-load-") as folder:
        site = generate(Path(folder) / "site", args.articles, include="ssi")
        stories = sorted((site / "content" / "world").glob("*.md"))
        messages: list[str] = []
        server = PreviewServer(
            site, ServeOptions(port=0), lambda text, error=False: messages.append(text)
        )
        with server.start():
            port = int(server.url.split(":")[2].split("/")[0])
            paths = ["/", "/world/", "/technology/"] + [f"/world/{p.stem}/" for p in stories[:20]]
            before = rss_mib()
            tally, lock = {"ok": 0, "bad": 0}, threading.Lock()
            deadline = time.monotonic() + args.seconds
            threads = [
                threading.Thread(target=client, args=(port, paths, deadline, tally, lock))
                for _ in range(args.clients)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            edits = 0
            while time.monotonic() < deadline:
                story = stories[edits % len(stories)]
                story.write_text(
                    story.read_text(encoding="utf-8") + f"\nEdit {edits}.\n", encoding="utf-8"
                )
                edits += 1
                time.sleep(1)
            for thread in threads:
                thread.join(timeout=args.seconds + 30)
            elapsed = time.monotonic() - started
            after = rss_mib()
        rebuilds = sum("Rebuilt" in m or "Built" in m for m in messages)
        total = tally["ok"] + tally["bad"]
        print(f"{args.clients} clients, {elapsed:.1f} s, {args.articles} articles, {edits} edits")
        print(
            f"  requests: {total} ({total / elapsed:.0f}/s), complete: {tally['ok']}, "
            f"errors or incomplete: {tally['bad']}"
        )
        print(f"  rebuild messages: {rebuilds}; memory {before:.0f} MiB -> {after:.0f} MiB")


if __name__ == "__main__":
    main()
