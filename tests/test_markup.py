"""Markdown rendering gives what markdown-it and the anchors plugin gave (the shortcuts
that lean on markdown-it are checked in test_compat.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from atlasgen.content.markdown import MarkdownRenderer, MarkdownSettings
from atlasgen.content.rawhtml import sanitize_html
from atlasgen.core.slugs import slugify

# -- heading ids: the same as mdit-py-plugins' anchors plugin with slugify ---------------


def reference(markup: MarkdownRenderer) -> MarkdownIt:
    """How `MarkdownRenderer` was set up before its own heading rule and link shortcut:
    the anchors plugin and markdown-it's own normalising, the same link and image rules."""
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
    expected = reference(markup).render(text)
    assert markup.render(text) == (sanitize_html(expected) if html else expected)
