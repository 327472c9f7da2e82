"""Bad file systems, killed builds, determinism, and content far larger than normal."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import NOW, SITE_TOML, article, build, make_site, tree


def _errors(site: Path) -> list[str]:
    result = build(site)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if not line.startswith("Build failed")]


def test_a_symlink_out_of_the_site_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    site = make_site(tmp_path / "site", {"content/world/a.md": article()})
    (site / "content/leak.txt").symlink_to(secret)
    (site / "content/leaks").symlink_to(tmp_path)
    assert _errors(site) == [
        f"content/leak.txt: is a symbolic link to {secret}, outside the site; refused",
        f"content/leaks: is a symbolic link to {tmp_path}, outside the site; refused",
    ]


def test_a_symlink_inside_the_site_is_followed(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article(), "shared/logo.txt": "x"})
    (site / "content/logo.txt").symlink_to(site / "shared/logo.txt")
    assert build(site).exit_code == 0
    assert (site / "public/logo.txt").read_text() == "x"


def test_a_file_name_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/world/a.md": article()})
    bad = os.fsencode(site / "content") + b"/caf\xe9.md"
    try:
        Path(os.fsdecode(bad)).write_text(article())
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses non-UTF-8 names")
    assert _errors(site) == [
        "content/caf\ufffd.md: the name 'caf\ufffd.md' is not valid UTF-8; rename the file"
    ]


def test_a_very_long_slug_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/a.md": article(slug="a" * 130)})
    assert _errors(site) == [
        "content/a.md:5: slug: is 130 characters long; at most 120 "
        "(long names break file systems and are cut off in search results)"
    ]


def test_paths_that_differ_only_in_case_are_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(),
            "content/images/Photo.jpg": b"1",
            "content/images/photo.jpg": b"2",
        },
    )
    assert _errors(site) == [
        "content/images/photo.jpg: /images/photo.jpg and /images/Photo.jpg "
        "(content/images/Photo.jpg) differ only in case, which breaks checkouts on macOS "
        "and Windows"
    ]


# -- killed builds -------------------------------------------------------------------------

KILL_SCRIPT = """
import sys
from pathlib import Path
from atlasgen.build.pipeline import BuildOptions, build_site
build_site(Path(sys.argv[1]), BuildOptions(now=sys.argv[2], jobs=1))
"""


def _stories(count: int, word: str) -> dict[str, str | bytes]:
    return {
        f"content/s{i}.md": article(
            f"{word} {i}",
            f"2026-11-{1 + i % 25:02d}T10:{i % 60:02d}:00Z",
            body=f"{word} " * 200,
            tags=f"[T{i % 30}]",
        )
        for i in range(count)
    }


def _killed_while_writing(site: Path, delay: float) -> bool:
    """Start a build and kill it `delay` seconds after it stages its first file (beside
    the marker); False if the build ended first."""
    process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(site), NOW])
    staging = site / f".public.atlasgen-new-{process.pid}"
    while process.poll() is None and len(_listing(staging)) < 2:
        time.sleep(0.002)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return process.wait() == -signal.SIGKILL


def _listing(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


def test_killing_a_build_never_leaves_a_missing_empty_or_mixed_output(tmp_path: Path) -> None:
    toml = SITE_TOML + '\n[build]\ncache = ""\n'
    site = make_site(tmp_path / "site", _stories(120, "Alpha"), toml)
    assert build(site).exit_code == 0
    old = tree(site / "public")
    reference = make_site(tmp_path / "reference", _stories(120, "Beta"), toml)
    assert build(reference).exit_code == 0
    new = tree(reference / "public")
    make_site(site, _stories(120, "Beta"), toml)  # the edit that the killed builds publish
    rng = random.Random(20261127)
    outcomes = []
    for _attempt in range(6):
        killed = _killed_while_writing(site, rng.uniform(0, 0.5))
        assert (site / "public").is_dir(), "the output folder went missing"
        now = tree(site / "public")
        assert now in (old, new), "the output folder is a mix of two builds"
        outcomes.append(("killed" if killed else "finished", "old" if now == old else "new"))
        if now == new:  # the build finished in time: go back to the old site and try again
            make_site(site, _stories(120, "Alpha"), toml)
            assert build(site).exit_code == 0
            make_site(site, _stories(120, "Beta"), toml)
    assert ("killed", "old") in outcomes, outcomes  # some were killed while writing
    assert build(site).exit_code == 0  # and the next build cleans up and succeeds
    assert tree(site / "public") == new
    leftovers = [p.name for p in site.iterdir() if ".atlasgen-" in p.name]
    assert leftovers == []


# -- determinism ---------------------------------------------------------------------------

BUILD_SCRIPT = """
import sys
from pathlib import Path
from atlasgen.build.pipeline import BuildOptions, build_site
build_site(Path(sys.argv[1]), BuildOptions(now=sys.argv[2], output=Path(sys.argv[3]),
                                           jobs=int(sys.argv[4])))
"""


def test_output_is_identical_across_jobs_hash_seeds_and_working_folders(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site", _stories(120, "Gamma"), SITE_TOML + '\n[build]\ncache = ""\n'
    )
    trees = []
    for number, (jobs, seed, cwd) in enumerate(
        [(1, "1", tmp_path), (2, "4242", site), (2, "7", "/")]
    ):
        out = tmp_path / f"out{number}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", BUILD_SCRIPT, str(site), NOW, str(out), str(jobs)],
            check=True,
            cwd=cwd,
            env=env,
        )
        trees.append(tree(out))
    assert trees[0] == trees[1] == trees[2]


# -- resource limits -----------------------------------------------------------------------


def _timed_build(site: Path) -> float:
    """Seconds a build takes. The bounds the tests set are far above it (a few seconds on
    a quiet machine, under a minute on a busy shared one): they fail only when something
    turns quadratic or hangs."""
    started = time.perf_counter()
    result = build(site)
    assert result.exit_code == 0, result.output
    return time.perf_counter() - started


def test_huge_and_deeply_nested_articles_build(tmp_path: Path) -> None:
    paragraph = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit. " * 20 + "\n\n"
    files: dict[str, str | bytes] = {
        "content/big.md": article("Big", body=paragraph * (5_000_000 // len(paragraph))),
        "content/list.md": article("List", body="\n".join(f"- item {i}" for i in range(10_000))),
        "content/deep.md": article("Deep", body="> " * 5_000 + "bottom"),
        "content/nested.md": article(
            "Nested", body="".join("  " * i + "- x\n" for i in range(500))
        ),
    }
    site = make_site(tmp_path, files)
    seconds = _timed_build(site)
    assert (site / "public/world/big/index.html").stat().st_size > 5_000_000
    assert seconds < 150, f"5 MB article, 10,000-item list, 5,000-deep quote: {seconds:.0f} s"


def test_thousands_of_tags_build(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        f"content/s{i}.md": article(
            f"Story {i}", tags="[" + ", ".join(f"tag {i}-{j}" for j in range(20)) + "]"
        )
        for i in range(100)
    }
    site = make_site(tmp_path, files, SITE_TOML + '\n[build]\ncache = ""\n')
    seconds = _timed_build(site)
    assert len(list((site / "public/tags").iterdir())) == 2_000 + 1
    assert seconds < 90, f"2,000 tags on 100 stories: built in {seconds:.0f} s"
