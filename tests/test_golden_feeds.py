"""Golden feeds and sitemap of a small site: whole files compared byte for byte.

When a change to the feeds or sitemaps is intended, refresh them with
    ATLASGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden_feeds.py
and review the diff like any other code change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_golden, build, jpeg, make_site

SITE_TOML = """\
title = "Harbour & Hill"
tagline = "News from the coast"
base_url = "https://news.example.org/edition"
timezone = "Europe/London"
default_author = "Desk Staff"
"""


FERRY = """\
---
title: Ferry timetable cut as crews & boats run short
dek: Two sailings a day are dropped until March.
category: Local
tags: [Transport, Harbour]
authors: [Mei Chen]
published: 2026-07-14T07:45:00+01:00
updated: 2026-07-14T12:10:00+01:00
image:
  src: /images/ferry.jpg
  alt: The ferry at the quay
aliases: [/2026/07/ferry-cuts/]
corrections:
  - date: 2026-07-16
    text: The first version gave the wrong month.
---
The operator said the [harbour board](/local/) agreed the change.

![The quay at dawn](/images/ferry.jpg)

Fares stay the same.[^1]

[^1]: Until the spring review.
"""

STORM = """\
---
title: Storm brings down trees on the coast road
category: Weather
tags: [Transport]
published: 2026-01-05T18:20:00Z
---
Crews worked overnight.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(
        tmp_path_factory.mktemp("golden-feeds"),
        {
            "content/local/ferry.md": FERRY,
            "content/weather/storm.md": STORM,
            "content/images/ferry.jpg": jpeg(16, 9, "navy", quality=50),
        },
        SITE_TOML,
    )
    result = build(site, "--now", "2026-07-20T12:00:00Z")
    assert result.exit_code == 0, result.output
    return site / "public"


@pytest.mark.parametrize(
    ("output", "golden"),
    [
        ("feed.xml", "feed.xml"),
        ("atom.xml", "atom.xml"),
        ("sitemap.xml", "sitemap.xml"),
    ],
)
def test_output_matches_its_golden_file(built: Path, output: str, golden: str) -> None:
    assert_golden((built / output).read_text(encoding="utf-8"), golden)
