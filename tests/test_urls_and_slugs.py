"""Slugs, permalinks and links: every URL a page carries respects the base_url's path."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from conftest import article, build, make_site
from hypothesis import example, given
from hypothesis import strategies as st

from atlasgen.core.slugs import _folded, is_slug, slugify
from atlasgen.core.urls import absolute, article_url, href, output_path, page_url

LONDON = ZoneInfo("Europe/London")

# -- slugify ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("World & Politics", "world-politics"),
        ("Élections", "elections"),
        ("Technology", "technology"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("F#", "f-sharp"),
        ("C", "c"),
        ("M&A", "m-a"),
        ("AT&T", "at-t"),
        ("L'Oréal", "loreal"),
        ("Straße", "strasse"),
        ("Ørsted", "orsted"),
        ("Łódź", "lodz"),  # letters of their own, which no accent folding reaches
        ("Đoković", "dokovic"),
        ("Ærø", "aero"),
        ("Œuvre", "oeuvre"),
        ("Þingvellir", "thingvellir"),
        ("Ħamrun", "hamrun"),
        ("Wi-Fi 6E", "wi-fi-6e"),
        ("2026 Election", "2026-election"),
        ("  Artificial   intelligence  ", "artificial-intelligence"),
        ("Middle East -- Africa", "middle-east-africa"),
    ],
)
def test_slugify_makes_ascii_url_words(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert is_slug(slug)


def test_c_plus_plus_c_sharp_and_c_stay_apart() -> None:
    assert len({slugify("C++"), slugify("C#"), slugify("C")}) == 3


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Москва", "москва"),
        ("東京", "東京"),
        ("Ελλάδα", "ελλαδα"),
        ("Новости мира", "новости-мира"),
    ],
)
def test_a_name_in_a_non_latin_script_keeps_its_letters(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_non_latin_slug_is_percent_encoded_in_links() -> None:
    assert href("", f"/tags/{slugify('Москва')}/") == "/tags/%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0/"


@given(st.text(alphabet=st.sampled_from("aZ09 -_'+#@.&é–ßÆ\t") | st.characters(), max_size=30))
@example("C++ and C# in 2026")
@example("What's next?")
@example("'''")
@example("")
def test_the_plain_ascii_shortcut_slugs_as_the_folding_does(text: str) -> None:
    assert slugify(text) == _folded(text)


def test_a_name_of_only_symbols_has_no_slug() -> None:
    assert slugify("&&") == ""
    assert slugify("  ") == ""


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("muse-spark", True),
        ("a1", True),
        ("2026", True),
        ("Muse-Spark", False),
        ("muse--spark", False),
        ("-muse", False),
        ("muse-", False),
        ("muse_spark", False),
        ("", False),
        ("élan", False),
    ],
)
def test_is_slug_accepts_lowercase_words_joined_by_single_hyphens(text: str, ok: bool) -> None:
    assert is_slug(text) is ok


# -- permalinks -----------------------------------------------------------------------------


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_the_default_permalink_is_category_then_slug() -> None:
    url = article_url(
        "/{category}/{slug}/", "muse-spark", "technology", at("2026-04-09T11:32:58+01:00"), LONDON
    )
    assert url == "/technology/muse-spark/"


def test_permalink_dates_have_two_digit_month_and_day() -> None:
    url = article_url(
        "/{year}/{month}/{day}/{slug}/", "a", "world", at("2026-04-09T11:32:58+01:00"), LONDON
    )
    assert url == "/2026/04/09/a/"


def test_permalink_dates_are_in_site_time_not_the_writers_offset() -> None:
    url = article_url(
        "/{year}/{month}/{day}/{slug}/", "nye", "world", at("2026-12-31T23:30:00-05:00"), LONDON
    )
    assert url == "/2027/01/01/nye/"


def test_permalink_dates_follow_the_site_zone_across_midnight_the_other_way() -> None:
    url = article_url(
        "/{year}/{month}/{day}/{slug}/",
        "early",
        "world",
        at("2026-07-01T00:30:00+01:00"),
        ZoneInfo("America/New_York"),
    )
    assert url == "/2026/06/30/early/"


def test_an_html_permalink() -> None:
    url = article_url(
        "/{category}/{year}/{slug}.html", "a", "world", at("2026-04-09T11:32:58+01:00"), LONDON
    )
    assert url == "/world/2026/a.html"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/", "index.html"),
        ("/technology/muse-spark/", "technology/muse-spark/index.html"),
        ("/world/2026/a.html", "world/2026/a.html"),
        ("/404.html", "404.html"),
        ("/world/page/2/", "world/page/2/index.html"),
    ],
)
def test_output_path_serves_folders_from_index_html(url: str, path: str) -> None:
    assert output_path(url) == path


def test_page_url_counts_pages_from_one_and_page_one_is_the_list_itself() -> None:
    assert page_url("/world/", 1) == "/world/"
    assert page_url("/world/", 2) == "/world/page/2/"
    assert page_url("/tags/c-plus-plus/", 12) == "/tags/c-plus-plus/page/12/"


def test_href_and_absolute_put_the_base_path_in_front() -> None:
    assert href("/news", "/world/a/") == "/news/world/a/"
    assert href("", "/world/a/") == "/world/a/"
    assert absolute("https://x.org", "/news", "/world/a/") == "https://x.org/news/world/a/"
    assert href("/news", "/a b/") == "/news/a%20b/"


# -- a built site under a sub-path -------------------------------------------------------------

SUBPATH_TOML = """\
title = "The News"
base_url = "https://x.org/news"
timezone = "Europe/London"

[build]
page_size = 2
"""

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
    b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


class _Links(HTMLParser):
    """Every href/src/action value and every <link rel=canonical> in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.canonical: list[str] = []
        self.og_url: list[str] = []
        self.refresh: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src", "action"):
            if found.get(name):
                self.links.append(str(found[name]))
        if tag == "link" and found.get("rel") == "canonical":
            self.canonical.append(str(found["href"]))
        if tag == "meta" and found.get("property") == "og:url":
            self.og_url.append(str(found["content"]))
        if tag == "meta" and found.get("http-equiv") == "refresh":
            self.refresh.append(str(found["content"]).split("url=", 1)[1])


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("subpath")
    site = make_site(
        root,
        {
            "content/world/a.md": article(
                "Story A",
                "2026-11-20T10:00:00+00:00",
                tags="[Économie, C++]",
                authors="[Jane Doe]",
                image="{src: /images/pic.png, alt: A picture}",
                aliases="[/old/story-a/]",
                body="See [story B](/world/b/) and [the list](/world/).\n\n"
                "![inline](/images/pic.png)\n\nA footnote.[^1]\n\n[^1]: Here.\n\n"
                "[Elsewhere](https://example.com/) and [top](#top).",
            ),
            "content/world/b.md": article("Story B", "2026-11-21T10:00:00+00:00"),
            "content/world/c.md": article("Story C", "2026-11-22T10:00:00+00:00"),
            "content/world/d.md": article("Story D", "2026-11-23T10:00:00+00:00"),
            "content/world/e.md": article("Story E", "2026-11-24T10:00:00+00:00"),
            "content/tech/f.md": article(
                "Story F", "2026-11-25T10:00:00+00:00", category="Technology", tags="[Москва]"
            ),
            "content/images/pic.png": PNG,
        },
        site_toml=SUBPATH_TOML,
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    return site / "public"


def html_pages(public: Path) -> list[Path]:
    return sorted(public.rglob("*.html"))


def test_every_internal_link_in_every_page_starts_with_the_base_path(subpath_site: Path) -> None:
    wrong = []
    checked = 0
    for page in html_pages(subpath_site):
        for link in parse(page).links:
            if link.startswith(("https://", "mailto:", "#")):
                continue
            checked += 1
            if not link.startswith("/news/"):
                wrong.append((page.relative_to(subpath_site).as_posix(), link))
    assert wrong == []
    assert checked > 50


def test_markdown_links_and_images_in_a_body_get_the_base_path(subpath_site: Path) -> None:
    links = parse(subpath_site / "world/a/index.html").links
    assert "/news/world/b/" in links
    assert "/news/world/" in links
    assert any(link.startswith("/news/static/img/pic-") for link in links)  # its variants
    assert "https://example.com/" in links


def test_internal_links_point_at_files_that_were_built(subpath_site: Path) -> None:
    missing = set()
    for page in html_pages(subpath_site):
        for link in parse(page).links:
            if not link.startswith("/news/"):
                continue
            path = link.removeprefix("/news/").split("#")[0]
            target = subpath_site / unquote(path)
            if not (target.is_file() or (target / "index.html").is_file()):
                missing.add(link)
    assert missing == set()


def test_canonical_urls_are_absolute_and_carry_the_base_path(subpath_site: Path) -> None:
    for page in html_pages(subpath_site):
        if page.parent.name == "_includes":  # ticker fragments, not pages
            continue
        found = parse(page)
        assert len(found.canonical) == 1, page
        assert found.canonical[0].startswith("https://x.org/news/"), page
        for og in found.og_url:
            assert og == found.canonical[0]
    assert parse(subpath_site / "world/a/index.html").canonical == ["https://x.org/news/world/a/"]
    assert parse(subpath_site / "index.html").canonical == ["https://x.org/news/"]
    assert parse(subpath_site / "world/page/2/index.html").canonical == [
        "https://x.org/news/world/page/2/"
    ]


def test_an_alias_redirects_to_the_article_under_the_base_path(subpath_site: Path) -> None:
    found = parse(subpath_site / "old/story-a/index.html")
    assert found.refresh == ["/news/world/a/"]
    assert found.canonical == ["https://x.org/news/world/a/"]


def test_the_stylesheet_and_images_live_under_the_base_path(subpath_site: Path) -> None:
    links = parse(subpath_site / "world/a/index.html").links
    css = [link for link in links if link.endswith(".css")]
    assert len(css) == 1 and re.fullmatch(r"/news/static/atlas\.[0-9a-f]{10}\.css", css[0])
    assert (subpath_site / css[0].removeprefix("/news/")).is_file()
    assert (subpath_site / "static/atlas.css").is_file()
    assert (subpath_site / "images/pic.png").read_bytes() == PNG


def test_a_section_is_paginated_with_page_size(subpath_site: Path) -> None:
    assert sorted(
        p.relative_to(subpath_site).as_posix()
        for p in (subpath_site / "world").rglob("index.html")
        if "page" in p.parts or p.parent == subpath_site / "world"
    ) == ["world/index.html", "world/page/2/index.html", "world/page/3/index.html"]
    assert not (subpath_site / "world/page/1").exists()
    assert not (subpath_site / "world/page/4").exists()


def nav(page: Path, rel: str) -> list[str]:
    """The href of the pagination link with rel="prev"/"next", if any."""

    class Finder(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            if tag == "a" and values.get("rel") == rel:
                self.found.append(str(values["href"]))

    finder = Finder()
    finder.feed(page.read_text(encoding="utf-8"))
    return finder.found


def test_section_pages_link_to_their_neighbours(subpath_site: Path) -> None:
    first = subpath_site / "world/index.html"
    second = subpath_site / "world/page/2/index.html"
    last = subpath_site / "world/page/3/index.html"
    assert (nav(first, "prev"), nav(first, "next")) == ([], ["/news/world/page/2/"])
    assert (nav(second, "prev"), nav(second, "next")) == (["/news/world/"], ["/news/world/page/3/"])
    assert (nav(last, "prev"), nav(last, "next")) == (["/news/world/page/2/"], [])


def test_section_pages_hold_page_size_articles_newest_first(subpath_site: Path) -> None:
    def titles(page: Path) -> list[str]:
        text = page.read_text(encoding="utf-8")
        return [
            t
            for t in ("Story A", "Story B", "Story C", "Story D", "Story E")
            if f">{t}<" in text.split('<div class="stream">', 1)[1]
        ]

    assert sorted(titles(subpath_site / "world/index.html")) == ["Story D", "Story E"]
    assert sorted(titles(subpath_site / "world/page/2/index.html")) == ["Story B", "Story C"]
    assert titles(subpath_site / "world/page/3/index.html") == ["Story A"]


def test_a_small_section_is_not_paginated(subpath_site: Path) -> None:
    assert (subpath_site / "technology/index.html").is_file()
    assert not (subpath_site / "technology/page").exists()
    assert nav(subpath_site / "technology/index.html", "next") == []


def test_tag_and_author_pages_use_slugs(subpath_site: Path) -> None:
    assert (subpath_site / "tags/c-plus-plus/index.html").is_file()
    assert (subpath_site / "tags/economie/index.html").is_file()
    assert (subpath_site / "tags/москва/index.html").is_file()
    assert (subpath_site / "authors/jane-doe/index.html").is_file()


# -- permalinks in a built site -------------------------------------------------------------


def test_a_dated_permalink_uses_the_site_day(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/x/nye.md": article(
                "New Year", "2026-12-31T23:30:00-05:00", category="World & Politics"
            ),
            "content/x/local.md": article("Local", "2026-11-01T00:30:00", category="Élections"),
        },
        site_toml='title = "T"\nbase_url = "https://x.org"\ntimezone = "Europe/London"\n'
        '[build]\npermalink = "/{year}/{month}/{day}/{category}/{slug}.html"\n',
    )
    result = build(site, "--future")
    assert result.exit_code == 0, result.output
    public = site / "public"
    assert (public / "2027/01/01/world-politics/nye.html").is_file()
    assert (public / "2026/11/01/elections/local.html").is_file()
    assert (public / "world-politics/index.html").is_file()
    assert (public / "elections/index.html").is_file()


def test_two_articles_on_one_permalink_name_both_files(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/one/story.md": article("One"),
            "content/two/story.md": article("Two"),
        },
    )
    result = build(site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/two/story.md:1: slug: /world/story/ is also the URL of content/one/story.md "
        "(give one of them another slug)"
    )
