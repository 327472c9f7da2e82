"""CI: the --report JSON, the GitHub Actions example run as written, robots.txt."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import NOW, SITE_TOML, article, build, make_site

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "github-actions.yml"
SCHEDULED = "2026-12-01T08:30:00+00:00"


def _site(tmp_path: Path, **extra: str) -> Path:
    files = {
        "content/world/now.md": article("Now"),
        "content/world/later.md": article("Later", published=SCHEDULED),
        **extra,
    }
    return make_site(tmp_path / "site", files)


def test_the_report_names_counts_warnings_and_the_next_scheduled_story(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"content/world/typo.md": article("Typo", publihsed="x")})
    result = build(site, "--report", str(tmp_path / "report.json"))
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["ok"] is True and report["errors"] == [] and report["preview"] is False
    assert report["pages"] > 0 and report["files"] > report["pages"]
    assert report["now"] == NOW
    assert report["output"] == "public/"
    assert [w["text"] for w in report["warnings"]] == [
        "content/world/typo.md:5: warning: publihsed: unknown key (did you mean 'published'?)"
    ]
    assert report["next_scheduled"] == {
        "path": "content/world/later.md",
        "url": "https://news.example.org/world/later/",
        "time": SCHEDULED,
        "timestamp": 1796113800,
    }


def test_the_report_says_null_when_nothing_is_scheduled(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"content/world/now.md": article("Now")})
    assert build(site, "--report", str(tmp_path / "r.json")).exit_code == 0
    text = (tmp_path / "r.json").read_text()
    assert '"next_scheduled": null' in text


def test_a_failed_build_writes_the_report_with_its_errors(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"content/world/dead.md": article("Dead", body="[x](/nope/)")})
    result = build(site, "--report", str(tmp_path / "report.json"))
    assert result.exit_code == 1
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["ok"] is False and report["pages"] is None
    assert report["errors"] == [
        {
            "path": "content/world/dead.md",
            "line": 6,
            "key": "link",
            "message": "/nope/ is not a page of this site",
            "hint": "",
            "text": "content/world/dead.md:6: link: /nope/ is not a page of this site",
        }
    ]
    assert report["next_scheduled"] is None


def _workflow() -> dict:
    loaded = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_github_actions_example_is_a_valid_workflow() -> None:
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads `on` as true
    assert set(triggers) >= {"push", "schedule"}
    assert triggers["schedule"][0]["cron"] == "*/10 * * * *"
    steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "actions/cache/restore" in uses and "actions/cache/save" in uses
    cached = [s["with"]["path"] for s in steps if "cache" in s.get("uses", "")]
    assert cached == [".atlasgen", ".atlasgen"]
    assert "Deploy" in EXAMPLE.read_text(encoding="utf-8")


def test_the_github_actions_example_runs_as_written(tmp_path: Path) -> None:
    """Each `run:` step, in order, in a copy of a small site, as the runner's shell would
    run it; the steps that only make sense on GitHub (`uses:` actions, installing
    atlasgen, which this environment has) are skipped."""
    site = _site(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "atlasgen"  # the installed command, for this checkout's code
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m atlasgen "$@"\n')
    shim.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{Path(sys.executable).parent}:/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "SOURCE_DATE_EPOCH": "1795780800",  # 2026-11-27T12:00:00Z, before the embargo
    }
    outputs = []
    for step in _workflow()["jobs"]["build"]["steps"]:
        command = step.get("run")
        if command is None or command.startswith("pip install"):
            continue
        done = subprocess.run(
            ["bash", "-e", "-c", command], cwd=site, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        outputs.append(done.stdout)
    assert (site / "public" / "index.html").is_file()
    assert (site / ".atlasgen").is_dir()  # what the cache steps restore and save
    assert outputs[-1] == (
        "next scheduled: 2026-12-01T08:30:00+00:00 content/world/later.md "
        "https://news.example.org/world/later/\n"
    )


def test_robots_txt_at_the_root_of_a_site_at_the_hosts_root(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"content/world/now.md": article("Now")}, SITE_TOML)
    assert build(site).exit_code == 0
    assert (site / "public/robots.txt").read_text() == (
        "User-agent: *\nAllow: /\n\n"
        "Sitemap: https://news.example.org/sitemap.xml\n"
        "Sitemap: https://news.example.org/news-sitemap.xml\n"
    )
