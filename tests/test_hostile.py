"""Hostile text in every field never becomes live script anywhere atlasgen writes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SITE_TOML, build, make_site
from lxml import etree

HOSTILE = [
    "</script><script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "javascript:alert(4)",
    "{{ 7 * 7 }} {% raw %}x{% endraw %} {# c #}",
    "\u202egnp.exe\u202c & <b>bold</b>",
]
ALL = " | ".join(HOSTILE)


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML scalar


def _hostile_site(root: Path, html: bool) -> Path:
    front = "\n".join(
        [
            "---",
            f"title: {_yaml('Title ' + ALL)}",
            f"dek: {_yaml('Dek ' + ALL)}",
            "category: World",
            f"tags: [{_yaml('Tag ' + HOSTILE[0])}, {_yaml('Tag ' + HOSTILE[1])}]",
            f"authors: [{_yaml('Author ' + HOSTILE[2])}]",
            "published: 2026-11-20T10:00:00Z",
            "takeaways:",
            *[f"  - {_yaml(h)}" for h in HOSTILE],
            "image:",
            "  src: https://images.example.com/a.jpg",
            f"  alt: {_yaml('Alt ' + ALL)}",
            f"  credit: {_yaml('Credit ' + ALL)}",
            f"  caption: {_yaml('Caption ' + ALL)}",
            "corrections:",
            f"  - {{date: 2026-11-21, text: {_yaml('Fix ' + ALL)}}}",
            "extra:",
            f"  note: {_yaml(ALL)}",
            "---",
            "A [link](javascript:alert(5)) and [data](data:text/html;base64,PHNjcmlwdD4=) and",
            "![img](javascript:alert(6)) and <script>alert(7)</script>",
            "",
            '<a href="javascript:alert(8)">raw</a> <a href="JaVaScRiPt:alert(9)">mixed</a>',
            '<img src="data:text/html,alert(10)">',
            "",
            "{{ config }} {% for x in range(3) %}loop{% endfor %}",
            "",
        ]
    )
    toml = SITE_TOML + f"\n[markdown]\nhtml = {'true' if html else 'false'}\n"
    return make_site(root, {"content/world/evil.md": front}, toml)


class _Scripts(HTMLParser):
    """Collects every live script: script elements, on* handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.script_types: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.script_types.append(values.get("type") or values.get("src") or "inline")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            scheme = re.match(r"\s*(javascript|vbscript|data):", value or "", re.IGNORECASE)
            if name in ("href", "src", "action", "formaction") and scheme:
                self.found.append(f"<{tag} {name}={value!r}>")


@pytest.mark.parametrize("html", [False, True], ids=["raw-html-off", "raw-html-on"])
def test_no_hostile_text_turns_into_script(tmp_path: Path, html: bool) -> None:
    site = _hostile_site(tmp_path, html)
    result = build(site)
    assert result.exit_code == 0, result.output
    out = site / "public"
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser = _Scripts()
        parser.feed(text)
        assert parser.found == [], page
        allowed = {"application/ld+json"} | {t for t in parser.script_types if t.endswith(".js")}
        unexpected = [t for t in parser.script_types if t not in allowed]
        assert unexpected == [], page
        assert "looploop" not in text  # article text is never evaluated by Jinja
    article = (out / "world/evil/index.html").read_text(encoding="utf-8")
    assert "{{ 7 * 7 }}" in article and "{% for x in range(3) %}" in article
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', article, re.S)
    assert ld is not None
    data = json.loads(ld.group(1))
    assert data["headline"] == "Title " + ALL
    assert "</script" not in ld.group(1).lower()


def test_feeds_and_sitemaps_stay_well_formed_xml(tmp_path: Path) -> None:
    site = _hostile_site(tmp_path, html=True)
    assert build(site).exit_code == 0
    out = site / "public"
    sitemap = "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    roots = {
        "feed.xml": "rss",
        "atom.xml": "{http://www.w3.org/2005/Atom}feed",
        "world/feed.xml": "rss",
        "sitemap.xml": sitemap,
        "news-sitemap.xml": sitemap,
    }
    for name, root in roots.items():
        tree = etree.parse(str(out / name))  # raises on malformed XML
        assert tree.getroot().tag == root, name
    bodies = [
        element.text or ""
        for name in ("feed.xml", "atom.xml")
        for element in etree.parse(str(out / name)).iter(
            "{http://purl.org/rss/1.0/modules/content/}encoded",
            "{http://www.w3.org/2005/Atom}content",
        )
    ]
    assert bodies and all("raw</a>" in body for body in bodies)
    for body in bodies:  # the HTML a feed reader will display
        parser = _Scripts()
        parser.feed(body)
        assert parser.found == []
        assert parser.script_types == []  # raw HTML on: sanitised, the writer's script too
