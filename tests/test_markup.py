"""Markdown rendering shortcuts give exactly what markdown-it gives."""

from __future__ import annotations

import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from atlasgen.content.markdown import _INLINE_SYNTAX, MarkdownRenderer, MarkdownSettings
from atlasgen.core.slugs import slugify

MARKUP = MarkdownRenderer(MarkdownSettings())
LIBRARY = MarkdownIt("commonmark")

#: Plain words with, now and then, a character that is Markdown syntax somewhere.
takeaway_text = st.text(
    alphabet=st.sampled_from("ab ,.'\"()é€“”\t")
    | st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=40,
)


@given(takeaway_text)
@example("Prices rose 5% to $3bn - a record: the *highest* since [2020](https://e.org)")
@example('A <b>bold</b> & "quoted" claim')
@example("Line one\r\nline two\0")
@example("  spaces around  ")
def test_inline_markdown_is_what_markdown_it_makes(text: str) -> None:
    assert MARKUP.render_inline(text) == MARKUP.inline_md.renderInline(text)


def test_a_plain_sentence_is_escaped_without_a_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*args: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(MARKUP.inline_md, "parseInline", parse)
    assert MARKUP.render_inline('Growth "beat" forecasts, officials said.') == (
        "Growth &quot;beat&quot; forecasts, officials said."
    )


def test_the_shortcut_stops_at_every_character_markdown_it_stops_at() -> None:
    found = getattr(MARKUP.inline_md.inline, "terminator_re", None)  # markdown-it-py >= 4
    if found is None:
        pytest.skip("this markdown-it-py has no terminator_re")
    stops = [chr(c) for c in range(0x3000) if found.match(chr(c))]
    assert stops
    assert [c for c in stops if not _INLINE_SYNTAX.match(c)] == []


# -- links: the quick normalising gives what the library gives ---------------------------

#: Pieces of URLs, plain and tricky: what mdurl parses as scheme, auth, host and port,
#: and what its encoding changes ("%", non-ASCII, spaces, brackets, backslashes).
SCHEMES = ["", "http:", "https:", "HTTP:", "Https:", "mailto:", "ftp:", "javascript:", "data:",
           "file:", "x-y.z+1:", "skype:", "1:"]  # fmt: skip
SLASHES = ["", "/", "//", "///", "\\"]
AUTHS = ["", "user@", "@", "a:b@", "a@b@", "us er@", "ü@"]
HOSTS = ["example.org", "EXAMPLE.org", "a", "a.b.c", "a..b", "a.", ".a", "-a-", "a_b", "a+b",
         "xn--bcher-kva.example", "bücher.example", "例え.テスト", "[::1]", "[2001:db8::7]",
         "[abc]", "a" * 63, "a" * 64, ("abcdefgh." * 29)[:-1], ("abcdefgh." * 28)[:-1], "a!b",
         "a;b", "a%41", "a b", "a'b", "1.2.3.4", "", "a:", "a::"]  # fmt: skip
PORTS = ["", ":80", ":", ":8080", ":x", "::1"]
PATH = [*"azAZ09;/?:@&=+$,-_.!~*'()#%[]{}|\\^`\"<> \t\n", "%41", "%zz", "%4", "é", "😀"]
#: The same, but only what is common in articles: most of these take the shortcut.
PLAIN = [
    ["https://", "http://", "", "/"],
    [""],
    [""],
    HOSTS[:10],
    PORTS[:2],
    [*"az09/?#=&-~", "%41"],
]


def random_link(rng: random.Random) -> str:
    """A URL-like string of the pieces above, each from the plainer ones half the time."""
    pieces = [SCHEMES, SLASHES, AUTHS, HOSTS, PORTS, PATH]
    *head, path = [rng.choice(pair) for pair in zip(PLAIN, pieces, strict=True)]
    return "".join(map(rng.choice, head)) + "".join(rng.choices(path, k=rng.randrange(12)))


REAL_URLS = [
    "https://example.org/r/0",
    "https://www.reuters.com/world/europe/some-story-2026-04-09/",
    "https://en.wikipedia.org/wiki/Caf%C3%A9",
    "https://en.wikipedia.org/wiki/Café",
    "https://example.com/search?q=a+b&lang=en#results",
    "https://example.com:8443/a/b;c?d=e",
    "http://localhost:8000/",
    "HTTPS://EXAMPLE.COM/A",
    "https://user:pass@example.com/",
    "https://例え.テスト/パス",
    "https://[2001:db8::1]:8080/x",
    "//cdn.example.com/lib.js",
    "/2024/04/old-story/",
    "/images/a b.jpg",
    "../up/one",
    "#footnote-1",
    "?page=2",
    "mailto:desk@example.org?subject=Tip",
    "mailto:Desk@EXAMPLE.org",
    "tel:+44-20-7946-0000",
    "javascript:alert(1)",
    "data:image/png;base64,iVBORw0KGgo=",
    "ftp://files.example.org/pub",
    "https://example.org/100%",
    "https://example.org/a%2",
    "https://example.org/%7euser",
    "https://example.org/it's",
    "https://example.org/path\\back",
    "https://example.org./trailing-dot",
    "https://" + "a" * 64 + ".com/x",
    "https://" + "a" * 64 + ".com:80/x",
    "https://" + ("abcdefgh." * 29)[:-1] + "/x",
    "",
]


@given(st.randoms(use_true_random=True))
@settings(deadline=None)
def test_link_normalising_is_what_markdown_it_makes(rng: random.Random) -> None:
    links = [random_link(rng) for _ in range(200)]
    assert [MARKUP.md.normalizeLink(u) for u in links] == [LIBRARY.normalizeLink(u) for u in links]


@pytest.mark.parametrize("url", REAL_URLS)
def test_real_links_are_normalised_as_markdown_it_does(url: str) -> None:
    assert MARKUP.md.normalizeLink(url) == LIBRARY.normalizeLink(url)


def test_plain_links_skip_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    def normalize(*args: object) -> None:
        raise AssertionError("normalised")

    monkeypatch.setattr(MarkdownIt, "normalizeLink", normalize)
    for url in ("https://example.org/r/0?a=1#b", "/2024/04/story/", "#note", "a%C3%A9/b"):
        assert MARKUP.md.normalizeLink(url) == url


# -- heading ids: the same as mdit-py-plugins' anchors plugin with slugify ---------------


def reference(markup: MarkdownRenderer) -> MarkdownIt:
    """How `MarkdownRenderer` was set up before its own heading rule and link shortcut: the anchors
    plugin and markdown-it's own normalising, with the same link and image rules."""
    md = MarkdownIt("commonmark", {"html": markup.settings.html, "linkify": False})
    md.enable(["table", "strikethrough"])
    if not markup.settings.html:
        md.disable(["html_block", "html_inline"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=lambda t: slugify(t) or "section")
    for name in ("link_open", "image"):
        md.add_render_rule(name, markup.md.renderer.rules[name].__func__)
    return md


BLOCKS = [
    "## Rate chip data",
    "### Rate chip data",
    "#### `code` and *stress*",
    "# Top",
    "##### Five",
    "## C++ & C#",
    "## Élections",
    "## ",
    "## !!!",
    "## Rate chip data-1",
    "Setext heading\n---",
    "Words [a link](https://example.org/r/0) and ![pic](/img/a.jpg) and [x](<a b>).",
    'See [Café](https://en.wikipedia.org/wiki/Café) or [up](../x "t").',
    "Note.[^1]\n\n[^1]: ## In a footnote",
    "> ## Quoted heading",
    "- ## Listed heading\n- item",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "    ## indented code",
    "```\n## fenced\n```",
    "Plain paragraph with <b>html</b>.",
]


@given(st.lists(st.sampled_from(BLOCKS), max_size=10), st.booleans())
@settings(max_examples=300)
def test_rendering_is_what_the_anchors_plugin_made(blocks: list[str], html: bool) -> None:
    markup = MarkdownRenderer(MarkdownSettings(html=html, base_path="/news"))
    text = "\n\n".join(blocks)
    assert markup.render(text) == reference(markup).render(text)
