"""Markdown -> HTML with markdown-it-py (the only importer of markdown_it).

CommonMark plus tables, strikethrough and footnotes; headings get ids; raw HTML is off
unless the site turns it on. Root-relative links and images get the site's base path,
external links get rel="noopener".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .slugs import slugify


@dataclass(frozen=True)
class MarkupSettings:
    html: bool = False
    base_path: str = ""


class Markup:
    """A configured renderer; build one per process and reuse it."""

    def __init__(self, settings: MarkupSettings) -> None:
        self.settings = settings
        md = MarkdownIt("commonmark", {"html": settings.html, "linkify": False})
        md.enable(["table", "strikethrough"])
        md.use(footnote_plugin)
        md.use(anchors_plugin, min_level=2, max_level=4, slug_func=_heading_id)
        site_path = self._site_path

        def link_open(
            renderer: RendererHTML,
            tokens: Sequence[Token],
            idx: int,
            options: OptionsDict,
            env: EnvType,
        ) -> str:
            token = tokens[idx]
            href = str(token.attrGet("href") or "")
            token.attrSet("href", site_path(href))
            if href.startswith(("http://", "https://", "//")):
                token.attrSet("rel", "noopener")
            return renderer.renderToken(tokens, idx, options, env)

        def image(
            renderer: RendererHTML,
            tokens: Sequence[Token],
            idx: int,
            options: OptionsDict,
            env: EnvType,
        ) -> str:
            token = tokens[idx]
            token.attrSet("src", site_path(str(token.attrGet("src") or "")))
            token.attrSet("loading", "lazy")
            result: Any = renderer.image(tokens, idx, options, env)
            return str(result)

        # markdown-it binds each rule to the renderer, which arrives as the first argument.
        md.add_render_rule("link_open", link_open)
        md.add_render_rule("image", image)
        self.md = md

    def render(self, text: str) -> str:
        return str(self.md.render(text))

    def render_inline(self, text: str) -> str:
        return str(self.md.renderInline(text))

    def _site_path(self, url: str) -> str:
        if url.startswith("/") and not url.startswith("//"):
            return self.settings.base_path + url
        return url


def _heading_id(text: str) -> str:
    return slugify(text) or "section"
