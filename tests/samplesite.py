"""The repository's own sample site ("Atlas"), built at a fixed time in a scratch folder.

The site is copied first, so a test build leaves nothing (output, build cache) in the
repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_NOW = "2026-11-27T09:00:00Z"
SAMPLE_BASE = "https://atlas.example.com/"


def build_sample(scratch: Path) -> Path:
    """Build the sample site under `scratch`; return its output folder."""
    site = scratch / "site"
    site.mkdir(parents=True)
    shutil.copy(ROOT / "site.toml", site / "site.toml")
    for folder in ("content", "themes"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, site / folder)
    out = scratch / "public"
    result = run("build", "--site", str(site), "--output", str(out), "--now", SAMPLE_NOW)
    assert result.exit_code == 0, result.output
    return out
