"""benchmarks/results.csv holds figures recorded in benchmarks/README.md, and
benchmarks/chart.py draws them (where matplotlib, the `benchmarks` extra, is installed)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
import chart  # noqa: E402


def test_every_charted_figure_is_one_recorded_in_the_benchmarks_readme() -> None:
    readme = (BENCHMARKS / "README.md").read_text(encoding="utf-8")
    results = chart.read_results(BENCHMARKS / "results.csv")
    assert {build for _, build in results} == {"cold", "no change", "one edit"}
    for (tool, _), points in results.items():
        for _, seconds in points:
            assert re.search(rf"(?<![\d.]){re.escape(f'{seconds:g}')}(?![\d])", readme), (
                tool,
                seconds,
            )
    assert "![" in readme and "(results.svg)" in readme


@pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None,
    reason="matplotlib is not installed (pip install 'atlasgen[benchmarks]')",
)
def test_the_chart_draws_every_series_the_same_way_twice(tmp_path: Path) -> None:
    results = chart.read_results(BENCHMARKS / "results.csv")
    chart.draw(results, tmp_path / "a.svg")
    chart.draw(results, tmp_path / "b.svg")
    svg = (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert (tmp_path / "b.svg").read_bytes() == (tmp_path / "a.svg").read_bytes()
    for label in ("atlasgen, cold", "atlasgen, no change", "atlasgen, one edit", "Hugo 0.168"):
        assert label in svg
    assert "21.8 s" in svg and "28 s" in svg
