"""RSS and Atom feeds: parsed by feedparser and lxml, checked item by item.

The fixture site lives under a base path (https://x.org/news) in Europe/London, so every
absolute URL and every date offset is exercised. `rss_problems` and `atom_problems` hold
the offline stand-in for a feed validator: the elements RSS 2.0 and Atom (RFC 4287)
require, run on the fixture's feeds and on the sample site's.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import feedparser
import lxml.etree as etree
import lxml.html
import pytest
from conftest import article, build, jpeg, make_site
from samplesite import SAMPLE_BASE, build_sample

BASE = "https://x.org/news"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

FEED_TOML = f"""\
title = "Test Times & Co"
base_url = "{BASE}"
timezone = "Europe/London"
"""


BODY = (
    "See [the markets](/markets/) and [elsewhere](https://example.com/?a=1&b=2).\n\n"
    "![A chart](/images/a.jpg)\n\nA note.[^1]\n\n[^1]: The footnote."
)

STORIES: dict[str, str | bytes] = {
    "content/world/summer.md": article(
        "Summer heat grips the south",
        "2026-07-01T10:00:00Z",
        "World",
        BODY,
        dek="Temperatures & tempers rise.",
        updated="2026-07-02T09:00:00Z",
        tags="[Weather, Heat]",
        authors="[Ann Lee, Bob Stone]",
        image="{src: /images/a.jpg, alt: The sun}",
        corrections="[{date: 2026-07-05, text: An earlier version misstated a figure.}]",
    ),
    "content/world/winter.md": article(
        "Winter storm closes roads",
        "2026-01-10T10:00:00Z",
        "World",
        "Snow.",
        dek="Drivers are told to stay home.",
        tags="[Weather]",
        authors="[Ann Lee]",
    ),
    "content/markets/rates.md": article(
        "Rates rise again",
        "2026-11-26T08:00:00Z",
        "Markets",
        "Banks moved.",
        updated="2026-11-26T09:30:00Z",
        tags="[Economy]",
        corrections="[{date: 2026-11-26, text: A correction older than the update.}]",
    ),
    "content/markets/gold.md": article(
        "Gold rallies", "2026-11-20T08:00:00Z", "Markets", "Up.", tags="[Economy, Weather]"
    ),
    "content/world/later.md": article("Scheduled story", "2026-12-01T08:00:00Z"),
    "content/world/draft.md": article("Draft story", "2026-11-25T08:00:00Z", draft="true"),
    "content/images/a.jpg": jpeg(4, 3, "red"),
}

#: the published stories, newest first: (slug URL, title)
ORDER = [
    ("/markets/rates/", "Rates rise again"),
    ("/markets/gold/", "Gold rallies"),
    ("/world/summer/", "Summer heat grips the south"),
    ("/world/winter/", "Winter storm closes roads"),
]


def built_site(root: Path, extra_toml: str = "", *args: str) -> Path:
    site = make_site(root, STORIES, FEED_TOML + extra_toml)
    result = build(site, *args)
    assert result.exit_code == 0, result.output
    return site / "public"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("feeds"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample"))


def parsed(path: Path) -> Any:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def xml(path: Path) -> Any:
    return etree.fromstring(path.read_bytes())


def feeds_in(public: Path) -> list[Path]:
    return sorted(p for p in public.rglob("*.xml") if p.name in ("feed.xml", "atom.xml"))


# -- what a validator would check, offline ---------------------------------------------


def _text(node: Any, path: str) -> str:
    found = node.find(path, NS)
    return "" if found is None or found.text is None else str(found.text).strip()


def rss_problems(data: bytes, self_url: str) -> list[str]:
    """The RSS 2.0 rules (rssboard.org/rss-specification) a feed validator enforces."""
    problems: list[str] = []
    root = etree.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root is <{root.tag} version={root.get('version')!r}>, not <rss version='2.0'>"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} <channel> elements"]
    channel = channels[0]
    for required in ("title", "link", "description"):
        if not _text(channel, required):
            problems.append(f"channel has no {required}")
    if not _text(channel, "link").startswith("https://"):
        problems.append("channel link is not absolute")
    selves = [a for a in channel.findall("atom:link", NS) if a.get("rel") == "self"]
    if [a.get("href") for a in selves] != [self_url]:
        problems.append(f"atom:link rel=self is {[a.get('href') for a in selves]}")
    for date in ("lastBuildDate", "pubDate"):
        value = _text(channel, date)
        if value and not RFC822.match(value):
            problems.append(f"channel {date} {value!r} is not RFC 822")
    image = channel.find("image")
    if image is not None:
        for required in ("url", "title", "link"):
            if not _text(image, required):
                problems.append(f"image has no {required}")
        if _text(image, "title") != _text(channel, "title"):
            problems.append("image title differs from the channel's")
        if _text(image, "link") != _text(channel, "link"):
            problems.append("image link differs from the channel's")
    guids = []
    for n, item in enumerate(channel.findall("item")):
        where = f"item {n}"
        if not (_text(item, "title") or _text(item, "description")):
            problems.append(f"{where} has neither title nor description")
        link = _text(item, "link")
        if not link.startswith("https://"):
            problems.append(f"{where} link {link!r} is not absolute")
        guid = item.find("guid")
        if guid is None:
            problems.append(f"{where} has no guid")
        else:
            guids.append(guid.text)
            if guid.get("isPermaLink") != "true" or guid.text != link:
                problems.append(f"{where} guid is not its permalink")
        if not RFC822.match(_text(item, "pubDate")):
            problems.append(f"{where} pubDate {_text(item, 'pubDate')!r} is not RFC 822")
        enclosures = item.findall("enclosure")
        if len(enclosures) > 1:
            problems.append(f"{where} has {len(enclosures)} enclosures")
        for enclosure in enclosures:
            if not all(enclosure.get(key) for key in ("url", "length", "type")):
                problems.append(f"{where} enclosure lacks url, length or type")
            if not str(enclosure.get("url")).startswith("https://"):
                problems.append(f"{where} enclosure url is not absolute")
        for category in item.findall("category"):
            if not (category.text or "").strip():
                problems.append(f"{where} has an empty category")
    if len(set(guids)) != len(guids):
        problems.append("guids repeat")
    return problems


def _alternates_repeat(node: Any) -> bool:
    """RFC 4287 4.1.1/4.1.2: at most one rel=alternate link per (type, hreflang)."""
    kinds = [
        (link.get("type"), link.get("hreflang"))
        for link in node.findall(f"{ATOM}link")
        if link.get("rel", "alternate") == "alternate"
    ]
    return len(kinds) != len(set(kinds))


def atom_problems(data: bytes, self_url: str) -> list[str]:
    """The rules of RFC 4287 for atom:feed and atom:entry."""
    problems: list[str] = []
    root = etree.fromstring(data)
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}"]

    def once(node: Any, name: str, where: str) -> str:
        found = node.findall(f"{ATOM}{name}")
        if len(found) != 1 or not (found[0].text or "").strip():
            problems.append(f"{where} needs exactly one non-empty {name}, has {len(found)}")
            return ""
        return str(found[0].text).strip()

    if not once(root, "id", "feed").startswith("https://"):
        problems.append("feed id is not an absolute IRI")
    once(root, "title", "feed")
    if not RFC3339.match(once(root, "updated", "feed")):
        problems.append("feed updated is not RFC 3339")
    selves = [x.get("href") for x in root.findall(f"{ATOM}link") if x.get("rel") == "self"]
    if selves != [self_url]:
        problems.append(f"feed rel=self links are {selves}")
    if _alternates_repeat(root):
        problems.append("feed has two alternate links of one type")
    feed_author = any(_text(a, "atom:name") for a in root.findall(f"{ATOM}author"))
    ids = []
    for n, entry in enumerate(root.findall(f"{ATOM}entry")):
        where = f"entry {n}"
        ids.append(once(entry, "id", where))
        once(entry, "title", where)
        if not RFC3339.match(once(entry, "updated", where)):
            problems.append(f"{where} updated is not RFC 3339")
        published = _text(entry, "atom:published")
        if published and not RFC3339.match(published):
            problems.append(f"{where} published is not RFC 3339")
        authors = entry.findall(f"{ATOM}author")
        if not feed_author and not authors:
            problems.append(f"{where} has no author, and neither has the feed")
        if any(not _text(a, "atom:name") for a in authors):
            problems.append(f"{where} has an author without a name")
        links = entry.findall(f"{ATOM}link")
        alternates = [x for x in links if x.get("rel", "alternate") == "alternate"]
        content = entry.find(f"{ATOM}content")
        if content is None and not alternates:
            problems.append(f"{where} has neither content nor an alternate link")
        if content is not None and content.get("src") and entry.find(f"{ATOM}summary") is None:
            problems.append(f"{where} has out-of-line content but no summary")
        if _alternates_repeat(entry):
            problems.append(f"{where} has two alternate links of one type")
        if any(not str(x.get("href")).startswith("https://") for x in links):
            problems.append(f"{where} has a relative link")
    if len(set(ids)) != len(ids):
        problems.append("entry ids repeat")
    return problems


def self_url_of(public: Path, feed: Path) -> str:
    return BASE + "/" + feed.relative_to(public).as_posix()


# -- every feed parses ---------------------------------------------------------------------


def test_every_feed_parses_with_feedparser_and_lxml(public: Path) -> None:
    found = {p.relative_to(public).as_posix() for p in feeds_in(public)}
    assert found == {
        "feed.xml",
        "atom.xml",
        "world/feed.xml",
        "markets/feed.xml",
        "tags/weather/feed.xml",
        "tags/heat/feed.xml",
        "tags/economy/feed.xml",
    }
    for path in feeds_in(public):
        assert parsed(path).entries, path
        xml(path)  # raises on anything that is not well-formed XML


def test_every_feed_has_what_rss_and_atom_require(public: Path) -> None:
    for path in feeds_in(public):
        check = atom_problems if path.name == "atom.xml" else rss_problems
        assert check(path.read_bytes(), self_url_of(public, path)) == [], path


def test_the_sample_sites_feeds_have_what_rss_and_atom_require(sample: Path) -> None:
    base = SAMPLE_BASE
    assert rss_problems((sample / "feed.xml").read_bytes(), base + "feed.xml") == []
    assert atom_problems((sample / "atom.xml").read_bytes(), base + "atom.xml") == []
    for path in feeds_in(sample):
        parsed(path)
        url = base + path.relative_to(sample).as_posix()
        if path.name == "feed.xml":
            assert rss_problems(path.read_bytes(), url) == [], path


def test_the_checks_catch_what_they_look_for() -> None:
    """The offline validator is only worth something if it fails on a broken feed."""
    rss = b"""<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
      <title>T</title><link>/relative/</link>
      <item><title>A</title><link>https://x.org/a/</link><guid>a</guid>
        <pubDate>2026-07-01 10:00</pubDate></item>
    </channel></rss>"""
    assert rss_problems(rss, "https://x.org/feed.xml") == [
        "channel has no description",
        "channel link is not absolute",
        "atom:link rel=self is []",
        "item 0 guid is not its permalink",
        "item 0 pubDate '2026-07-01 10:00' is not RFC 822",
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><id>https://x.org/</id><title>T</title>
      <updated>2026-07-01T10:00:00+01:00</updated>
      <entry><id>https://x.org/a/</id><title>A</title><updated>2026-07-01</updated>
        <link href="https://x.org/a/"/><link href="https://x.org/a.jpg"/></entry>
    </feed>"""
    assert atom_problems(atom, "https://x.org/atom.xml") == [
        "feed rel=self links are []",
        "entry 0 updated is not RFC 3339",
        "entry 0 has no author, and neither has the feed",
        "entry 0 has two alternate links of one type",
    ]


# -- items: count, order, links, dates, guids ----------------------------------------------


def test_the_site_feeds_list_published_stories_newest_first(public: Path) -> None:
    expected = [(BASE + url, title) for url, title in ORDER]
    for name in ("feed.xml", "atom.xml"):
        feed = parsed(public / name)
        assert [(e.link, e.title) for e in feed.entries] == expected, name
        assert [e.id for e in feed.entries] == [link for link, _ in expected], name


def test_rss_links_and_guids_are_absolute_permalinks_under_the_base_path(public: Path) -> None:
    channel = xml(public / "feed.xml").find("channel")
    assert _text(channel, "link") == BASE + "/"
    for item, (url, _) in zip(channel.findall("item"), ORDER, strict=True):
        assert _text(item, "link") == BASE + url
        guid = item.find("guid")
        assert (guid.text, guid.get("isPermaLink")) == (BASE + url, "true")
    summer = channel.findall("item")[2]
    assert summer.find("enclosure").attrib == {
        "url": f"{BASE}/images/a.jpg",
        "length": str(len(STORIES["content/images/a.jpg"])),  # the file's own size
        "type": "image/jpeg",
    }


def test_rss_dates_are_rfc_822_with_the_sites_offset_for_the_day(public: Path) -> None:
    items = {_text(i, "title"): i for i in xml(public / "feed.xml").find("channel")}
    summer = _text(items["Summer heat grips the south"], "pubDate")
    winter = _text(items["Winter storm closes roads"], "pubDate")
    assert summer == "Wed, 01 Jul 2026 11:00:00 +0100"  # British Summer Time
    assert winter == "Sat, 10 Jan 2026 10:00:00 +0000"  # Greenwich Mean Time
    assert parsedate_to_datetime(summer) == datetime.fromisoformat("2026-07-01T10:00:00+00:00")


def test_atom_dates_carry_the_offset_too(public: Path) -> None:
    entries = {_text(e, "atom:title"): e for e in xml(public / "atom.xml").iter(f"{ATOM}entry")}
    summer = entries["Summer heat grips the south"]
    assert _text(summer, "atom:published") == "2026-07-01T11:00:00+01:00"
    assert _text(entries["Winter storm closes roads"], "atom:updated") == (
        "2026-01-10T10:00:00+00:00"
    )


def test_the_channel_date_is_the_newest_items_change(public: Path) -> None:
    channel = xml(public / "feed.xml").find("channel")
    # rates.md: updated 09:30 beats its own older correction and every other story
    assert _text(channel, "lastBuildDate") == "Thu, 26 Nov 2026 09:30:00 +0000"
    assert _text(xml(public / "atom.xml"), "atom:updated") == "2026-11-26T09:30:00+00:00"
    world = xml(public / "world/feed.xml").find("channel")
    assert _text(world, "lastBuildDate") == "Sun, 05 Jul 2026 00:00:00 +0100"  # a correction


def test_a_correction_newer_than_updated_moves_the_atom_updated(public: Path) -> None:
    entries = {_text(e, "atom:title"): e for e in xml(public / "atom.xml").iter(f"{ATOM}entry")}
    assert _text(entries["Summer heat grips the south"], "atom:updated") == (
        "2026-07-05T00:00:00+01:00"  # the correction's day, not updated: 2026-07-02
    )
    assert _text(entries["Rates rise again"], "atom:updated") == "2026-11-26T09:30:00+00:00"


def test_the_guid_survives_an_edit_of_title_and_body(tmp_path: Path) -> None:
    story = "content/world/story.md"
    site = make_site(tmp_path, {story: article("First title", body="First body.")}, FEED_TOML)
    assert build(site).exit_code == 0
    before = parsed(site / "public/feed.xml").entries[0]
    (site / story).write_text(article("A new title", body="A rewritten body."), encoding="utf-8")
    assert build(site).exit_code == 0
    after = parsed(site / "public/feed.xml").entries[0]
    assert (before.title, after.title) == ("First title", "A new title")
    assert "rewritten" in after.content[0].value
    assert after.id == before.id == f"{BASE}/world/story/"
    atom = parsed(site / "public/atom.xml").entries[0]
    assert atom.id == before.id


def test_scheduled_and_draft_stories_stay_out_of_every_feed(public: Path) -> None:
    for path in feeds_in(public):
        text = path.read_text(encoding="utf-8")
        assert "Scheduled story" not in text and "Draft story" not in text, path


# -- content -----------------------------------------------------------------------------


def _urls_in(fragment: str) -> list[str]:
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return [str(v) for el in tree.iter() for k, v in el.attrib.items() if k in ("href", "src")]


def test_rss_carries_the_full_body_with_absolute_urls(public: Path) -> None:
    summer = parsed(public / "feed.xml").entries[2]
    assert _shown_as_html(summer.summary) == "Temperatures & tempers rise."  # RSS: HTML
    body = summer.content[0].value
    assert _urls_in(body) == [
        f"{BASE}/markets/",
        "https://example.com/?a=1&b=2",
        f"{BASE}/static/img/a-4.1e6a0a3161.jpg",  # the body's picture, as on the page
        f"{BASE}/world/summer/#fn1",
        f"{BASE}/world/summer/#fnref1",
    ]
    raw = etree.tostring(xml(public / "feed.xml"), encoding="unicode")
    assert raw.count("<content:encoded>") == 4


def test_atom_carries_summary_and_full_content_with_absolute_urls(public: Path) -> None:
    entry = xml(public / "atom.xml").findall(f"{ATOM}entry")[2]
    assert _text(entry, "atom:summary") == "Temperatures & tempers rise."
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert f"{BASE}/markets/" in _urls_in(content.text)
    assert f"{BASE}/static/img/a-4.1e6a0a3161.jpg" in _urls_in(content.text)
    assert all(u.startswith("https://") for u in _urls_in(content.text))
    assert f'srcset="{BASE}/static/img/a-4.1e6a0a3161.webp 4w"' in content.text


def test_an_atom_entry_links_only_to_its_page(public: Path) -> None:
    """The hero image must not turn into a second rel=alternate link (RFC 4287)."""
    feed = parsed(public / "atom.xml")
    summer = feed.entries[2]
    assert summer.link == f"{BASE}/world/summer/"
    assert [link.href for link in summer.links] == [f"{BASE}/world/summer/"]
    assert summer.media_content[0]["url"] == f"{BASE}/images/a.jpg"


def test_atom_names_the_publication_for_stories_without_an_author(public: Path) -> None:
    feed = parsed(public / "atom.xml")
    assert feed.feed.author == "Test Times & Co"
    by_title = {e.title: e for e in feed.entries}
    assert [a.name for a in by_title["Summer heat grips the south"].authors] == [
        "Ann Lee",
        "Bob Stone",
    ]


# -- section and tag feeds -----------------------------------------------------------------


def test_each_section_has_a_full_feed_of_its_own_stories(public: Path) -> None:
    world = parsed(public / "world/feed.xml")
    assert world.feed.title == "Test Times & Co: World"
    assert world.feed.link == f"{BASE}/world/"
    assert [e.link for e in world.entries] == [f"{BASE}/world/summer/", f"{BASE}/world/winter/"]
    assert all(e.content for e in world.entries)
    markets = parsed(public / "markets/feed.xml")
    assert [e.title for e in markets.entries] == ["Rates rise again", "Gold rallies"]


def test_each_tag_has_a_summary_only_feed(public: Path) -> None:
    weather = parsed(public / "tags/weather/feed.xml")
    assert weather.feed.link == f"{BASE}/tags/weather/"
    assert [e.title for e in weather.entries] == [
        "Gold rallies",
        "Summer heat grips the south",
        "Winter storm closes roads",
    ]
    assert _shown_as_html(weather.entries[1].summary) == "Temperatures & tempers rise."
    assert all("content" not in e for e in weather.entries)
    assert b"content:encoded>" not in (public / "tags/weather/feed.xml").read_bytes()


def test_feeds_items_limits_every_feed(tmp_path: Path) -> None:
    public = built_site(tmp_path, "\n[feeds]\nitems = 1\n")
    assert [e.title for e in parsed(public / "feed.xml").entries] == ["Rates rise again"]
    assert [e.title for e in parsed(public / "atom.xml").entries] == ["Rates rise again"]
    assert [e.title for e in parsed(public / "world/feed.xml").entries] == [
        "Summer heat grips the south"
    ]
    assert len(parsed(public / "tags/weather/feed.xml").entries) == 1
    # the channel date follows what is in the feed
    assert parsed(public / "world/feed.xml").feed.updated == "Sun, 05 Jul 2026 00:00:00 +0100"


def test_full_content_false_drops_the_body_but_keeps_the_summary(tmp_path: Path) -> None:
    public = built_site(tmp_path, "\n[feeds]\nfull_content = false\n")
    for name in ("feed.xml", "world/feed.xml"):
        data = (public / name).read_bytes()
        assert b"content:encoded" not in data, name
        assert rss_problems(data, f"{BASE}/{name}") == []
    atom = (public / "atom.xml").read_bytes()
    assert atom_problems(atom, f"{BASE}/atom.xml") == []
    entries = etree.fromstring(atom).findall(f"{ATOM}entry")
    assert all(e.find(f"{ATOM}content") is None for e in entries)
    assert _text(entries[2], "atom:summary") == "Temperatures & tempers rise."
    assert [_shown_as_html(e.summary) for e in parsed(public / "feed.xml").entries][2] == (
        "Temperatures & tempers rise."
    )


def test_feeds_do_not_depend_on_the_clock(tmp_path: Path) -> None:
    first = built_site(tmp_path / "a", "", "--now", "2026-11-27T12:00:00Z")
    second = built_site(tmp_path / "b", "", "--now", "2026-11-29T18:45:00Z")
    assert [p.relative_to(first) for p in feeds_in(first)] == [
        p.relative_to(second) for p in feeds_in(second)
    ]
    for path in feeds_in(first):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path


# -- pages point at the feeds --------------------------------------------------------------


def alternates(page: Path) -> list[tuple[str, str, str]]:
    tree = lxml.html.fromstring(page.read_bytes())
    return [
        (str(x.get("type")), str(x.get("title")), str(x.get("href")))
        for x in tree.xpath('//head/link[@rel="alternate"]')
    ]


SITE_FEEDS = [
    ("application/rss+xml", "Test Times & Co (RSS)", "/news/feed.xml"),
    ("application/atom+xml", "Test Times & Co (Atom)", "/news/atom.xml"),
]


@pytest.mark.parametrize(
    ("page", "extra"),
    [
        ("index.html", []),
        ("authors/ann-lee/index.html", []),
        (
            "world/summer/index.html",
            [("application/rss+xml", "Test Times & Co: World", "/news/world/feed.xml")],
        ),
        (
            "world/index.html",
            [("application/rss+xml", "Test Times & Co: World", "/news/world/feed.xml")],
        ),
        (
            "tags/weather/index.html",
            [("application/rss+xml", "Test Times & Co: Weather", "/news/tags/weather/feed.xml")],
        ),
    ],
)
def test_pages_link_to_their_feeds(
    public: Path, page: str, extra: list[tuple[str, str, str]]
) -> None:
    found = alternates(public / page)
    assert found == SITE_FEEDS + extra
    for _, _, href in found:
        assert (public / href.removeprefix("/news/")).is_file()


def test_author_pages_have_no_feed_of_their_own(public: Path) -> None:
    """Author pages have no feed of their own: nothing links to one that does not exist."""
    assert not (public / "authors/ann-lee/feed.xml").exists()


def _shown_as_html(text: str) -> str:
    """What a reader shows for the text of an HTML-typed element."""
    return str(lxml.html.fragment_fromstring(f"<p>{text}</p>").text_content())


def test_plain_text_in_html_typed_elements_reads_as_written(tmp_path: Path) -> None:
    dek = "AT&T <b> & <script>x</script> say &amp; it"
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article(
                "Deal", "2026-07-01T10:00:00Z", "World", "Body.", dek=f"'{dek}'"
            )
        },
        FEED_TOML + 'tagline = "News & <views>"\n',
    )
    assert build(site).exit_code == 0
    rss = etree.parse(str(site / "public/feed.xml")).getroot()
    assert _shown_as_html(rss.findtext("channel/description") or "") == "News & <views>"
    assert _shown_as_html(rss.findtext("channel/item/description") or "") == dek
    atom = etree.parse(str(site / "public/atom.xml")).getroot()
    summary = atom.find(f"{ATOM}entry/{ATOM}summary")
    assert summary is not None and summary.get("type", "text") == "text"
    assert summary.text == dek  # type="text": shown as is
    assert atom.findtext(f"{ATOM}subtitle") == "News & <views>"
    item = parsed(site / "public/feed.xml").entries[0]
    assert (
        item.summary == "AT&amp;T &lt;b&gt; &amp; &lt;script&gt;x&lt;/script&gt; say &amp;amp; it"
    )
