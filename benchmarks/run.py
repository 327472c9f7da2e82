"""atlasgen's benchmark: build synthetic newsroom corpora and report speed and memory.

    python benchmarks/run.py              # 1,000 and 10,000 articles
    python benchmarks/run.py 1000         # one size
    python benchmarks/run.py --big        # adds 100,000 (slow; needs several GB of disk)
    python benchmarks/run.py --search     # with Pagefind site search on
    python benchmarks/run.py 100000 --no-ssi  # one size, without the ssi rows

For each size it prints: cold build, no-change rebuild, the first edit (which stages a
whole new output and leaves the old one as the spare), a one-article edit (which stages
into the spare: the everyday rebuild), one new article in ssi mode after an edit, the time
of each stage, pages per second and peak memory (RSS). Each build runs in a fresh process
so peak memory is its own. With `--search` the `search` stage is Pagefind indexing the
site (or keeping the previous index when no page says anything new); it needs
`pip install 'atlasgen[search]'`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate, last_published  # noqa: E402

MEASURE = """
import json, resource, sys, time
from pathlib import Path
from atlasgen.build.pipeline import BuildOptions, build_site
site, now, output = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
result = build_site(site, BuildOptions(output=Path(output), now=now))
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
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(site), now, str(output)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


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


def report(label: str, row: dict[str, object], extra: str = "") -> None:
    seconds = float(row["seconds"])  # type: ignore[arg-type]
    pages = int(row["pages"])  # type: ignore[call-overload]
    timings = row["timings"]
    assert isinstance(timings, dict)
    stages = " ".join(f"{k} {v:.2f}" for k, v in timings.items())
    print(
        f"  {label:<22} {seconds:7.2f} s  cpu {float(row['cpu']):6.1f} s  "
        f"{pages / seconds:6.0f} pages/s  "
        f"peak {float(row['peak_mib']):6.0f} MiB  rendered {row['rendered']}  "
        f"[{stages}]{extra}"
    )


def edit(story: Path) -> None:
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("## ", "## Edited ", 1), encoding="utf-8")


def run_size(count: int, work: Path, search: bool, ssi: bool = True) -> None:
    site = generate(work / f"site-{count}", count, search=search)
    now = last_published(count).isoformat()
    output = work / f"out-{count}"
    shutil.rmtree(output, ignore_errors=True)  # a kept run's output would make "cold" warm
    print(f"{count:,} articles")
    cold = measure(site, now, output)
    report("cold build", cold, f"  ({cold['pages']} pages, {cold['files']} files)")
    report("no-change rebuild", measure(site, now, output))
    stories = sorted((site / "content" / "world").glob("*.md"))
    for label, story in (("first edit", stories[0]), ("one-article edit", stories[1])):
        # The first build that swaps an output out keeps it as the spare, which later
        # builds stage into (output/); so the second edit is the everyday rebuild.
        edit(story)
        before = snapshot(output)
        row = measure(site, now, output)
        report(label, row, f"  ({changed_files(output, before)} files rewritten)")
    if not ssi:
        return
    ssi_site = generate(work / f"ssi-{count}", count, include="ssi", search=search)
    ssi_out = work / f"ssi-out-{count}"
    shutil.rmtree(ssi_out, ignore_errors=True)
    measure(ssi_site, now, ssi_out)
    edit(sorted((ssi_site / "content" / "world").glob("*.md"))[0])
    measure(ssi_site, now, ssi_out)  # as in a newsroom, where the last build was an edit
    before = snapshot(ssi_out)
    first = stories[0]
    new = ssi_site / "content" / "world" / "story-new.md"
    new.write_text(first.read_text(encoding="utf-8").replace("story-", "new-"), encoding="utf-8")
    row = measure(ssi_site, now, ssi_out)
    report("new article (ssi)", row, f"  ({changed_files(ssi_out, before)} files rewritten)")
    before = snapshot(ssi_out)
    banner = ssi_site / "content" / "_data" / "breaking.toml"
    banner.parent.mkdir(exist_ok=True)
    banner.write_text('text = "Polls close"\nurl = "/world/"\n', encoding="utf-8")
    row = measure(ssi_site, now, ssi_out)
    report("breaking banner (ssi)", row, f"  ({changed_files(ssi_out, before)} files rewritten)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--big", action="store_true", help="also 100,000 articles")
    parser.add_argument("--keep", type=Path, help="keep the corpora in this folder")
    parser.add_argument("--search", action="store_true", help="with Pagefind site search")
    parser.add_argument(
        "--no-ssi", action="store_true", help="skip the ssi row (a second corpus and cold build)"
    )
    args = parser.parse_args()
    sizes = args.sizes + ([100_000] if args.big else [])
    work = args.keep or Path(tempfile.mkdtemp(prefix="atlasgen-bench-"))
    try:
        for count in sizes:
            run_size(count, work, args.search, not args.no_ssi)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
