"""Rich media in a story's body, as a markdown-it plugin: what a paragraph holding nothing
but a URL, a link or pictures becomes.

A core rule, run after the inline parse, looks at each top-level paragraph:

- a URL alone (bare, `<autolink>` or `[title](url)`): an embed when a provider's pattern
  matches it exactly (embeds.py), else a plain link;
- a link alone to a local .mp4, .webm, .mp3 or .m4a: a video or audio player;
- pictures alone, one per line: a figure for one, a gallery for several.

It replaces the paragraph's tokens with one `media_block` token, which the render rule
turns into HTML (figures.py) with what the build knows of the site's files: the pictures'
variants and the media files (`MediaFiles`, handed over in markdown-it's `env`). Without
it (a test, a fuzz run), local pictures come out plain.

`body_media` runs the same parse for the load stage, which checks the files it names.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from .bodywords import BodyWords, english_words
from .embeds import EmbedText, facade_html, find_embed, link_html
from .figures import MediaLink, Picture, figure_html, gallery_html, media_html, picture_html
from .images import ImageSet
from .references import resolve

VIDEO = {".mp4": "video/mp4", ".webm": "video/webm"}
AUDIO = {".mp3": "audio/mpeg", ".m4a": "audio/mp4"}
#: A URL alone in its paragraph, as typed: nothing a browser would read as its end.
_BARE_URL = re.compile(r"https?://[^\s<>\"'`\\]+")


@dataclass(frozen=True)
class MediaFiles:
    """What a build knows of the files a body names: each local picture's variants and
    each video or audio file's size, by site path ("/images/a.jpg")."""

    images: Mapping[str, ImageSet] = field(default_factory=dict)
    files: Mapping[str, MediaFile] = field(default_factory=dict)


@dataclass(frozen=True)
class MediaFile:
    size: int  #: bytes, for a feed's enclosure
    type: str  #: MIME type
    poster: str = ""  #: site path of a same-named picture, for a video


@dataclass(frozen=True)
class Block:
    """What a paragraph became: one of "link", "media", "pictures"."""

    kind: str
    url: str = ""  #: a link's destination
    text: str = ""  #: a link's text
    pictures: tuple[Picture, ...] = ()
    lines: tuple[int, ...] = ()  #: each picture's line in the text (0-based)


@dataclass(frozen=True)
class Found:
    """A picture or media link of a body, for the load stage's checks."""

    kind: str  #: "picture" or "media"
    src: str
    alt: str
    line: int  #: 0-based line in the body text


def media_kind(path: str) -> str:
    """ "video", "audio" or "" for a destination, by its suffix."""
    suffix = PurePosixPath(path.split("?", 1)[0].split("#", 1)[0]).suffix.lower()
    return "video" if suffix in VIDEO else "audio" if suffix in AUDIO else ""


def _plain_text(tokens: Sequence[Token] | None) -> str:
    return "".join(
        t.content if t.type in ("text", "code_inline") else _plain_text(t.children)
        for t in tokens or ()
    )


def _is_local(url: str) -> bool:
    return not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", url)


def classify(children: Sequence[Token], first_line: int) -> Block | None:
    """The block a paragraph's inline tokens make, or None for a paragraph of text."""
    shown = [t for t in children if not (t.type == "text" and not t.content.strip())]
    if shown and all(t.type in ("image", "softbreak") for t in shown):
        pictures, lines, line = [], [], first_line
        for token in shown:
            if token.type == "softbreak":
                line += 1
                continue
            title = str(token.attrGet("title") or "")
            pictures.append(
                Picture(str(token.attrGet("src") or ""), _plain_text(token.children), title)
            )
            lines.append(line)
        return Block("pictures", pictures=tuple(pictures), lines=tuple(lines))
    if len(shown) == 1 and shown[0].type == "text":
        url = shown[0].content.strip()
        return Block("link", url, url) if _BARE_URL.fullmatch(url) else None
    if len(shown) >= 2 and shown[0].type == "link_open" and shown[-1].type == "link_close":
        inside = shown[1:-1]
        if any(t.type in ("link_open", "image") for t in inside):
            return None
        href, text = str(shown[0].attrGet("href") or ""), _plain_text(inside).strip()
        if href.startswith(("https://", "http://")):
            return Block("link", href, text or href)
        if _is_local(href) and media_kind(href):
            return Block("media", href, "" if text == href else text)
    return None


def _collapse(state: StateCore) -> None:
    """The core rule: each top-level paragraph that is a media block becomes one token."""
    tokens, out, i = state.tokens, [], 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "paragraph_open" and token.level == 0 and i + 2 < len(tokens):
            inline = tokens[i + 1]
            start = inline.map[0] if inline.map else 0
            block = classify(inline.children or [], start)
            if block is not None:
                made = Token("media_block", "", 0)
                made.map, made.meta, made.block = inline.map, {"block": block}, True
                out.append(made)
                i += 3
                continue
        out.append(token)
        i += 1
    state.tokens = out


@dataclass(frozen=True)
class _Page:
    """What rendering a block needs beyond the block: the page's URL (relative paths),
    the files, the site path of a URL, and whether the story has a hero picture."""

    url: str
    files: MediaFiles
    href: Callable[[str], str]
    hero: bool
    words: BodyWords  #: what atlasgen writes itself, in the site's language


def _local(src: str, page: _Page) -> str:
    """The site path ("/images/a.jpg") of a local destination, or ""."""
    if not _is_local(src):
        return ""
    rel = resolve(src, page.url or "/")
    return f"/{rel}" if rel else ""


def _with_files(picture: Picture, page: _Page, first: bool) -> Picture:
    found = page.files.images.get(_local(picture.src, page))
    return Picture(picture.src, picture.alt, picture.title, found, first and not page.hero)


def render_block(block: Block, page: _Page, first: bool) -> str:
    """A media block's HTML; `first`: it opens the body."""
    if block.kind == "link":
        embed = find_embed(block.url)
        if embed is None:
            return link_html(block.url, block.text)
        return facade_html(embed, EmbedText(block.text), page.words)
    if block.kind == "media":
        path = _local(block.url, page)
        known = page.files.files.get(path)
        kind = media_kind(block.url)
        guessed = (VIDEO | AUDIO).get(PurePosixPath(path).suffix.lower(), "")
        poster = known.poster if known else ""
        link = MediaLink(block.url, block.text, kind, poster, known.type if known else guessed)
        return media_html(link, page.href, page.words)
    pictures = [_with_files(p, page, first and n == 0) for n, p in enumerate(block.pictures)]
    if len(pictures) == 1:
        return figure_html(pictures[0], page.href)
    return gallery_html(pictures, page.href, page.words)


def media_plugin(md: MarkdownIt, href: Callable[[str], str]) -> None:
    """Install the core rule and the render rules; `href` makes a site path a page's link
    (the site's base path)."""
    md.core.ruler.push("media_blocks", _collapse)

    def page_of(env: EnvType) -> _Page:
        return _Page(
            str(env.get("page_url", "/")),
            env.get("media") or MediaFiles(),
            href,
            bool(env.get("hero", False)),
            env.get("words") or english_words(),
        )

    def media_block(
        renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
    ) -> str:
        made = render_block(tokens[idx].meta["block"], page_of(env), idx == 0)
        held: list[str] | None = env.get(HELD)
        if held is None:
            return made
        held.append(made)  # kept out of raw HTML's cleaning: see `held_out`
        return f"<p>{env[MARKER]}-{len(held) - 1}</p>\n"

    def image(
        renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
    ) -> str:
        token = tokens[idx]
        picture = Picture(str(token.attrGet("src") or ""), _plain_text(token.children), "")
        return picture_html(_with_files(picture, page_of(env), False), href)

    md.add_render_rule("media_block", media_block)
    md.add_render_rule("image", image)


HELD, MARKER = "media_held", "media_marker"  #: env keys of `held_out`


def held_out(md: MarkdownIt, text: str, env: dict[str, Any], clean: Callable[[str], str]) -> str:
    """Render with the media blocks held out of `clean` (what a site that allows raw HTML
    runs on the body) and put back after: their buttons, data attributes and labels are
    atlasgen's own, made from parsed URLs and escaped, and a cleaner's allowlist for
    writers' HTML would strip them. Each block stands in the cleaned HTML as a paragraph
    holding a marker made from the hash of the text, which the text cannot contain."""
    marker = "atlasgen-media-" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
    held: list[str] = []
    env[HELD], env[MARKER] = held, marker
    html = clean(str(md.render(text, env)))
    if not held:
        return html
    return re.sub(rf"<p>{marker}-(\d+)</p>\n?", lambda m: held[int(m.group(1))], html)


def body_media(md: MarkdownIt, text: str) -> list[Found]:
    """Every picture and media link of a body, with its line, as the page will show them."""
    found: list[Found] = []
    for token in md.parse(text):
        if token.type == "media_block":
            block: Block = token.meta["block"]
            if block.kind == "media":
                line = token.map[0] if token.map else 0
                found.append(Found("media", block.url, block.text, line))
            for picture, line in zip(block.pictures, block.lines, strict=True):
                found.append(Found("picture", picture.src, picture.alt, line))
        elif token.type == "inline" and token.children:
            line = token.map[0] if token.map else 0
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "image":
                    src = str(child.attrGet("src") or "")
                    found.append(Found("picture", src, _plain_text(child.children), line))
    return found


def guess_type(path: str) -> str:
    """A media file's MIME type, by its suffix."""
    suffix = PurePosixPath(path).suffix.lower()
    return (VIDEO | AUDIO).get(suffix) or mimetypes.guess_type(path)[0] or ""
