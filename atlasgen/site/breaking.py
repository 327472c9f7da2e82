"""The breaking-news banner from content/_data/breaking.toml.

Pure: the banner file (content/editorial.py) and the build's "now" in, the view the
fragment template shows out. Like the tickers, the banner is rendered once per build as a
fragment, published as /_includes/breaking.html (empty when there is none) and carried by
pages per `tickers.include`: in `ssi`/`esi` mode raising or clearing it rewrites that one
fragment, not every page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from ..content.editorial import BreakingFile
from ..core.urls import href

BREAKING = "breaking"  #: the fragment's name: /_includes/breaking.html


@dataclass(frozen=True)
class BreakingView:
    text: str  #: plain text
    url: str  #: href or http(s) URL; "" when the banner links nowhere
    #: A short hash of the text and the link: a reader who dismissed one banner still
    #: sees the next. Made from the banner alone, so an upgrade changes nothing.
    id: str


def breaking_banner(
    file: BreakingFile | None, now: datetime, base_path: str
) -> BreakingView | None:
    """The banner to show at `now`, or None: no file, no text, or past its `until`."""
    if file is None or not file.text or (file.until is not None and file.until <= now):
        return None
    url = href(base_path, file.url) if file.url.startswith("/") else file.url
    key = hashlib.sha256(f"{file.text}\n{file.url}".encode()).hexdigest()[:12]
    return BreakingView(file.text, url, key)
