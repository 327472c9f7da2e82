"""The sharded search index in Chromium, on a built site: what a first query costs a
cold browser, and whether thirty queries rank as one index of the same stories would.

    python benchmarks/search_check.py SITE_OUTPUT            # both, on a built site
    python benchmarks/search_check.py SITE_OUTPUT --bytes-only

`bytes`: a fresh browser opens /search/?q=QUERY; the bytes received by the time the
first results show, and in all once the page is idle (the author list loads after the
results), split by kind of index file (bytes on the wire: this server compresses
nothing, as a static host without gzip, or with `--gzip` what docs/nginx.conf
compresses; Pagefind's own index files are gzipped already).
`quality`: the site's story pages are indexed once more as one Pagefind bundle
(/one-index/, beside the shards), and each query runs on both, merged as the search page
merges; for every query whose top five differ, each story the shards rank in their top
five and one index does not is printed with its rank and score in the one index, as a
fraction of that index's fifth score (near 1: a near tie). Needs Debian's chromium and
Playwright (`pip install 'atlasgen[test]'`).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from atlasgen.search.indexing import write_index

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
QUERIES = [
    *("market", "inflation", "harvest", "museum", "negotiators", "spokesperson", "drought"),
    *("vaccine", "tariff", "parliament", "regulators", "festival", "writer 07", "writer 42"),
    *("central bank", "oil supply", "court ruling", "league season", "climate summit"),
    *("gold currency", "storm river", "film festival", "union strike", "export tariff"),
    *("bank rate inflation", "energy supply demand", "storm drought harvest", "infl"),
    *("negot", '"central bank"'),
]
#: A page that runs queries over some bundles as the search page does: the first loaded,
#: the others merged; every result's page id and score.
PROBE = """<!doctype html><html lang="en"><body><script type="module">
window.run = async (bundles, queries, options) => {
  const pagefind = await import(bundles[0] + "pagefind.js");
  await pagefind.options({ baseUrl: "/" });
  await pagefind.init();
  for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(bundle, { baseUrl: "/" });
  const found = [];
  for (const query of queries) {
    const search = await pagefind.search(query, options || {});
    found.push(search.results.map((result) => [result.id, result.score]));
  }
  return found;
};
window.ready = true;
</script></body></html>"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


#: What docs/nginx.conf compresses (`gzip on` and its `gzip_types`), by file name ending:
#: HTML always; CSS, JavaScript, JSON, XML feeds and SVG. Pagefind's index files (and its
#: WebAssembly) are gzipped already, and served as they are.
GZIPPED = (".html", "/", ".css", ".js", ".json", ".xml", ".svg")


class _Gzipping(_Quiet):
    """Compresses what the deploy recipe's nginx compresses, at nginx's default level (1)."""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if not path.endswith(GZIPPED) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            super().do_GET()
            return
        file = Path(self.translate_path(path))
        file = file / "index.html" if file.is_dir() else file
        if not file.is_file():
            super().do_GET()
            return
        body = gzip.compress(file.read_bytes(), compresslevel=1)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(folder: Path, compress: bool = False) -> Iterator[str]:
    handler = functools.partial(_Gzipping if compress else _Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


#: Run in the page before its scripts: when the first result shows (ms since the epoch).
WATCH = """
new MutationObserver((changes, watcher) => {
  if (!document.querySelector(".search-result")) return;
  window.shownAt = performance.timeOrigin + performance.now();
  watcher.disconnect();
}).observe(document, { childList: true, subtree: true });
"""


def first_query(browser: Any, url: str, query: str) -> dict[str, int]:
    """Bytes a cold browser loads for the search page and its first query: every
    response, Pagefind's worker's too, body and headers as received."""
    context = browser.new_context()  # nothing cached
    page = context.new_page()
    page.add_init_script(WATCH)
    received: list[tuple[str, int, float]] = []

    def finished(request: Any) -> None:
        size, timing = request.sizes(), request.timing
        done = timing["startTime"] + timing["responseEnd"]
        received.append((request.url, size["responseBodySize"] + size["responseHeadersSize"], done))

    context.on("requestfinished", finished)
    page.goto(f"{url}/search/?q={query}")
    page.wait_for_function("() => window.shownAt")
    page.wait_for_load_state("networkidle")  # the author list loads after the results
    page.wait_for_timeout(500)
    shown_at = float(page.evaluate("() => window.shownAt"))
    context.close()
    shown = sum(size for _, size, done in received if done <= shown_at)
    found = {"results shown": shown, "total": sum(size for _, size, _ in received)}
    for address, size, _ in received:
        if "/pagefind/" in address:
            kind = _kind(address.split("/pagefind/", 1)[1].split("?")[0])
            found[kind] = found.get(kind, 0) + size
    return found


def _kind(rel: str) -> str:
    """What an index file is: index, filter, fragment, meta, wasm, js, json."""
    folder, _, name = rel.partition("/")[2].rpartition("/")
    if folder:
        return folder
    return name.rsplit(".", 1)[-1].replace("pf_", "").replace("pagefind", "wasm")


def shard_bundles(public: Path) -> list[str]:
    listed = json.loads((public / "pagefind" / "shards.json").read_text())["shards"]
    return [f"/pagefind/{shard['name']}/" for shard in listed]


def page_urls(bundle: Path) -> dict[str, str]:
    return {
        path.stem: json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])["url"]
        for path in bundle.glob("fragment/*.pf_fragment")
    }


def probe(browser: Any, url: str, bundles: list[str]) -> list[Any]:
    page = browser.new_page()
    page.goto(url + "/probe.html")
    page.wait_for_function("window.ready")
    found = page.evaluate("([b, q]) => window.run(b, q)", [bundles, QUERIES])
    page.close()
    return list(found)


def quality(browser: Any, url: str, public: Path) -> None:
    """One index beside the shards, and the thirty queries on both."""
    one = public / "one-index"
    if not (one / "pagefind-entry.json").is_file():
        write_index(public, one, [p.relative_to(public).as_posix() for p in _stories(public)])
    (public / "probe.html").write_text(PROBE)
    shards = shard_bundles(public)
    names = page_urls(one)
    for bundle in shards:
        names |= page_urls(public / bundle.strip("/"))
    alone, merged = probe(browser, url, ["/one-index/"]), probe(browser, url, shards)
    same = 0
    for query, single, together in zip(QUERIES, alone, merged, strict=True):
        top = [names[page] for page, _ in single[:5]]
        ranks = {names[page]: (rank, score) for rank, (page, score) in enumerate(single, 1)}
        others = [names[page] for page, _ in together[:5] if names[page] not in top]
        same += not others
        fifth = single[4][1] if len(single) > 4 else 1.0
        notes = ", ".join(
            f"{other} (one index: #{ranks[other][0]}, {ranks[other][1] / fifth:.3f} of the 5th)"
            for other in others
        )
        print(f"  {query!r}: {len(single)} / {len(together)} found; " + (notes or "same top 5"))
    print(f"  same top five in {same} of {len(QUERIES)} queries", flush=True)


def _stories(public: Path) -> list[Path]:
    """Story pages: those Pagefind indexes (marked data-pagefind-body)."""
    return sorted(
        path
        for path in public.glob("*/*/index.html")
        if b"data-pagefind-body" in path.read_bytes()[:200_000]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("public", type=Path, help="a built site's output, search on")
    parser.add_argument("--bytes-only", action="store_true")
    parser.add_argument("--query", action="append", help="first-query words (repeatable)")
    parser.add_argument(
        "--gzip", action="store_true", help="compress as docs/nginx.conf does (default: nothing)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    public = args.public.resolve()
    print(f"shards: {', '.join(shard_bundles(public))}", flush=True)
    with served(public, args.gzip) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for query in args.query or ["negotiators", "central+bank", "market"]:
            found = first_query(browser, url, query)
            print(f"  first query {query!r}: {found}", flush=True)
        if not args.bytes_only:
            quality(browser, url, public)
        browser.close()


if __name__ == "__main__":
    main()
