"""URL permanence: a URL the site has published is never dropped without a word.

Inbound links from search engines, social posts and other outlets point at every story
URL a newsroom ever published. So a build fails when a URL it knows was published would
no longer be served: it must be kept as an `aliases:` entry on the story's new home (a
redirect) or be listed in content/_data/gone.toml (410 Gone, on purpose).

What was published comes from the *register* that every build writes into its output
(`REGISTER`: each published story URL and alias with the file that made it, and each gone
URL), read back from the output a build replaces, and from lists given with `--published`
(a plain list of URLs or paths, or a sitemap), for CI runs that start from a clean
checkout. Everything here is pure: reading those files is the build's business.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote, urlsplit

from ..content.model import Article
from ..core.errors import Diagnostic, error, warning
from .gone import GONE_FILE, Gone

REGISTER = ".atlasgen-published"  #: in the output folder: what this site has published
_REGISTER_HEAD = (
    "# Written by atlasgen: every URL this site has published (a story, an alias or a gone\n"
    "# URL) and the file that published it. Builds refuse to drop one of them silently.\n"
)
#: Folders of list pages and files: a URL under one of them is not a story's.
_LIST_FOLDERS = {"tags", "authors", "archive", "search", "pagefind", "static", "_includes"}
_PAGED = re.compile(r"/page/[0-9]+/$")


@dataclass(frozen=True)
class PublishedUrl:
    """A URL known to be published. `source` is the content file that published it,
    when known (the register's lines), else ""; `origin` and `line` say where it was read.
    `sure`: known to be a story's URL, an alias or a gone URL (a sitemap also lists the
    site's list pages, which come and go with their tags and authors)."""

    url: str
    origin: str
    line: int = 0
    source: str = ""
    sure: bool = False


@dataclass(frozen=True)
class Withheld:
    """A published URL of a story now scheduled: kept in the register meanwhile."""

    url: str
    source: str


@dataclass(frozen=True)
class SiteNow:
    """What this build serves and holds, for `lost_urls`."""

    articles: Sequence[Article]  #: published in this build
    drafts: Sequence[Article]  #: drafts left out of this build
    #: Scheduled stories left out: their URLs are kept (they come back at their time).
    scheduled: Sequence[Article]
    gone: Sequence[Gone]
    permalink: str
    serves: Callable[[str], bool]  #: whether the build has some other page or file there
    exists: Callable[[str], bool]  #: whether a content file (site-relative path) exists


def register_text(
    articles: Iterable[Article], gone: Iterable[Gone], now: datetime, withheld: Iterable[Withheld]
) -> str:
    """The register a build writes: its published stories' URLs and aliases, gone URLs
    and `withheld_urls`. (Other earlier entries need not be carried: a build that kept
    them all passed `lost_urls`, so each is one of these.) Drafts and scheduled stories
    of a preview build (`--drafts`, `--future`) are not published."""
    lines = {g.url for g in gone} | {f"{w.url}\t{w.source}" for w in withheld}
    for a in articles:
        if not a.draft and a.published <= now:
            lines.add(f"{a.url}\t{a.source}")
            lines.update(f"{alias}\t{a.source}" for alias in a.aliases)
    return _REGISTER_HEAD + "".join(line + "\n" for line in sorted(lines))


def read_register(text: str, origin: str) -> list[PublishedUrl]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        url, _, source = line.partition("\t")
        if url.startswith("/"):
            found.append(PublishedUrl(url, origin, number, source.strip(), sure=True))
    return found


def read_url_list(text: str, origin: str, base_path: str) -> list[PublishedUrl]:
    """A `--published` list: one URL (https://…) or site path (/world/x/) a line, maybe
    followed by the file that published it (a copy of a register); blank lines and lines
    starting with # are skipped. A sitemap (XML) is read as one."""
    if text.lstrip().startswith("<"):
        return [PublishedUrl(u, origin) for u in sitemap_urls(text, base_path)]
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        item = line.split()
        if item and not item[0].startswith("#"):
            url = site_path(item[0], base_path)
            source = item[1] if len(item) > 1 else ""  # a copy of a register's line
            if url is not None:
                found.append(PublishedUrl(url, origin, number, source, sure=bool(source)))
    return found


class NotASitemap(ValueError):
    """The text is not a sitemap (nor a sitemap index)."""


def sitemap_urls(text: str, base_path: str) -> list[str]:
    """The site paths of a sitemap's `<loc>`s (a sitemap index's too: see `sitemap_parts`)."""
    root = _parsed(text)
    return [u for loc in _locs(root, "url") if (u := site_path(loc, base_path)) is not None]


def sitemap_parts(text: str) -> list[str]:
    """The sitemaps a sitemap index names (none for a plain sitemap)."""
    return _locs(_parsed(text), "sitemap")


def _parsed(text: str) -> ElementTree.Element:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise NotASitemap(f"not XML ({exc})") from None
    if root.tag.rpartition("}")[2] not in ("urlset", "sitemapindex"):
        raise NotASitemap(f"<{root.tag.rpartition('}')[2]}> is not a sitemap's root")
    return root


def _locs(root: ElementTree.Element, kind: str) -> list[str]:
    return [
        (loc.text or "").strip()
        for item in root
        if item.tag.rpartition("}")[2] == kind
        for loc in item
        if loc.tag.rpartition("}")[2] == "loc"
    ]


def site_path(url: str, base_path: str) -> str | None:
    """A published URL as a site path ("/world/x/"): origin and base path dropped,
    percent-decoded; None for one outside the base path."""
    path = unquote(urlsplit(url).path) if "://" in url else url
    if base_path and "://" in url:
        if path != base_path and not path.startswith(base_path + "/"):
            return None
        path = path[len(base_path) :] or "/"
    return path if path.startswith("/") else None


def lost_urls(published: Iterable[PublishedUrl], site: SiteNow) -> list[Diagnostic]:
    """An error for each published URL this build would drop: not a story's URL, nor an
    alias of a published story, nor gone (nor, for a URL from a list, another page)."""
    kept = {a.url for a in (*site.articles, *site.scheduled)} | {g.url for g in site.gone}
    kept.update(alias for a in site.articles for alias in a.aliases)
    by_url: dict[str, PublishedUrl] = {}
    for item in published:  # one report per URL: the register's line, which names a file
        if item.url not in kept and (item.url not in by_url or _better(item, by_url[item.url])):
            by_url[item.url] = item
    found = []
    for url, item in sorted(by_url.items()):
        if item.sure or (_story_like(url, site.permalink) and not site.serves(url)):
            found.append(_lost(item, site))
    return found


def withheld_urls(
    published: Iterable[PublishedUrl], scheduled: Sequence[Article]
) -> tuple[tuple[Withheld, ...], list[Diagnostic]]:
    """Published URLs of stories now scheduled (an embargo broken by mistake, pulled):
    they answer again at the story's time, so they are kept in the register meanwhile;
    each with a warning, as the URL does not answer until then."""
    by_url = {a.url: a for a in scheduled}
    urls = sorted({item.url for item in published if item.url in by_url})
    found = [
        warning(
            by_url[url].source,
            0,
            "scheduled",
            f"{url} was published and does not answer until the story's new time",
        )
        for url in urls
    ]
    return tuple(Withheld(url, by_url[url].source) for url in urls), found


def other_pages(articles: Iterable[Article]) -> set[str]:
    """Pages and files a build has besides stories that a `_story_like` URL may name:
    section pages (one folder deep) and the files at the site's root."""
    found = {f"/{a.category_slug}/" for a in articles}
    return found | {"/404.html", "/robots.txt", "/_redirects", "/_gone.map", f"/{REGISTER}"}


def _better(item: PublishedUrl, than: PublishedUrl) -> bool:
    return (item.sure, bool(item.source)) > (than.sure, bool(than.source))


def _story_like(url: str, permalink: str) -> bool:
    """Whether a URL from a list may be a story's: not the front page, nor under a list
    folder, nor a list's later page, nor a section's page (one folder deep) unless
    stories' URLs are one folder deep too."""
    parts = [p for p in url.split("/") if p]
    if not parts or parts[0] in _LIST_FOLDERS or _PAGED.search(url) or url.endswith(".xml"):
        return False
    depth = len([p for p in permalink.split("/") if p])
    return not (len(parts) == 1 and url.endswith("/") and depth > 1)


def _lost(item: PublishedUrl, site: SiteNow) -> Diagnostic:
    url = item.url
    story = _find(site.articles, item, site.permalink)
    story = story or _find(site.scheduled, item, site.permalink)
    if story is not None:
        return _message(story.source, _change(url, story, site.permalink), url, "")
    draft = _find(site.drafts, item, site.permalink)
    if draft is not None:
        return error(
            draft.source,
            0,
            "draft",
            f"{url} was published and would be lost; publish the story again",
            f"or list it in {GONE_FILE}",
        )
    if item.source and item.source != GONE_FILE and not site.exists(item.source):
        return _message(item.source, "deleted", url, " to the story's new home")
    return _message(f"{item.origin}", "", url, " to the story's new home", item.line)


def _message(path: str, what: str, url: str, where: str, line: int = 0) -> Diagnostic:
    return error(
        path,
        line,
        what,
        f"{url} was published and would be lost; add aliases: [{url}]{where}",
        f"or list it in {GONE_FILE}",
    )


def _find(articles: Sequence[Article], item: PublishedUrl, permalink: str) -> Article | None:
    """The story that had this URL: by the file that published it, else (a URL from a
    list) by the slug the URL holds, or a file named like it."""
    if item.source:
        return next((a for a in articles if a.source == item.source), None)
    fields = _fields(item.url, permalink)
    slug = fields.get("slug") if fields else None
    if not slug:
        return None
    found = next((a for a in articles if a.slug == slug), None)
    stem = f"/{slug}.md"
    return found or next((a for a in articles if a.source.endswith(stem)), None)


def _change(url: str, story: Article, permalink: str) -> str:
    """What changed between a published URL and the story's URL now."""
    fields = _fields(url, permalink)
    if fields is None:
        return "URL changed"
    if fields.get("slug", story.slug) != story.slug:
        return "slug changed"
    if fields.get("category", story.category_slug) != story.category_slug:
        return "category changed"
    return "date changed" if {"year", "month", "day"} & set(fields) else "URL changed"


_FIELD = {
    "slug": r"[^/]+",
    "category": r"[^/]+",
    "year": r"[0-9]{4}",
    "month": r"[0-9]{2}",
    "day": r"[0-9]{2}",
}


def _fields(url: str, permalink: str) -> dict[str, str] | None:
    """The fields of a permalink pattern a URL holds ({category} {slug} ...); None when
    it does not fit the pattern."""
    pattern, at = "", 0
    for match in re.finditer(r"\{(\w+)\}", permalink):
        name = match.group(1)
        pattern += re.escape(permalink[at : match.start()])
        group = f"(?P<{name}>{_FIELD.get(name, '[^/]+')})"
        pattern += group if f"(?P<{name}>" not in pattern else f"(?P={name})"
        at = match.end()
    pattern += re.escape(permalink[at:])
    found = re.fullmatch(pattern, url)
    return found.groupdict() if found else None
