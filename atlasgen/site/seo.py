"""What search engines and aggregators read: sitemaps, news sitemap, robots.txt, JSON-LD.

Pure functions from plain values to text; the build decides which pages go in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from xml.sax.saxutils import escape

MAX_SITEMAP_URLS = 50_000  # the sitemaps.org protocol's limit per file
NEWS_WINDOW = timedelta(hours=48)
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_XHTML_NS = "http://www.w3.org/1999/xhtml"  #: of the hreflang alternates' xhtml:link


class SitemapEntry(NamedTuple):  # a tuple: a sitemap makes one per page of the site
    url: str  #: absolute
    modified: datetime | None
    #: (hreflang, absolute URL) of the page's versions in the site's languages, its own
    #: included, then x-default; () for a page without translations
    alternates: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class NewsEntry:
    url: str  #: absolute
    title: str
    published: datetime
    language: str = ""  #: the story's language; "": the site's


def _w3c(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")  # fractions cut off, not rounded


w3c_time = _w3c  #: a time as sitemaps and JSON-LD write it


def sitemaps(
    entries: Sequence[SitemapEntry], sitemap_url: str, limit: int = MAX_SITEMAP_URLS
) -> dict[str, str]:
    """File name -> XML. One `sitemap.xml` up to `limit` URLs; past that, `sitemap.xml` is
    an index of `sitemap-1.xml`, `sitemap-2.xml` … as the protocol requires."""
    chunks = [entries[i : i + limit] for i in range(0, len(entries), limit)] or [[]]
    if len(chunks) == 1:
        return {"sitemap.xml": _urlset(chunks[0])}
    base = sitemap_url.rsplit("/", 1)[0]
    files = {f"sitemap-{n}.xml": _urlset(chunk) for n, chunk in enumerate(chunks, start=1)}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{_SITEMAP_NS}">']
    for n, chunk in enumerate(chunks, start=1):
        newest = max((e.modified for e in chunk if e.modified), default=None)
        lines.append(
            f"  <sitemap><loc>{escape(f'{base}/sitemap-{n}.xml')}</loc>"
            + (f"<lastmod>{_w3c(newest)}</lastmod>" if newest else "")
            + "</sitemap>"
        )
    lines.append("</sitemapindex>")
    files["sitemap.xml"] = "\n".join(lines) + "\n"
    return files


def _urlset(entries: Sequence[SitemapEntry]) -> str:
    alternates = any(e.alternates for e in entries)
    xhtml = f' xmlns:xhtml="{_XHTML_NS}"' if alternates else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{_SITEMAP_NS}"{xhtml}>']
    texts: dict[int, str] = {}  # by id: list pages share their newest story's time
    for url, moment, versions in entries:
        if "&" in url or "<" in url or ">" in url:  # what escape() replaces: rare in a URL
            url = escape(url)
        lastmod = ""
        if moment is not None:
            lastmod = texts.get(id(moment), "")
            if not lastmod:
                lastmod = texts[id(moment)] = f"<lastmod>{_w3c(moment)}</lastmod>"
        if versions:
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{escape(language)}" '
                f'href="{escape(target)}"/>'
                for language, target in versions
            )
            lines.append(f"  <url><loc>{url}</loc>{lastmod}{links}</url>")
            continue
        lines.append(f"  <url><loc>{url}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def news_language(code: str) -> str:
    """A language as Google News names it: the ISO 639 code alone ("pt" for "pt-BR"),
    but Chinese with its script's region ("zh-cn", "zh-tw")."""
    lowered = code.replace("_", "-").lower()
    if lowered.startswith("zh-"):
        return "zh-tw" if lowered in ("zh-tw", "zh-hk", "zh-hant", "zh-mo") else "zh-cn"
    return escape(lowered.split("-")[0])


def news_sitemap(
    entries: Sequence[NewsEntry], now: datetime, publication: str, language: str
) -> str:
    """Google News sitemap: articles published in the 48 hours up to `now`."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{_SITEMAP_NS}" xmlns:news="{_NEWS_NS}">',
    ]
    for entry in entries:
        if not now - NEWS_WINDOW <= entry.published <= now:
            continue
        lines += [
            f"  <url><loc>{escape(entry.url)}</loc>",
            "    <news:news>",
            f"      <news:publication><news:name>{escape(publication)}</news:name>"
            f"<news:language>{news_language(entry.language or language)}</news:language>"
            "</news:publication>",
            f"      <news:publication_date>{_w3c(entry.published)}</news:publication_date>",
            f"      <news:title>{escape(entry.title)}</news:title>",
            "    </news:news>",
            "  </url>",
        ]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str, news_sitemap_url: str, base_path: str = "") -> str:
    """robots.txt for the output's root. Crawlers read it only at the host's root: a site
    under a path (base_url "https://example.org/news") is served its own copy at
    /news/robots.txt, which none reads; so there its rules name the site's path, and a
    comment says to copy them into the host's /robots.txt."""
    sitemaps = f"Sitemap: {sitemap_url}\nSitemap: {news_sitemap_url}\n"
    if not base_path:
        return f"User-agent: *\nAllow: /\n\n{sitemaps}"
    note = (
        f"# This site lives under {base_path}/: crawlers read robots.txt only at the\n"
        "# host's root. Copy these lines into that file (they allow this site's path).\n"
    )
    return f"{note}User-agent: *\nAllow: {base_path}/\n\n{sitemaps}"


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json"> element: '<', '>' and '&' are
    escaped as \\u003c etc., so no text from front matter can close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def news_article(
    *,
    url: str,
    headline: str,
    description: str,
    images: Sequence[str],
    published: datetime,
    modified: datetime,
    authors: Sequence[tuple[str, str]],
    publisher: str,
    logo: str,
    section: str,
    keywords: Sequence[str],
    language: str,
    corrections: Sequence[tuple[datetime, str]] = (),
) -> dict[str, Any]:
    """schema.org NewsArticle; `authors` are (name, absolute author page URL) pairs,
    `corrections` (date, plain text) pairs, each a CorrectionComment."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "description": description,
        "image": list(images),
        "datePublished": _w3c(published),
        "dateModified": _w3c(modified),
        "author": [{"@type": "Person", "name": name, "url": page} for name, page in authors],
        "publisher": {
            "@type": "Organization",
            "name": publisher,
            "logo": {"@type": "ImageObject", "url": logo},
        },
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "articleSection": section,
        "keywords": list(keywords),
        "inLanguage": language,
        "url": url,
    }
    if not images:  # better absent than an empty list, which search engines flag as an error
        del data["image"]
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": text, "datePublished": _w3c(date)}
            for date, text in corrections
        ]
    return data


def breadcrumbs(trail: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """schema.org BreadcrumbList from (name, absolute URL) pairs, outermost first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }
