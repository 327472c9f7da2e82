"""The breaking-news banner from content/_data/breaking.toml.

Pure: the banner file (content/editorial.py) and the build's "now" in, the view the
fragment template shows out. Like the tickers, the banner is rendered once per build as a
fragment, published as /_includes/breaking.html (empty when there is none) and carried by
pages per `tickers.include`: in `ssi`/`esi` mode raising or clearing it rewrites that one
fragment, not every page.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ..content.editorial import BreakingFile
from ..content.model import ContentSet
from ..core.errors import Diagnostic, error, warning
from ..core.urls import href

BREAKING = "breaking"  #: the fragment's name: /_includes/breaking.html


@dataclass(frozen=True)
class BreakingView:
    text: str  #: plain text
    url: str  #: href or http(s) URL; "" when the banner links nowhere
    #: A short hash of the text and the link: a reader who dismissed one banner still
    #: sees the next. Made from the banner alone, so an upgrade changes nothing.
    id: str


def hold_banner(
    file: BreakingFile | None, content: ContentSet, now: datetime, held: Collection[str] = ()
) -> tuple[BreakingFile | None, list[Diagnostic]]:
    """A banner that links to a story not yet published (a draft, or scheduled), or to a
    file of content/ only such stories use (`held`, paths relative to content/), waits
    for it, with a warning: an editor can line up the banner with the story, and both go
    up in the first build after it is published."""
    if file is None or breaking_banner(file, now, "") is None or not file.url.startswith("/"):
        return file, []
    path = urlsplit(file.url).path
    for story in (*content.scheduled, *content.drafts):
        if story.url == path:
            why = "a draft" if story.draft else f"scheduled for {story.published.isoformat()}"
            message = f"{path} is {why} ({story.source}); the banner waits for it"
            return None, [warning(file.source, file.url_line, "url", message)]
    if path.lstrip("/") in held:
        message = f"{path} is held back with the unpublished stories that use it; "
        return None, [warning(file.source, file.url_line, "url", message + "the banner waits")]
    return file, []


def check_banner_link(
    file: BreakingFile | None, now: datetime, urls: Collection[str]
) -> list[Diagnostic]:
    """A banner that links to a path of this site must link to one of its `urls`
    (pages, generated and copied files): a typo there sends every reader to a 404."""
    if file is None or breaking_banner(file, now, "") is None or not file.url.startswith("/"):
        return []
    path = urlsplit(file.url).path
    if path in urls:
        return []
    close = difflib.get_close_matches(path, sorted(urls), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else ""
    message = f"{path} is not a page of this site"
    return [error(file.source, file.url_line, "url", message, hint)]


def breaking_banner(
    file: BreakingFile | None, now: datetime, base_path: str
) -> BreakingView | None:
    """The banner to show at `now`, or None: no file, no text, or past its `until`."""
    if file is None or not file.text or (file.until is not None and file.until <= now):
        return None
    url = href(base_path, file.url) if file.url.startswith("/") else file.url
    key = hashlib.sha256(f"{file.text}\n{file.url}".encode()).hexdigest()[:12]
    return BreakingView(file.text, url, key)
