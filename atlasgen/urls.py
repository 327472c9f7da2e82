"""Permalink patterns -> site-relative URLs -> output file paths.

URLs here are site-relative ("/technology/muse-spark/"); templates get them with the
base_url's path in front, feeds and canonical links get them absolute.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from urllib.parse import quote


def article_url(
    pattern: str, slug: str, category_slug: str, published: datetime, zone: tzinfo
) -> str:
    """Fill a permalink pattern; dates are in the site's zone, month and day 2-digit."""
    local = published.astimezone(zone)
    return pattern.format(
        slug=slug,
        category=category_slug,
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
    )


def output_path(url: str) -> str:
    """The file a URL is served from: "/a/b/" -> "a/b/index.html", "/a.html" -> "a.html"."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    return path


def page_url(first: str, number: int) -> str:
    """URL of page `number` of a paginated list whose first page is `first`."""
    return first if number == 1 else f"{first}page/{number}/"


def href(base_path: str, url: str) -> str:
    """A link as written into a page: base path + percent-encoded site URL."""
    return base_path + quote(url, safe="/#?=&%:.-_~")


def absolute(origin: str, base_path: str, url: str) -> str:
    return origin + href(base_path, url)
