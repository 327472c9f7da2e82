"""Sitemaps, the news sitemap, robots.txt, JSON-LD and redirects.

Built sites live under a base path (https://x.org/news) so every absolute URL is checked
with it; `seo.sitemaps` and `seo.news_sitemap` are also tested on their own, with small
limits and exact window edges.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import lxml.etree as etree
import lxml.html
import pytest
from conftest import NOW, article, build, jpeg, make_site

from atlasgen.site.seo import NewsEntry, SitemapEntry, json_ld, news_sitemap, robots_txt, sitemaps

BASE = "https://x.org/news"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SEO_TOML = f"""\
title = "Test Times & Co"
base_url = "{BASE}"
timezone = "Europe/London"
"""
NASTY = "Breaking </script><script>alert(1)</script> & “more”"


STORIES: dict[str, str | bytes] = {
    "content/world/summer.md": article(
        "'" + NASTY + "'",
        "2026-07-01T10:00:00Z",
        "World",
        "Body.",
        dek="Hot & dry </script> days.",
        updated="2026-07-02T09:00:00Z",
        tags="[Weather, Heat]",
        authors="[Ann Lee, Bob Stone]",
        image="{src: /images/a.jpg, alt: The sun}",
        aliases="[/old/summer/, /2026/07/heat.html]",
        corrections="[{date: 2026-07-05, text: An earlier version misstated a figure.}]",
    ),
    "content/world/winter.md": article(
        "Winter storm", "2026-01-10T10:00:00Z", "World", "Snow.", tags="[Weather]"
    ),
    "content/markets/rates.md": article(
        "Rates rise", "2026-11-26T08:00:00Z", "Markets", "Up.", authors="[Ann Lee]"
    ),
    "content/images/a.jpg": jpeg(8, 6, "blue"),
}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory.mktemp("seo"), STORIES, SEO_TOML)
    result = build(site)
    assert result.exit_code == 0, result.output
    return site / "public"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- sitemap.xml ---------------------------------------------------------------------------


def urlset(path: Path) -> dict[str, str | None]:
    """loc -> lastmod of a sitemap file."""
    root = etree.fromstring(path.read_bytes())
    assert root.tag == f"{SM}urlset"
    found = {}
    for url in root.findall(f"{SM}url"):
        lastmod = url.find(f"{SM}lastmod")
        found[str(url.findtext(f"{SM}loc"))] = None if lastmod is None else lastmod.text
    return found


def test_the_sitemap_lists_articles_sections_tags_and_authors_with_lastmod(
    public: Path,
) -> None:
    found = urlset(public / "sitemap.xml")
    summer_changed = "2026-07-05T00:00:00+01:00"  # the correction, in London's summer time
    for url, lastmod in {
        "/": "2026-11-26T08:00:00+00:00",
        "/world/summer/": summer_changed,
        "/world/winter/": "2026-01-10T10:00:00+00:00",
        "/markets/rates/": "2026-11-26T08:00:00+00:00",
        "/world/": summer_changed,
        "/markets/": "2026-11-26T08:00:00+00:00",
        "/tags/weather/": summer_changed,
        "/tags/heat/": summer_changed,
        "/authors/ann-lee/": "2026-11-26T08:00:00+00:00",
        "/authors/bob-stone/": summer_changed,
    }.items():
        assert found[BASE + url] == lastmod, url
    assert all(loc.startswith(BASE + "/") for loc in found)


def test_the_sitemap_leaves_out_the_404_and_redirect_pages(public: Path) -> None:
    found = urlset(public / "sitemap.xml")
    assert (public / "404.html").is_file() and (public / "old/summer/index.html").is_file()
    for left_out in ("/404.html", "/old/summer/", "/2026/07/heat.html"):
        assert BASE + left_out not in found
    # everything it lists was built, under the base path
    for loc in found:
        path = public / loc.removeprefix(BASE + "/")
        assert path.is_file() or (path / "index.html").is_file(), loc


def test_robots_txt_points_at_both_sitemaps(public: Path) -> None:
    """Under a path (/news) the rules name it, and say where crawlers look for them."""
    robots = (public / "robots.txt").read_text(encoding="utf-8")
    assert robots == (
        "# This site lives under /news/: crawlers read robots.txt only at the\n"
        "# host's root. Copy these lines into that file (they allow this site's path).\n"
        "User-agent: *\nAllow: /news/\n\n"
        f"Sitemap: {BASE}/sitemap.xml\nSitemap: {BASE}/news-sitemap.xml\n"
    )
    assert robots_txt("https://a.org/s.xml", "https://a.org/n.xml").endswith(
        "Sitemap: https://a.org/s.xml\nSitemap: https://a.org/n.xml\n"
    )


def _entries(count: int) -> list[SitemapEntry]:
    return [
        SitemapEntry(f"{BASE}/s{n}/?a=1&b=2", at(f"2026-11-{10 + n:02d}T10:00:00+00:00"))
        for n in range(count)
    ]


def test_sitemaps_split_into_an_index_and_numbered_files_past_the_limit() -> None:
    files = sitemaps(_entries(5), f"{BASE}/sitemap.xml", limit=2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = etree.fromstring(files["sitemap.xml"].encode())
    assert index.tag == f"{SM}sitemapindex"
    listed = [
        (s.findtext(f"{SM}loc"), s.findtext(f"{SM}lastmod")) for s in index.findall(f"{SM}sitemap")
    ]
    assert listed == [
        (f"{BASE}/sitemap-1.xml", "2026-11-11T10:00:00+00:00"),
        (f"{BASE}/sitemap-2.xml", "2026-11-13T10:00:00+00:00"),
        (f"{BASE}/sitemap-3.xml", "2026-11-14T10:00:00+00:00"),
    ]
    chunks = []
    for n in (1, 2, 3):
        root = etree.fromstring(files[f"sitemap-{n}.xml"].encode())
        assert root.tag == f"{SM}urlset"
        chunks.append([u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")])
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert [url for chunk in chunks for url in chunk] == [e.url for e in _entries(5)]  # & escaped


def test_sitemaps_stay_one_file_up_to_the_limit() -> None:
    files = sitemaps(_entries(2), f"{BASE}/sitemap.xml", limit=2)
    assert list(files) == ["sitemap.xml"]
    assert etree.fromstring(files["sitemap.xml"].encode()).tag == f"{SM}urlset"
    empty = sitemaps([], f"{BASE}/sitemap.xml", limit=2)
    assert list(empty) == ["sitemap.xml"]
    assert etree.fromstring(empty["sitemap.xml"].encode()).findall(f"{SM}url") == []


def test_a_sitemap_escapes_only_the_urls_that_need_it_and_cuts_times_to_the_second() -> None:
    late = at("2026-11-10T10:00:59.999999+01:00")
    entries = [SitemapEntry(f"{BASE}/a/", late), SitemapEntry(f"{BASE}/<b>?c&d", late)]
    text = sitemaps(entries, f"{BASE}/sitemap.xml")["sitemap.xml"]
    assert f"<loc>{BASE}/a/</loc><lastmod>2026-11-10T10:00:59+01:00</lastmod>" in text
    assert f"<loc>{BASE}/&lt;b&gt;?c&amp;d</loc>" in text


def test_a_sitemap_entry_without_a_date_has_no_lastmod() -> None:
    text = sitemaps([SitemapEntry(f"{BASE}/tags/", None)], f"{BASE}/sitemap.xml")["sitemap.xml"]
    assert f"<url><loc>{BASE}/tags/</loc></url>" in text


# -- news sitemap --------------------------------------------------------------------------


def news_urls(text: str) -> list[str]:
    root = etree.fromstring(text.encode())
    return [str(u.findtext(f"{SM}loc")) for u in root.findall(f"{SM}url")]


def test_the_news_window_is_48_hours_inclusive_at_both_ends() -> None:
    now = at("2026-11-27T12:00:00+00:00")
    edge = now - timedelta(hours=48)
    entries = [
        NewsEntry(f"{BASE}/now/", "At now", now),
        NewsEntry(f"{BASE}/edge/", "Exactly 48h", edge),
        NewsEntry(f"{BASE}/early/", "A second too early", edge - timedelta(seconds=1)),
        NewsEntry(f"{BASE}/later/", "A second after now", now + timedelta(seconds=1)),
    ]
    text = news_sitemap(entries, now, "Test & Co", "en")
    assert news_urls(text) == [f"{BASE}/now/", f"{BASE}/edge/"]
    assert "<news:name>Test &amp; Co</news:name>" in text


def test_the_news_sitemap_of_a_build_honours_the_window(tmp_path: Path) -> None:
    now = at(NOW)
    stories = {
        "content/edge.md": article("Edge", (now - timedelta(hours=48)).isoformat()),
        "content/early.md": article("Early", (now - timedelta(hours=48, seconds=1)).isoformat()),
        "content/fresh.md": article("Fresh & new", (now - timedelta(hours=1)).isoformat()),
        "content/later.md": article("Later", (now + timedelta(hours=1)).isoformat()),
        "content/draft.md": article("Draft", (now - timedelta(hours=2)).isoformat(), draft="true"),
    }
    site = make_site(tmp_path, stories, SEO_TOML)
    for args in ((), ("--future", "--drafts")):
        result = build(site, *args)
        assert result.exit_code == 0, result.output
        text = (site / "public/news-sitemap.xml").read_text(encoding="utf-8")
        assert news_urls(text) == [f"{BASE}/world/fresh/", f"{BASE}/world/edge/"], args
        root = etree.fromstring(text.encode())
        first = root.find(f"{SM}url/{NEWS}news")
        assert first.findtext(f"{NEWS}publication/{NEWS}name") == "Test Times & Co"
        assert first.findtext(f"{NEWS}publication/{NEWS}language") == "en"
        assert first.findtext(f"{NEWS}title") == "Fresh & new"
        assert first.findtext(f"{NEWS}publication_date") == "2026-11-27T11:00:00+00:00"
    # with --future the scheduled story is built, yet still not "news"
    assert (site / "public/world/later/index.html").is_file()


# -- JSON-LD -------------------------------------------------------------------------------

_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured(page: Path) -> list[Any]:
    """Every JSON-LD block of a page, each ending at the first </script> as a browser's
    would: if any text could close the element early, json.loads fails here."""
    return [json.loads(block) for block in _LD.findall(page.read_text(encoding="utf-8"))]


def test_an_article_carries_a_complete_news_article(public: Path) -> None:
    (data,) = structured(public / "world/summer/index.html")
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": NASTY,
        "description": "Hot & dry </script> days.",
        "image": [f"{BASE}/images/a.jpg"],
        "datePublished": "2026-07-01T11:00:00+01:00",
        "dateModified": "2026-07-05T00:00:00+01:00",  # the correction, newer than updated
        "author": [
            {"@type": "Person", "name": "Ann Lee", "url": f"{BASE}/authors/ann-lee/"},
            {"@type": "Person", "name": "Bob Stone", "url": f"{BASE}/authors/bob-stone/"},
        ],
        "publisher": {
            "@type": "Organization",
            "name": "Test Times & Co",
            "logo": {"@type": "ImageObject", "url": f"{BASE}/static/logo.png"},
        },
        "mainEntityOfPage": {"@type": "WebPage", "@id": f"{BASE}/world/summer/"},
        "articleSection": "World",
        "keywords": ["Weather", "Heat"],
        "inLanguage": "en",
        "url": f"{BASE}/world/summer/",
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": "An earlier version misstated a figure.",
                "datePublished": "2026-07-05T00:00:00+01:00",
            }
        ],
    }
    # the author pages and the logo the JSON-LD names exist
    for path in ("authors/ann-lee/index.html", "authors/bob-stone/index.html", "static/logo.png"):
        assert (public / path).is_file()


def test_no_front_matter_text_can_close_the_json_ld_script(public: Path) -> None:
    page = (public / "world/summer/index.html").read_text(encoding="utf-8")
    head = page.split("</head>")[0]
    assert head.count('<script type="application/ld+json">') == 1
    block = _LD.search(head)
    assert block is not None
    assert "<" not in block.group(1) and ">" not in block.group(1)
    assert "<script>alert(1)" not in page
    # the browser sees one script element with exactly the JSON text in it
    tree = lxml.html.fromstring(page)
    (script,) = tree.xpath('//script[@type="application/ld+json"]')
    assert json.loads(script.text)["headline"] == NASTY


def test_json_ld_escapes_what_could_end_a_script_or_a_line() -> None:
    text = json_ld({"a": "</script><!-- & \u2028\u2029"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029"}'
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029"}


def test_the_modified_date_is_updated_when_no_correction_is_newer(public: Path) -> None:
    (data,) = structured(public / "markets/rates/index.html")
    assert data["datePublished"] == data["dateModified"] == "2026-11-26T08:00:00+00:00"
    assert data["keywords"] == [] and "image" not in data  # no hero: no image key


def test_section_pages_carry_a_breadcrumb_list(public: Path) -> None:
    for page in ("world/index.html", "markets/index.html"):
        (data,) = structured(public / page)
        assert data["@type"] == "BreadcrumbList", page
    (data,) = structured(public / "world/index.html")
    assert data == {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Test Times & Co", "item": f"{BASE}/"},
            {"@type": "ListItem", "position": 2, "name": "World", "item": f"{BASE}/world/"},
        ],
    }


def test_other_pages_carry_no_json_ld(public: Path) -> None:
    for page in ("index.html", "tags/weather/index.html", "authors/ann-lee/index.html"):
        assert structured(public / page) == [], page


# -- redirects -----------------------------------------------------------------------------


def test_an_alias_is_a_redirect_page_to_its_article(public: Path) -> None:
    for alias in ("old/summer/index.html", "2026/07/heat.html"):
        text = (public / alias).read_text(encoding="utf-8")
        tree = lxml.html.fromstring(text)
        (refresh,) = tree.xpath('//meta[@http-equiv="refresh"]/@content')
        assert refresh == "0; url=/news/world/summer/"
        assert tree.xpath('//link[@rel="canonical"]/@href') == [f"{BASE}/world/summer/"]
        assert tree.xpath('//meta[@name="robots"]/@content') == ["noindex"]
        (link,) = tree.xpath("//body//a")
        assert link.get("href") == "/news/world/summer/"
        assert link.text_content() == NASTY
        assert "<script>alert" not in text


def test_the_redirects_file_lists_each_alias_with_the_base_path(public: Path) -> None:
    assert (public / "_redirects").read_text(encoding="utf-8") == (
        "/news/2026/07/heat.html /news/world/summer/ 301\n"
        "/news/old/summer/ /news/world/summer/ 301\n"
    )


@pytest.mark.parametrize(
    ("alias", "message"),
    [
        ("/world/winter/", "/world/winter/ is the URL of content/world/winter.md"),
        ("/markets/", "/markets/ is wanted by both an alias in content/world/a.md and the section"),
        (
            "/tags/weather/",
            "/tags/weather/ is wanted by both an alias in content/world/a.md and the tag",
        ),
        (
            "/feed.xml",
            "content/world/a.md:5: /feed.xml is wanted by both an alias in content/world/a.md"
            " and the generated file /feed.xml",
        ),
        (
            "/world/feed.xml",
            "content/world/a.md:5: /world/feed.xml is wanted by both an alias in content/world/a.md"
            " and the generated file /world/feed.xml",
        ),
    ],
)
def test_an_alias_that_collides_with_a_page_is_an_error_naming_both(
    tmp_path: Path, alias: str, message: str
) -> None:
    stories = {
        "content/world/a.md": article("A", aliases=f"[{alias}]", tags="[Weather]"),
        "content/world/winter.md": article("Winter", "2026-01-10T10:00:00Z"),
        "content/markets/b.md": article("B", category="Markets"),
    }
    site = make_site(tmp_path, stories, SEO_TOML)
    result = build(site)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Internal error" not in result.output
    assert message in result.stderr
    assert not (site / "public").exists()


def test_an_alias_page_is_escaped_like_any_page(public: Path) -> None:
    text = (public / "old/summer/index.html").read_text(encoding="utf-8")
    assert f"<title>{html.escape(NASTY, quote=False)} | Test Times &amp; Co</title>" in text
