"""Raw HTML in Markdown: `markdown.html = true` sanitises it (nh3), "unsafe" passes it
with a warning. A corpus of known XSS vectors (tests/data/xss_vectors.txt) is built into
a site and every page, feed and JSON file is searched for live script with a real HTML
parser; test_browser_rawhtml.py opens the pages in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SITE_TOML, article, build, make_site
from livescript import live_script
from lxml import etree

from atlasgen.content.markdown import MarkdownRenderer, MarkdownSettings
from atlasgen.content.rawhtml import sanitize_html

VECTORS = [
    line
    for line in (Path(__file__).parent / "data/xss_vectors.txt").read_text().splitlines()
    if line and not line.startswith("#")
]
SAFE = MarkdownRenderer(MarkdownSettings(html=True))


def test_the_corpus_holds_at_least_40_vectors() -> None:
    assert len(VECTORS) >= 40


def test_every_vector_is_live_when_not_sanitised() -> None:
    """The checker sees each vector that the browser would run as it stands (those that
    only old browsers ran, e.g. `expression()`, are flagged through their element or
    attribute anyway)."""
    missed = [v for v in VECTORS if not live_script(v, fragment=True)]
    assert len(missed) <= len(VECTORS) // 4, missed


@pytest.mark.parametrize("vector", VECTORS)
def test_no_vector_survives_the_sanitiser(vector: str) -> None:
    html = SAFE.render(vector + "\n")
    assert live_script(html, fragment=True) == [], html
    assert live_script(f"<p>{html}</p>", fragment=True) == []  # in another context too


MARKDOWN = """\
## A heading

Text with *emphasis*, **strong**, `code`, ~~struck~~, a [link](/world/a/ "Title"),
an [outside link](https://example.org/) and ![a picture](/images/a.jpg).[^1]

| Left | Right |
|:-----|------:|
| a    | 1     |

```python
print("hi")
```

1. one
2. two

> quoted

---

[^1]: A footnote.
"""


def _shape(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    import html5lib

    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return [
        (element.tag, sorted(element.attrib.items()))
        for element in root.iter()
        if isinstance(element.tag, str)
    ]


def test_the_sanitiser_keeps_everything_markdown_makes() -> None:
    plain = MarkdownRenderer(MarkdownSettings(html=False)).render(MARKDOWN)
    assert _shape(SAFE.render(MARKDOWN)) == _shape(plain)
    assert 'style="text-align:right"' in SAFE.render(MARKDOWN)


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("<details><summary>More</summary>Text</details>", "<details><summary>More"),
        (
            '<iframe src="https://www.youtube-nocookie.com/embed/x1" title="Video"></iframe>',
            'src="https://www.youtube-nocookie.com/embed/x1"',
        ),
        ('<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">', 'src="data:image/png'),
        ('<a href="mailto:desk@example.org">Desk</a>', 'href="mailto:desk@example.org"'),
        ('<table><tr><td colspan="2">Cell</td></tr></table>', '<td colspan="2">Cell</td>'),
    ],
)
def test_useful_raw_html_is_kept(raw: str, kept: str) -> None:
    assert kept in sanitize_html(raw)


@pytest.mark.parametrize(
    "raw",
    [
        '<iframe src="https://evil.example.com/x"></iframe>',
        '<iframe src="http://www.youtube-nocookie.com/embed/x"></iframe>',
        '<iframe src="//www.youtube-nocookie.com/embed/x"></iframe>',
    ],
)
def test_an_iframe_shows_only_a_known_players_page_over_https(raw: str) -> None:
    assert sanitize_html(raw) == "<iframe></iframe>"


def _corpus_site(root: Path, html: str) -> Path:
    files = {
        f"content/world/vector-{n:03d}.md": article(
            title=f"Vector {n}", slug=f"vector-{n:03d}", body=f"Before.\n\n{vector}\n\nAfter.\n"
        )
        for n, vector in enumerate(VECTORS)
    }
    return make_site(root, files, SITE_TOML + f"\n[markdown]\nhtml = {html}\n")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_live_script_in_any_page_feed_or_json_file(tmp_path: Path) -> None:
    site = _corpus_site(tmp_path, "true")
    result = build(site)
    assert result.exit_code == 0, result.output
    out = site / "public"
    found: dict[str, list[str]] = {}
    for page in sorted(out.rglob("*.html")):
        found[str(page.relative_to(out))] = live_script(page.read_text(encoding="utf-8"))
    feeds = sorted(out.rglob("*.xml"))
    assert any(f.name == "atom.xml" for f in feeds)
    for feed in feeds:  # every text a feed reader may show as HTML
        texts = [e.text or "" for e in etree.parse(str(feed)).iter() if isinstance(e.tag, str)]
        found[str(feed.relative_to(out))] = [
            p for text in texts for p in live_script(text, fragment=True)
        ]
    for data in sorted(out.rglob("*.json")):
        strings = _strings(json.loads(data.read_text(encoding="utf-8")))
        found[str(data.relative_to(out))] = [
            p for text in strings for p in live_script(text, fragment=True)
        ]
    assert {name: problems for name, problems in found.items() if problems} == {}
    assert "After." in (out / "world/vector-000/index.html").read_text(encoding="utf-8")


def test_unsafe_html_passes_as_written_with_one_warning_per_build(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(body="<script>window.x = 1</script>\n"),
            "content/world/b.md": article(title="Other", body='<b onclick="go()">b</b>\n'),
        },
        SITE_TOML + '\n[markdown]\nhtml = "unsafe"\n',
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    warning = (
        'site.toml:6: warning: markdown.html: "unsafe": raw HTML is published as written, '
        "scripts and event handlers included (true sanitises it)"
    )
    assert result.stderr.splitlines().count(warning) == 1, result.stderr
    assert warning in result.stderr
    page = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert "<script>window.x = 1</script>" in page
    assert build(site).stderr.count("warning: markdown.html") == 1


def test_a_markdown_html_value_other_than_true_false_or_unsafe_is_an_error(
    tmp_path: Path,
) -> None:
    site = make_site(
        tmp_path, {"content/world/a.md": article()}, SITE_TOML + '\n[markdown]\nhtml = "yes"\n'
    )
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "site.toml:6: markdown.html: 'yes' is not true, false or \"unsafe\""
    )
