"""The pages and files that keep published URLs answering: a "removed" page for each
gone URL, `_redirects` (aliases 301, gone URLs 410), the nginx map of gone URLs, and the
register of published URLs (site/permanence.py) that the next build checks against."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import Any

from ..content.model import Article
from ..core.urls import output_path
from ..site.gone import NGINX_MAP, Gone, gone_redirect_lines, nginx_map
from ..site.pageviews import PageViews
from ..site.permanence import REGISTER, Withheld, register_text
from ..site.tickers import TickerSlots
from ..site.views import SiteView
from .pages import PlannedFile, PlannedPage
from .publish import redirects

GONE_TEMPLATE = "gone.html"


def plan_gone_pages(
    gone: Sequence[Gone], views: PageViews, site: SiteView, tickers: TickerSlots
) -> list[PlannedPage]:
    """A small `noindex` page at each gone URL, for hosts that cannot answer 410."""

    def context(entry: Gone) -> dict[str, Any]:
        removed = views.strings.text("gone.heading")
        description = entry.reason or removed
        return {
            "site": site,
            "tickers": tickers,
            "page": views.page("gone", removed, entry.url, description),
            "gone": {"url": views.links.href(entry.url), "reason": entry.reason},
        }

    return [
        PlannedPage(
            entry.url,
            GONE_TEMPLATE,
            "a gone URL in content/_data/gone.toml",
            partial(context, entry),
            source="content/_data/gone.toml",
        )
        for entry in gone
    ]


def withdrawn_files(
    articles: tuple[Article, ...],
    gone: Sequence[Gone],
    views: PageViews,
    now: datetime,
    withheld: Sequence[Withheld],
) -> list[PlannedFile]:
    """`/_redirects` (aliases, then gone URLs), the nginx map (with gone URLs only) and
    the register of published URLs (with those `withheld` for scheduled stories)."""
    lines = redirects(articles, views.links) + "".join(
        line + "\n" for line in sorted(gone_redirect_lines(gone, views.links.href))
    )
    files = [_file("/_redirects", lines)]
    if gone:
        ordered = sorted(gone, key=lambda g: g.url)
        files.append(_file(NGINX_MAP, nginx_map(ordered, views.config.base_path)))
    files.append(_file(f"/{REGISTER}", register_text(articles, gone, now, withheld)))
    return files


def _file(url: str, text: str) -> PlannedFile:
    return PlannedFile.of(url, output_path(url), text)
