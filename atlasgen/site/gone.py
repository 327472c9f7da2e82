"""Stories taken down on purpose: content/_data/gone.toml.

A newsroom withdraws a story for legal reasons or under its corrections policy. Its URL
must then say so rather than vanish: hosts that read `_redirects` (Netlify) or an nginx
map answer 410 Gone, and everywhere else the URL shows a small "This story has been
removed" page marked `noindex`, so search engines drop it. Listing a URL here is also
how a build is allowed to drop a published URL (permanence.py).

    [[gone]]
    url = "/world/storm-amy/"
    reason = "Removed on legal advice."   # optional; shown on the page
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.errors import Diagnostic, error

GONE = "gone"  #: the data file's stem: content/_data/gone.toml (or .json, .yaml)
GONE_FILE = "content/_data/gone.toml"
NGINX_MAP = "/_gone.map"  #: the nginx map written beside /_redirects
_EXAMPLE = '[[gone]] url = "/world/old-story/" reason = "Removed on legal advice."'


@dataclass(frozen=True)
class Gone:
    """One URL taken down on purpose (site-relative, as aliases are)."""

    url: str
    reason: str = ""


def gone_entries(
    data: Mapping[str, Any], sources: Mapping[str, str]
) -> tuple[tuple[Gone, ...], list[Diagnostic]]:
    """The entries of the gone data file, in file order; none without the file."""
    if GONE not in data:
        return (), []
    source = sources.get(GONE, GONE_FILE)
    document = data[GONE]
    entries = document.get("gone") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return (), [error(source, 0, "gone", "expected a list of gone entries", f"e.g. {_EXAMPLE}")]
    found: list[Gone] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        gone, problem = _entry(entry, source, number)
        if problem is not None:
            problems.append(problem)
        elif gone is not None and gone.url in seen:
            problems.append(error(source, 0, f"gone {number}", f"{gone.url} is listed twice"))
        elif gone is not None:
            seen.add(gone.url)
            found.append(gone)
    return tuple(found), problems


def _entry(entry: Any, source: str, number: int) -> tuple[Gone | None, Diagnostic | None]:
    label = f"gone {number}"
    if not isinstance(entry, dict):
        return None, error(source, 0, label, "expected a table with url and reason")
    unknown = sorted(set(entry) - {"url", "reason"})
    if unknown:
        return None, error(source, 0, f"{label}: {unknown[0]}", "unknown key (url, reason)")
    url, reason = entry.get("url"), entry.get("reason", "")
    if not isinstance(reason, str):
        return None, error(source, 0, f"{label}: reason", "expected text")
    if not isinstance(url, str) or not _is_site_path(url):
        return None, error(
            source, 0, f"{label}: url", f"{url!r} is not a site path", "e.g. /world/old-story/"
        )
    if not url.endswith(("/", ".html", ".htm")):
        url += "/"  # served as a folder's index.html, like every page (and alias)
    return Gone(url, reason.strip()), None


def _is_site_path(url: str) -> bool:
    parts = url.split("/")
    return url.startswith("/") and url != "/" and "//" not in url and ".." not in parts


def gone_redirect_lines(gone: Sequence[Gone], href: Callable[[str], str]) -> list[str]:
    """`_redirects` lines: the URL's own page, answered with 410. Forced (`!`): the page
    exists, and Netlify would otherwise serve it with 200."""
    return [f"{href(g.url)} {href(g.url)} 410!" for g in gone]


def nginx_map(gone: Sequence[Gone], base_path: str) -> str:
    """An nginx `map` include: each gone URL -> 410. Keyed as nginx's `$uri` holds a
    request's path: with the base path, percent-decoded (so not as `href` writes it)."""
    head = (
        "# Written by atlasgen from content/_data/gone.toml: URLs taken down on purpose.\n"
        "# nginx: map $uri $atlasgen_gone { volatile; default 0; include <output>/_gone.map; }\n"
        "#        and in the server: if ($atlasgen_gone) { return 410; }\n"
    )
    return head + "".join(f'"{_nginx_escaped(base_path + g.url)}" 410;\n' for g in gone)


def _nginx_escaped(url: str) -> str:
    return url.replace("\\", "\\\\").replace('"', '\\"')
