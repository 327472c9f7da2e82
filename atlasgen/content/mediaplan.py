"""The load stage's part of body media: which local pictures, videos and audio files each
published story's body shows, checked against content/ before anything is rendered.

Only stories whose links name such a file (`Article.links`, found while parsing) have
their body read and parsed again, so a site of text stories pays nothing. A missing file
is an error at the body's own line; a picture with an empty alt text a warning (found
while parsing, `empty_alt_warnings`, for pictures from other sites too).

What it finds is kept per story (`BodyMedia.used`) so that a story's page and feed entry
change when a picture or file it shows does (`BodyMedia.stamp`), as a hero picture's do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.cache import BuildCache
from ..core.errors import Diagnostic, error, warning
from ..core.hashing import digest
from ..core.lines import count_breaks
from .bodymedia import AUDIO, VIDEO, Found, MediaFile, MediaFiles, guess_type, media_kind
from .images import ImageIndex, Wanted
from .layout import CONTENT
from .model import Article
from .references import POSTERS, resolve

PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
_NAMED = PICTURES + tuple(VIDEO) + tuple(AUDIO)


@dataclass(frozen=True)
class BodyMedia:
    """The local files each published story's body shows, and what is known of them."""

    files: MediaFiles = field(default_factory=MediaFiles)
    used: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  #: source -> paths

    def with_images(self, images: ImageIndex) -> BodyMedia:
        return BodyMedia(MediaFiles(images, self.files.files), self.used)

    def stamp(self, article: Article) -> str:
        """What the story's body shows of its files ("" for none): part of its page's
        and its rendered body's keys."""
        paths = self.used.get(article.source)
        if not paths:
            return ""
        images, files = self.files.images, self.files.files
        return digest("media", *(f"{p} {images.get(p)!r} {files.get(p)!r}" for p in paths))

    def enclosure(self, article: Article) -> tuple[str, MediaFile] | None:
        """The first video or audio file of the story's body, for its feed entry."""
        for path in self.used.get(article.source, ()):
            known = self.files.files.get(path)
            if known is not None:
                return path, known
        return None


Parse = Callable[[str], list[Found]]  #: a body's pictures and media links (MarkdownRenderer)
ReadBody = Callable[[Article], str]


def _names_media(article: Article) -> bool:
    return any(
        PurePosixPath(link.target.split("?", 1)[0]).suffix.lower() in _NAMED
        for link in article.links
    )


def find_body_media(
    content_dir: Path,
    articles: Iterable[Article],
    read_body: ReadBody,
    parse: Parse,
    cache: BuildCache | None = None,
    context: str = "",
) -> tuple[BodyMedia, list[Wanted], list[Diagnostic]]:
    """The body media of these stories, the local pictures to plan (images.plan_images)
    and an error for each file that is missing. What a story's body names is kept in the
    build cache by the hash of its file (`Article.key`) and `context` (what else the parse
    reads: the Markdown settings), so a rebuild reads no body again."""
    files: dict[str, MediaFile] = {}
    used: dict[str, tuple[str, ...]] = {}
    wanted: list[Wanted] = []
    problems: list[Diagnostic] = []
    parsed = _Parsed(cache, read_body, parse, context)
    for article in articles:
        if not _names_media(article):
            continue
        paths: list[str] = []
        for found in parsed.media(article):
            rel = resolve(found.src, article.url or "/") if _is_local(found.src) else None
            if rel is None:
                continue
            line = article.body_line + found.line
            kind = media_kind(rel) if found.kind == "media" else "image"
            if not (content_dir / rel).is_file():
                message = f"{found.src!r} is not a file under {CONTENT}/"
                problems.append(error(article.source, line, kind, message))
                continue
            paths.append(f"/{rel}")
            if kind == "image":
                wanted.append(Wanted(f"/{rel}", article.source, line))
            else:
                files[f"/{rel}"] = _media_file(content_dir, rel)
        used[article.source] = tuple(paths)
    parsed.save()
    return BodyMedia(MediaFiles({}, files), used), wanted, problems


class _Parsed:
    """Each body's pictures and media links, from the build cache when its file's hash
    is there (the Markdown parse costs about a millisecond a story)."""

    NAME = "body media"
    KEY = "body media 1"  #: what the parse gives: change it when `Found` or the rule does

    def __init__(
        self, cache: BuildCache | None, read_body: ReadBody, parse: Parse, context: str
    ) -> None:
        self.cache, self.read_body, self.parse = cache, read_body, parse
        self.key = f"{self.KEY}\n{context}"
        found = cache.results.get(self.NAME, self.key) if cache is not None else None
        self.old: dict[str, list[Found]] = found if isinstance(found, dict) else {}
        self.new: dict[str, list[Found]] = {}

    def media(self, article: Article) -> list[Found]:
        found = self.old.get(article.key) if article.key else None
        if found is None:
            found = self.parse(self.read_body(article))
        if article.key:
            self.new[article.key] = found
        return found

    def save(self) -> None:
        if self.cache is not None and self.new != self.old:
            self.cache.results.put(self.NAME, self.key, self.new)


def _is_local(src: str) -> bool:
    return bool(src) and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//|#", src)


def _media_file(content_dir: Path, rel: str) -> MediaFile:
    """A video or audio file's size and type, and a video's same-named picture."""
    size = os.stat(content_dir / rel).st_size
    poster = ""
    if media_kind(rel) == "video":
        stem = PurePosixPath(rel).with_suffix("")
        for suffix in POSTERS:
            if (content_dir / f"{stem}{suffix}").is_file():
                poster = f"/{stem}{suffix}"
                break
    return MediaFile(size, guess_type(rel), poster)


#: A picture with an empty alt text: `![](` or `![ ][ref]`, as typed.
_EMPTY_ALT = re.compile(r"!\[[ \t]*\][(\[]")


def empty_alt_warnings(text: str, source: str, first_line: int) -> list[Diagnostic]:
    """A warning for each picture of a body (starting at `first_line`) without alt text."""
    found, line, counted = [], first_line, 0
    for match in _EMPTY_ALT.finditer(text) if "![" in text else ():
        line += count_breaks(text, counted, match.start())
        counted = match.start()
        found.append(
            warning(
                source,
                line,
                "image",
                "the picture has no alt text",
                "describe it for readers who cannot see it: ![what it shows](...)",
            )
        )
    return found
