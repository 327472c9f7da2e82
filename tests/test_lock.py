"""One build of a site at a time: builds started together wait for each other and publish
exactly what a clean build does; a killed build's lock never blocks the next one."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import NOW, SITE_TOML, article, build, make_site, tree

from atlasgen.output.lock import SiteLock, lock_path

ROOT = Path(__file__).resolve().parents[1]
SEARCH_TOML = SITE_TOML + "\n[search]\nenabled = true\n"
WAITING = re.compile(r"waiting for another build of this site \(pid \d+\)\n")


def _stories(word: str) -> dict[str, str | bytes]:
    return {
        f"content/world/s{i}.md": article(
            f"{word} story {i}", f"2026-11-2{i}T10:00:00Z", body=f"{word} words {i}. " * 20
        )
        for i in range(4)
    }


def _cli(site: Path, *args: str) -> subprocess.Popen[str]:
    """`atlasgen build` in a process of its own, as CI jobs and writers run it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "atlasgen", "build", "--site", str(site), "--now", NOW, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _published(folder: Path) -> dict[str, bytes]:
    return tree(folder)


def test_builds_started_together_wait_for_each_other_and_publish_a_clean_build(
    tmp_path: Path,
) -> None:
    states = {word: _stories(word) for word in ("Alpha", "Beta")}
    clean = {}
    for word, files in states.items():
        reference = make_site(tmp_path / f"clean-{word}", files, SEARCH_TOML)
        assert build(reference).exit_code == 0
        clean[word] = _published(reference / "public")
    site = tmp_path / "site"
    waited = 0
    for round_ in range(20):
        word = ("Alpha", "Beta")[round_ % 2]
        make_site(site, states[word], SEARCH_TOML)
        first, second = _cli(site), _cli(site)
        for process in (first, second):
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert "Internal error" not in err
            assert WAITING.sub("", err) == "", err
            waited += bool(err)
            assert "4 searchable" in out, out
        assert _published(site / "public") == clean[word], f"round {round_}: not a clean build"
    assert waited > 0  # the builds did meet
    assert [p.name for p in site.iterdir() if ".atlasgen-" in p.name] == []


HOLD_SCRIPT = """
import os, sys, time
from pathlib import Path
from atlasgen.output.lock import SiteLock
with SiteLock(Path(sys.argv[1])):
    if os.fork() == 0:  # a worker process the build forked, which outlives it
        time.sleep(60)
        os._exit(0)
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_killed_builds_lock_does_not_block_the_next_build(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", _stories("Alpha"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRIPT, str(lock_path(site, ".atlasgen/cache"))],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        refused = _cli(site, "--no-wait")
        _out, err = refused.communicate(timeout=60)
        assert refused.returncode == 2
        assert err == (
            f"Error: another build of this site is running (pid {holder.pid}); "
            "not waiting (--no-wait)\n"
        )
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        started = time.monotonic()
        after = _cli(site, "--no-wait")  # the forked child still runs, without the lock
        out, err = after.communicate(timeout=60)
        assert after.returncode == 0, err
        assert out.startswith("Built ")
        assert time.monotonic() - started < 30
    finally:
        os.killpg(holder.pid, signal.SIGKILL)  # the holder and its forked child


def test_a_second_build_waits_and_says_so_once(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", _stories("Alpha"))
    with SiteLock(lock_path(site, ".atlasgen/cache")):
        waiting = _cli(site)
        assert waiting.stderr is not None
        said = waiting.stderr.readline()  # while the lock is held here
        assert said == f"waiting for another build of this site (pid {os.getpid()})\n"
        time.sleep(0.5)
        assert waiting.poll() is None
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0
    assert err == ""  # said once
    assert out.startswith("Built 11 pages")


def test_check_takes_no_lock(tmp_path: Path) -> None:
    """`check` writes nothing (not even the cache): it never waits for a build."""
    site = make_site(tmp_path / "site", _stories("Alpha"))
    with SiteLock(lock_path(site, ".atlasgen/cache")):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        checked = subprocess.run(
            [sys.executable, "-m", "atlasgen", "check", "--site", str(site), "--now", NOW],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert checked.returncode == 0, checked.stderr


def test_a_site_without_a_cache_locks_its_own_folder(tmp_path: Path) -> None:
    """Such a site keeps no files of atlasgen's outside its output: not a lock file either."""
    site = make_site(tmp_path / "site", _stories("Alpha"), SITE_TOML + '[build]\ncache = ""\n')
    assert lock_path(site, "") == site
    with SiteLock(lock_path(site, "")):
        refused = _cli(site, "--no-wait")
        _out, err = refused.communicate(timeout=60)
    assert refused.returncode == 2
    assert err == "Error: another build of this site is running; not waiting (--no-wait)\n"
    assert build(site).exit_code == 0
    assert not (site / ".atlasgen").exists()


def test_serve_and_a_manual_build_of_one_site_both_work_one_after_the_other(
    tmp_path: Path,
) -> None:
    from test_serve import Terminal, events, get, serving, wait_until

    site = make_site(tmp_path / "site", _stories("Alpha"))
    terminal = Terminal()
    with serving(site, terminal) as server, events(server.url) as stream:
        manual = _cli(site)  # while the preview is idle
        _out, err = manual.communicate(timeout=60)
        assert manual.returncode == 0, err
        with SiteLock(lock_path(site, ".atlasgen/cache")):  # a manual build is running
            story = site / "content/world/s0.md"
            story.write_text(article("Edited while a build ran"), encoding="utf-8")
            wait_until(lambda: any(line.startswith("waiting for") for line in terminal.lines))
        assert stream.next()[0] == "reload"
        assert "Edited while a build ran" in get(server.url + "world/s0/")[1]
    assert f"waiting for another build of this site (pid {os.getpid()})" in terminal.lines
