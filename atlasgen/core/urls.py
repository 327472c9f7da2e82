"""Permalink patterns -> site-relative URLs -> output file paths.

URLs here are site-relative ("/technology/muse-spark/"); templates get them with the
base_url's path in front, feeds and canonical links get them absolute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from urllib.parse import quote

from .errors import Diagnostic, error


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


def edition_prefix(language: str, languages: tuple[str, ...]) -> str:
    """Where an edition's pages live: "" for the site's default language (the first of
    `languages`) or "/<language>" in lowercase ("/fr", "/pt-br") for any other."""
    if not language or language == languages[0]:
        return ""
    return "/" + language.lower().replace("_", "-")


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


@dataclass(frozen=True)
class Claim:
    """One output file and who wants it, for collision reports."""

    path: str  #: relative output path
    owner: str  #: "content/world/a.md", "an alias in content/world/a.md", "the section 'World'"
    source: str = ""  #: the file to point at ("" when nothing the writer made)
    line: int = 0


def find_collisions(claims: Sequence[Claim]) -> list[Diagnostic]:
    """Two claims on one file, or a file where another claim needs a folder (an alias
    "/feed.xml/" under the generated /feed.xml): errors naming both owners."""
    by_path: dict[str, Claim] = {}
    found: list[Diagnostic] = []

    def clash(first: Claim, second: Claim, path: str) -> None:
        blamed, other = (second, first) if second.source or not first.source else (first, second)
        url = "/" + path.removesuffix("index.html")
        found.append(
            error(
                blamed.source or "content",
                blamed.line,
                "",
                f"{url} is wanted by both {blamed.owner} and {other.owner}",
            )
        )

    for claim in claims:
        first = by_path.setdefault(claim.path, claim)
        if first is not claim:
            clash(first, claim, claim.path)
    folded: dict[str, Claim] = {}
    for claim in by_path.values():
        first = folded.setdefault(claim.path.casefold(), claim)
        if first is not claim:
            blamed, other = (claim, first) if claim.source or not first.source else (first, claim)
            found.append(
                error(
                    blamed.source or "content",
                    blamed.line,
                    "",
                    f"/{blamed.path} and /{other.path} ({other.owner}) differ only in case, "
                    "which breaks checkouts on macOS and Windows",
                )
            )
    for claim in claims:
        parts = claim.path.split("/")
        for n in range(1, len(parts)):
            folder = "/".join(parts[:n])
            if folder in by_path:
                clash(by_path[folder], claim, folder)
    return found
