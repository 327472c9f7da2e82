"""Corrections in structured data (JSON-LD CorrectionComment) and in full-content feeds."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

from conftest import SITE_TOML, article, build, make_site

CORRECTED = article(
    "Bridge reopens",
    "2026-11-20T10:00:00Z",
    "World",
    body="The bridge reopened on Friday.",
    corrections=(
        "\n  - date: 2026-11-21\n    text: An earlier version gave the wrong day."
        "\n  - date: 2026-11-22T09:30:00Z"
        '\n    text: "It is the </script> bridge & <b>not</b> the tunnel."'
    ),
)
PLAIN = article("Quiet day", "2026-11-19T10:00:00Z", "World")


def _site(tmp_path: Path, toml: str = SITE_TOML) -> Path:
    files = {"content/world/bridge.md": CORRECTED, "content/world/quiet.md": PLAIN}
    return make_site(tmp_path, files, toml)


def _json_ld(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_each_correction_is_a_correction_comment_in_json_ld(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = build(site)
    assert result.exit_code == 0, result.output
    page = (site / "public/world/bridge/index.html").read_text()
    data = _json_ld(page)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version gave the wrong day.",
            "datePublished": "2026-11-21T00:00:00+00:00",
        },
        {
            "@type": "CorrectionComment",
            "text": "It is the </script> bridge & <b>not</b> the tunnel.",
            "datePublished": "2026-11-22T09:30:00+00:00",
        },
    ]
    assert "the \\u003c/script\\u003e bridge" in page  # cannot close the script element
    assert data["dateModified"] == "2026-11-22T09:30:00+00:00"


def test_an_article_without_corrections_has_no_correction_property(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert build(site).exit_code == 0
    assert "correction" not in _json_ld((site / "public/world/quiet/index.html").read_text())


def _items(feed: Path) -> dict[str, str]:
    """Each RSS item's title -> its full content (content:encoded), "" when none."""
    ns = {"content": "http://purl.org/rss/1.0/modules/content/"}
    root = ElementTree.parse(feed).getroot()
    return {
        item.findtext("title", ""): item.findtext("content:encoded", "", ns)
        for item in root.iter("item")
    }


def test_full_content_feeds_carry_the_corrections(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert build(site).exit_code == 0
    for feed in ("feed.xml", "world/feed.xml"):
        content = _items(site / "public" / feed)["Bridge reopens"]
        assert content.endswith(
            "<h2>Corrections</h2><ul>"
            '<li><time datetime="2026-11-21T00:00:00+00:00">21 Nov 2026</time>: '
            "An earlier version gave the wrong day.</li>"
            '<li><time datetime="2026-11-22T09:30:00+00:00">22 Nov 2026</time>: '
            "It is the &lt;/script&gt; bridge &amp; &lt;b&gt;not&lt;/b&gt; the tunnel.</li></ul>"
        )
        assert "Corrections" not in _items(site / "public" / feed)["Quiet day"]
    atom = (site / "public/atom.xml").read_text()
    assert "&lt;h2&gt;Corrections&lt;/h2&gt;" in atom


def test_summary_feeds_leave_the_corrections_to_the_page(tmp_path: Path) -> None:
    site = _site(tmp_path, SITE_TOML + "\n[feeds]\nfull_content = false\n")
    assert build(site).exit_code == 0
    assert "Corrections" not in (site / "public/feed.xml").read_text()
