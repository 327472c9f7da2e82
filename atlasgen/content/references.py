"""What a story uses from content/: its hero picture, and every link and image its text
points at on the site (and a linked video's poster).

The links are found when the article's file is parsed, and kept with its front matter in
the build cache (`Article.links`), because the body is not kept: a build must know what a
held-back story uses without reading, let alone rendering, its body. They are found by a
scan of the text for the places Markdown puts a destination — `](dest)`, a reference
definition `[label]: dest`, an HTML `src`/`href`/`poster` — not by a Markdown parse: that
costs as much as rendering the body (about a millisecond a story), and pages render it
once already. The scan errs on the side of "used": a path written as a link inside a code
sample counts too, which can only hold a file back with an unpublished story or publish a
file a published story names.

Only site-local destinations are kept (no scheme, no host): what `resolve` can map to a
file under content/, and what the link check (site/linkcheck.py) needs, anchors of the
page itself ("#notes") included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from typing import Any
from urllib.parse import unquote, urljoin

from ..core.lines import count_breaks
from .model import Article, Link, LiveUpdate

#: `](dest` of an inline link or image: <dest> or a run without spaces (one level of
#: balanced parentheses and backslash escapes inside, as CommonMark allows).
_INLINE = re.compile(
    r"\]\([ \t]*\n?[ \t]*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))"
)
#: `[label]: dest` at the start of a line: a link reference definition (a footnote's
#: `[^1]: text` is none).
_DEFINITION = re.compile(
    r"^[ ]{0,3}\[(?!\^)(?:[^\]\\\n]|\\.)+\]:[ \t]*\n?[ \t]*(?:<([^<>\n]*)>|(\S+))", re.MULTILINE
)
#: An HTML tag, and an attribute in it that loads or links a URL (raw HTML, where a site
#: allows it). Tags are found first: an attribute pattern tried at every word is slow.
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_ATTRIBUTE = re.compile(
    r"""\s(?:src|href|poster)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'=<>`]+))""",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: A fenced code block (to its closing fence, or the end of the text), and a code span.
_FENCED = re.compile(
    r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ ]{0,3}\1[`~]*[ \t]*(?:\n|$)|"
    r"^[ ]{0,3}(?:`{3,}|~{3,})[^\n]*(?:\n.*)?\Z",
    re.MULTILINE | re.DOTALL,
)
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
MARKDOWN, HTML, CODE = "", "html", "code"  #: kinds of Link
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
#: What only the full resolution handles: escapes, entities, %XX, queries, fragments,
#: "." and ".." segments, doubled or surrounding blanks.
_UNPLAIN = re.compile(r"[\\&%?#\s]|/\.|//")


def find_links(text: str, first_line: int = 1) -> tuple[Link, ...]:
    """The site-local destinations in Markdown text, each with its file line (the text
    starting at `first_line`), in the order they appear."""
    found = _local_destinations(text)
    if not found:
        return ()
    found.sort()
    code = _code_spans(text) if "`" in text or "~~~" in text else []
    links: list[Link] = []
    line, counted = first_line, 0
    for start, target, kind in found:
        line += count_breaks(text, counted, start)
        counted = start
        if code and any(low <= start < high for low, high in code):
            kind = CODE
        links.append(Link(target, line, kind))
    return tuple(links)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where the text has code (fenced blocks, inline spans): a link written there is a
    sample, shown as text. Found as a scan, like the links: indented code blocks are not
    told from a list's continued lines without a parse, and stay links."""
    spans = [(m.start(), m.end()) for m in _FENCED.finditer(text)]
    for match in _INLINE_CODE.finditer(text):
        if not any(low <= match.start() < high for low, high in spans):
            spans.append((match.start(), match.end()))
    return spans


def _local_destinations(text: str) -> list[tuple[int, str, str]]:
    """(where, destination, kind) for every site-local destination in the text. Each kind is
    looked for only when its telltale characters are there at all, which is cheap to ask;
    links to other sites, the most common kind, are dropped before anything else."""
    found = []
    for hint, pattern in (("](", _INLINE), ("]:", _DEFINITION)):
        if hint in text:
            for match in pattern.finditer(text):
                index = 1 if match.group(1) is not None else 2  # <dest> or dest
                if _is_local(match.group(index)):
                    found.append((match.start(index), match.group(index), MARKDOWN))
    if "<" in text:
        for tag in _TAG.finditer(text):
            for match in _ATTRIBUTE.finditer(tag.group()):
                index = next(i for i in (1, 2, 3) if match.group(i) is not None)
                if _is_local(match.group(index)):
                    where = tag.start() + match.start(index)
                    found.append((where, match.group(index), HTML))
    return found


def _is_local(target: str) -> bool:
    """A destination on this site: a path, or an anchor of the same page ("#notes";
    kept for the link check, which finds the page's anchors)."""
    if target.startswith(("https:", "http:")):
        return False
    return target not in ("", "#") and not target.startswith("//") and not _SCHEME.match(target)


def story_links(article: Article) -> tuple[Link, ...]:
    """The site-local links of an article's body and takeaways (the body must still be
    in the article: the loader calls this while parsing)."""
    links = list(find_links(article.body, article.body_line))
    for number, takeaway in enumerate(article.takeaways):
        links += find_links(takeaway, article.line_of("takeaways", number))
    return tuple(links)


def resolve(target: str, page_url: str) -> str | None:
    """The path under content/ that a site-local link on the page at `page_url` points
    at ("../spec.pdf" on "/world/story/" -> "world/spec.pdf"), as a browser would find it:
    escapes and entities undone, query and fragment dropped, relative paths joined to the
    page's URL, %XX decoded. None for a folder or the site's root."""
    if target.startswith("/") and not _UNPLAIN.search(target):  # most are: a build asks
        rel = target[1:]  # for every link of every story, 50,000 at 10,000 stories
        return rel if rel and not rel.endswith("/") else None
    path = unescape(_ESCAPE.sub(r"\1", target)).strip()
    path = path.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    rel = unquote(urljoin(page_url or "/", path)).lstrip("/")
    if not rel or rel.endswith("/") or ".." in rel.split("/"):
        return None
    return rel


def files_used(article: Article) -> set[str]:
    """Every path under content/ the article's page points at: its hero picture, its
    links and images, and root-relative paths among its `extra` values (which a theme
    may link)."""
    used: set[str] = set()
    if article.image is not None and not article.image.external:
        used.add(article.image.src.lstrip("/"))
    for target, _line, _kind in article.links:
        rel = resolve(target, article.url)
        if rel is not None:
            used.add(rel)
            used.update(poster_names(rel))
    for update in article.updates:  # a live blog's page shows its updates
        used |= update_files_used(update, article.url)
    for text in _texts(article.extra):
        if text.startswith("/") and not text.startswith("//"):
            rel = resolve(text, "/")
            if rel is not None:
                used.add(rel)
    return used


def update_files_used(update: LiveUpdate, page_url: str) -> set[str]:
    """The paths under content/ a live update points at, on its blog's page."""
    used = {rel for target, *_rest in update.links if (rel := resolve(target, page_url))}
    if update.image is not None and not update.image.external:
        used.add(update.image.src.lstrip("/"))
    return used


#: A video's poster: a picture of the same name beside it ("clip.mp4" -> "clip.jpg").
VIDEOS = (".mp4", ".webm")
POSTERS = (".jpg", ".jpeg", ".png", ".webp")


def poster_names(rel: str) -> list[str]:
    """The paths a video's poster may have (none for another file): the page shows it."""
    if not rel.lower().endswith(VIDEOS):
        return []
    stem = rel.rsplit(".", 1)[0]
    return [stem + suffix for suffix in POSTERS]


def _texts(value: Any) -> Iterable[str]:
    """The strings inside a front-matter value, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
