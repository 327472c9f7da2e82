"""Draw the benchmark results (results.csv) as an SVG chart: build time against archive
size, for a cold build, a rebuild with no change and a rebuild after one edit, with
Hugo's cold build beside them.

    pip install 'atlasgen[benchmarks]'    # matplotlib
    python benchmarks/chart.py            # writes benchmarks/results.svg

The same results give the same bytes (no date in the file, fixed ids), so a redrawn
chart shows in a diff only when a figure changed.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
BUILDS = {  # build -> (line style, marker)
    "cold": ("-", "o"),
    "no change": (":", "s"),
    "one edit": ("--", "^"),
}


def read_results(path: Path) -> dict[tuple[str, str], list[tuple[int, float]]]:
    """(tool, build) -> [(articles, seconds)], sorted by articles; `#` lines are notes."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    series: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
    for row in csv.DictReader(lines):
        series[row["tool"], row["build"]].append((int(row["articles"]), float(row["seconds"])))
    return {key: sorted(points) for key, points in series.items()}


def draw(results: dict[tuple[str, str], list[tuple[int, float]]], out: Path) -> None:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    plt.rcParams.update({"svg.hashsalt": "atlasgen-benchmarks", "svg.fonttype": "none"})
    figure, axes = plt.subplots(figsize=(7.5, 4.8))
    for (tool, build), points in results.items():
        style, marker = BUILDS.get(build, ("-", "o"))
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        own = tool == "atlasgen"
        axes.plot(
            xs,
            ys,
            linestyle=style if own and len(points) > 1 else "none",
            marker=marker if own else "*",
            markersize=7 if own else 14,
            color="#1f4e79" if own else "#c0392b",
            label=f"{tool}, {build}",
        )
        for x, y in points:
            axes.annotate(
                f"{y:g} s",
                (x, y),
                textcoords="offset points",
                xytext=(6, -3 if own else 6),
                fontsize=8,
                color="#333333" if own else "#c0392b",
            )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g} s"))
    axes.set_xlim(700, 150_000)
    axes.set_xlabel("articles in the archive")
    axes.set_ylabel("build time (wall, log scale)")
    axes.set_title("Build time against archive size (2 cores, --jobs 2, search off)", fontsize=11)
    axes.grid(True, which="major", color="#dddddd")
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    figure.tight_layout()
    figure.savefig(out, format="svg", metadata={"Date": None})
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=HERE / "results.csv")
    parser.add_argument("--out", type=Path, default=HERE / "results.svg")
    args = parser.parse_args()
    draw(read_results(args.results), args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
