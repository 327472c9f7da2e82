"""Markdown -> HTML with markdown-it-py (its only importer, with _compat/markdown_it.py).

CommonMark plus tables, strikethrough and footnotes; headings get ids; raw HTML is off
unless the site turns it on (`markdown.html = true`: then each body is cleaned by
rawhtml.py; "unsafe": published as written). Root-relative links and images get the
site's base path, external links get rel="noopener"; paragraphs of a lone URL, link or
pictures become embeds, players, figures and galleries (bodymedia.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

from .._compat.markdown_it import PlainLinkMarkdownIt, render_inline
from ..core.slugs import slugify
from .bodymedia import Found, body_media, held_out, media_plugin
from .rawhtml import POLICY, sanitize_html


@dataclass(frozen=True)
class MarkdownSettings:
    html: bool | str = False  #: True: raw HTML, sanitised; "unsafe": raw HTML as written
    base_path: str = ""


class MarkdownRenderer:
    """A configured renderer; build one per process and reuse it."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self.settings = settings
        #: What else decides a rendered body: the sanitiser's rules, when it runs.
        self.policy = POLICY if settings.html is True else ""
        md = PlainLinkMarkdownIt("commonmark", {"html": settings.html, "linkify": False})
        md.enable(["table", "strikethrough"])
        if not settings.html:  # they would only say no, at every line and every "<"
            md.disable(["html_block", "html_inline"])
        md.use(footnote_plugin)
        site_path = self._site_path
        md.use(media_plugin, site_path)

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

        # markdown-it binds each rule to the renderer, which arrives as the first argument.
        md.add_render_rule("link_open", link_open)
        md.add_render_rule("heading_open", _heading_open)
        self.md = md
        self.inline_md = PlainLinkMarkdownIt("commonmark", {"html": False}).enable(
            ["strikethrough"]
        )
        self.inline_md.disable("html_inline")

    def render(self, text: str, env: EnvType | None = None) -> str:
        """The body's HTML. `env` may carry the page's URL ("page_url"), what the build
        knows of the files the body names ("media", a bodymedia.MediaFiles) and whether
        the story shows a hero picture ("hero")."""
        if self.settings.html is True:  # media blocks are atlasgen's own, not raw HTML
            return held_out(self.md, text, dict(env or {}), sanitize_html)
        return str(self.md.render(text, dict(env) if env else None))

    def media(self, text: str) -> list[Found]:
        """The pictures and media links of a body, each with its line (0-based)."""
        return body_media(self.md, text)

    def render_inline(self, text: str) -> str:
        """Inline Markdown from front matter (takeaways): never raw HTML, whatever the site's
        `markdown.html` says, since front-matter text is always escaped."""
        return render_inline(self.inline_md, text)

    def _site_path(self, url: str) -> str:
        if url.startswith("/") and not url.startswith("//"):
            return self.settings.base_path + url
        return url


#: The heading levels that get an id.
_ANCHORED = frozenset({"h2", "h3", "h4"})


def _heading_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Give h2-h4 an id from their text, "-1", "-2"... on repeats, as mdit-py-plugins'
    anchors plugin would, but while rendering: the plugin walks every token twice more
    to find the headings (and any ids of their own, which nothing here can give)."""
    token = tokens[idx]
    if token.tag in _ANCHORED:
        title = "".join(
            child.content
            for child in tokens[idx + 1].children or ()
            if child.type in ("text", "code_inline")
        )
        taken: set[str] = env.setdefault("heading_ids", set())
        slug = wanted = _heading_id(title)
        n = 1
        while slug in taken:
            slug = f"{wanted}-{n}"
            n += 1
        taken.add(slug)
        token.attrSet("id", slug)
    return renderer.renderToken(tokens, idx, options, env)


def _heading_id(text: str) -> str:
    return slugify(text) or "section"
