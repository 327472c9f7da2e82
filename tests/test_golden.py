"""Golden outputs: whole files compared byte for byte.

When a change to the theme or the pipeline is intended, refresh them with
    ATLASGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
and review the diff like any other code change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SITE_TOML, assert_golden, build, make_site

GOLDEN_TOML = (
    SITE_TOML
    + """
tagline = "Testing the news"
default_author = "Desk Staff"
takeaways_attribution = "Test AI"

[newsletter]
name = "Test Daily"
blurb = "One email a day."
action = "https://example.com/subscribe"
signin = "https://example.com/account"
"""
)

ARTICLE = """\
---
title: Meta challenges rivals with new closed Muse Spark AI model
dek: Meta unveils Muse Spark AI as a closed-source model, offering limited API access.
category: Technology
tags: [Meta, Artificial intelligence]
authors: [Atlas Staff, Priya Raman]
published: 2026-04-09T11:32:58+01:00
updated: 2026-04-09T11:40:06+01:00
takeaways:
  - Meta's new *Muse Spark* model is closed, a shift from its open releases.
  - It will power Meta's own chatbot; partners get a private API preview.
image:
  src: https://images.example.com/muse-spark.jpg
  alt: A stage with the Muse Spark logo
  credit: A360
  caption: The launch event in Menlo Park.
corrections:
  - date: 2026-04-10
    text: An earlier version misnamed the model.
---
Meta on Thursday introduced **Muse Spark**, see [the post](https://example.com/post).

## A strategic turn

> "A closed flagship is what you build when you think you're ahead."

| Model | Open |
|---|---|
| Muse Spark | no |
"""

OTHER = """\
---
title: Chipmakers race to expand packaging
category: Technology
tags: [Meta, Semiconductors]
published: 2026-04-08T09:00:00Z
---
Body.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(
        tmp_path_factory.mktemp("golden"),
        {
            "content/tech/meta-muse-spark.md": ARTICLE,
            "content/tech/chip-packaging.md": OTHER,
        },
        GOLDEN_TOML,
    )
    result = build(site, "--now", "2026-04-09T12:00:00Z")
    assert result.exit_code == 0, result.output
    return site / "public"


@pytest.mark.parametrize(
    ("output", "golden"),
    [
        ("technology/meta-muse-spark/index.html", "article.html"),
        ("technology/index.html", "section.html"),
    ],
)
def test_output_matches_its_golden_file(built: Path, output: str, golden: str) -> None:
    assert_golden(_without_fingerprints((built / output).read_text(encoding="utf-8")), golden)


def _without_fingerprints(html: str) -> str:
    """`atlas.3f2a9c1b7d.css` -> `atlas.HASH.css`: a change to the theme's CSS is not a
    change of the page (tests/test_assets.py checks the fingerprints themselves)."""
    return re.sub(r"\.[0-9a-f]{10}\.(css|js|png|jpg|webp)\b", r".HASH.\1", html)
