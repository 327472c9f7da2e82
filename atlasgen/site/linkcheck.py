"""Internal links must lead somewhere: each link and image a writer put on the site
resolves to a page or file of this build, and its `#anchor` to an id on that page.

Pure: the uses of links (who wrote what, where, shown on which page), the build's URLs
(pageset.py) and a way to find a story page's anchors in; diagnostics out. Links are
resolved as a browser resolves them on the page that shows them, the base_url's path
included; links to other sites are never followed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from html import unescape
from typing import NamedTuple
from urllib.parse import unquote

from ..content.model import Article
from ..core.errors import Diagnostic, error
from .pageset import SitePages

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_CONTROLS = re.compile(r"[\x00-\x20]+")  #: what a browser drops from a URL before its scheme
#: What only the full resolution handles: escapes, entities, %XX, queries, fragments,
#: "." and ".." segments, doubled or surrounding blanks.
_UNPLAIN = re.compile(r"[\\&%?#\s]|/\.|//")
#: Dead links that get a "did you mean": each suggestion compares the URL with every one
#: of the site's, so a run with thousands (a botched import) must not take minutes.
SUGGESTED = 50


class LinkUse(NamedTuple):
    """A link as written (`target`), in `source` at `line`, shown on the page `page`
    (a site URL, against which a relative link resolves). A tuple: a build makes one
    for every link of every story."""

    source: str
    line: int
    target: str
    page: str = "/"


@dataclass(frozen=True)
class LinkCheck:
    """What links are checked against."""

    pages: SitePages
    anchors: Callable[[Article], Collection[str]]  #: the ids of a story's body
    base_path: str = ""
    fixed_ids: Collection[str] = frozenset()  #: the ids every page has (the theme's)
    #: Last URL segments of pages that may exist once their file loads (stories whose
    #: files failed this run): a link there is not called dead.
    pending: Collection[str] = frozenset()


@dataclass(frozen=True)
class Resolved:
    url: str  #: site URL ("/world/story/"), percent-decoded; "" outside the site
    fragment: str  #: the anchor without "#", percent-decoded; "" for none
    external: bool = False  #: a URL with a scheme once entities are undone: not checked


def resolve_link(target: str, page: str, base_path: str = "") -> Resolved:
    """Where a link written on the page at `page` leads, as a browser would find it:
    escapes and entities undone, query dropped, relative paths joined to the page's full
    URL (the base_url's path in front), "." and ".." segments removed (RFC 3986),
    "/x/index.html" taken as "/x/". A build resolves every link of every story (30,000
    at 10,000 stories), so a plain root path is taken as it is."""
    if target.startswith("/") and not _UNPLAIN.search(target):
        return Resolved(_index_page(target), "")
    text = target
    if "\\" in text or "&" in text:
        text = unescape(_ESCAPE.sub(r"\1", text))
        if _SCHEME.match(_CONTROLS.sub("", text)):  # "&#106;avascript:": not the site's
            return Resolved("", "", external=True)
    path, _, fragment = text.strip().partition("#")
    path = path.split("?", 1)[0]
    fragment = unquote(fragment) if "%" in fragment else fragment
    if not path:
        return Resolved(page, fragment)
    if path.startswith("/"):
        url = _without_dots(path)
    else:
        full = base_path + page
        full = _without_dots(full[: full.rfind("/") + 1] + path)
        if base_path and full != base_path and not full.startswith(base_path + "/"):
            return Resolved("", fragment)
        url = full[len(base_path) :] or "/"
    return Resolved(_index_page(unquote(url) if "%" in url else url), fragment)


def _without_dots(path: str) -> str:
    """A root path with its "." and ".." segments resolved; ".." stops at the root."""
    if "." not in path:
        return path
    segments = path.split("/")
    kept: list[str] = []
    for number, segment in enumerate(segments):
        last = number == len(segments) - 1
        if segment in (".", ".."):
            if segment == ".." and len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
            continue
        kept.append(segment)
    return "/".join(kept) if len(kept) > 1 else "/"


def _index_page(url: str) -> str:
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def check_internal_links(uses: Iterable[LinkUse], check: LinkCheck) -> list[Diagnostic]:
    """An error for each link to no page or file of the build, and for each anchor that
    is no id on the story page it points at."""
    found: list[Diagnostic] = []
    suggest = _Suggestions(check.pages)
    for use in uses:
        resolved = resolve_link(use.target, use.page, check.base_path)
        if resolved.external:
            continue
        if not check.pages.has(resolved.url):
            if _segment(resolved.url) not in check.pending:
                found.append(_dead(use, resolved, check, suggest))
            continue
        story = check.pages.stories.get(resolved.url)
        fragment = resolved.fragment
        if fragment and story is not None and story.url == resolved.url:
            if fragment in check.fixed_ids or fragment.lower() == "top":
                continue  # ("#top" is the page's top in HTML, with no such id)
            ids = check.anchors(story)
            if fragment not in ids:
                found.append(_no_anchor(use, resolved, {*ids, *check.fixed_ids}))
    return found


def _dead(use: LinkUse, resolved: Resolved, check: LinkCheck, suggest: _Suggestions) -> Diagnostic:
    url = resolved.url
    written = use.target
    if url and not written.startswith("/"):
        written += f" ({url})"
    kind = "file" if "." in _segment(url).removesuffix(".html") else "page"
    message = f"{written} is not a {kind} of this site"
    base = check.base_path
    hint = check.pages.held.get(url, "")
    if not hint and base and url.startswith(base + "/") and check.pages.has(url[len(base) :]):
        hint = f"write {url[len(base) :]}: the base_url's path is added to links"
    if not hint:
        close = suggest(url)
        hint = f"did you mean {close}?" if close else ""
    return error(use.source, use.line, "link", message, hint)


def _no_anchor(use: LinkUse, resolved: Resolved, ids: Collection[str]) -> Diagnostic:
    where = "this page" if use.target.startswith("#") else resolved.url
    close = difflib.get_close_matches(resolved.fragment, sorted(ids), n=1, cutoff=0.6)
    hint = f"did you mean #{close[0]}?" if close else ""
    message = f"{use.target} is not an anchor on {where}"
    return error(use.source, use.line, "link", message, hint)


def _segment(url: str) -> str:
    """The last non-empty segment of a URL path: "/world/story/" -> "story"."""
    return url.rstrip("/").rsplit("/", 1)[-1]


class _Suggestions:
    """The URL of the build a dead one most likely meant: the closest by its last
    segment (a story's slug, a file's name), where a typo is; among URLs that share it,
    the closest whole. Indexed once, and only when a link is dead."""

    def __init__(self, pages: SitePages) -> None:
        self._pages = pages
        self._by_segment: dict[str, list[str]] | None = None
        self._asked = 0

    def __call__(self, url: str) -> str:
        self._asked += 1
        if not url or self._asked > SUGGESTED:
            return ""
        if self._by_segment is None:
            self._by_segment = {}
            for known in sorted(self._pages.pages | self._pages.files):
                self._by_segment.setdefault(_segment(known), []).append(known)
        stem, suffix = _split(_segment(url))
        alike = {_split(seg)[0]: seg for seg in self._by_segment if _split(seg)[1] == suffix}
        close = difflib.get_close_matches(stem, list(alike), n=1, cutoff=0.75)
        if not close:
            return ""
        urls = self._by_segment[alike[close[0]]]
        return max(urls, key=lambda known: difflib.SequenceMatcher(None, url, known).ratio())


def _split(segment: str) -> tuple[str, str]:
    """("chart", ".png") of "chart.png"; a page's segment has no suffix."""
    stem, dot, suffix = segment.rpartition(".")
    return (stem, dot + suffix) if dot and stem else (segment, "")
