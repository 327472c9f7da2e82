"""View building (site/pageviews.py and its pieces) details that pages rely on."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from hypothesis import example, given
from hypothesis import strategies as st

from atlasgen.config import parse_config
from atlasgen.content.markdown import MarkdownRenderer, MarkdownSettings
from atlasgen.core.urls import absolute, href
from atlasgen.site.bodies import ArticleBodies
from atlasgen.site.pageviews import PageViews, share_links

CONFIG = parse_config(
    'title = "T"\nbase_url = "https://news.example.org/the news"\ntimezone = "Europe/London"\n'
)
VIEWS = PageViews(
    CONFIG,
    ArticleBodies(MarkdownRenderer(MarkdownSettings(base_path=CONFIG.base_path))),
    datetime(2026, 11, 1, tzinfo=UTC),
)


@given(st.text(max_size=30), st.text(max_size=30))
@example("https://news.example.org/a b/?q=1&r=2#x", 'Rates up 5% & "more" + less / é')
def test_share_urls_quote_as_urlencode_does(url: str, title: str) -> None:
    x, facebook, linkedin, whatsapp, email = (
        link.url for link in share_links(url, title, VIEWS.strings)
    )
    assert x == "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title})
    assert facebook == "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="")
    assert linkedin == "https://www.linkedin.com/sharing/share-offsite/?url=" + quote(url, safe="")
    assert whatsapp == "https://wa.me/?" + urlencode({"text": f"{title} {url}"})
    assert email == "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)


@given(st.text(max_size=30).map(lambda text: "/" + text))
@example("/world/a b/?q=é#x")
def test_links_are_made_once_with_the_text_of_urls_href_and_absolute(url: str) -> None:
    base_path, origin = CONFIG.base_path, CONFIG.origin
    assert VIEWS.links.href(url) == href(base_path, url)
    assert VIEWS.links.href(url) is VIEWS.links.href(url)
    assert VIEWS.links.absolute(url) == absolute(origin, base_path, url)


def test_a_time_is_shown_in_the_site_zone_with_its_format() -> None:
    moment = datetime(2026, 4, 9, 7, 5, 8, 123456, tzinfo=UTC)
    shown = VIEWS.times.time(moment)
    assert (shown.iso, shown.text, shown.epoch) == (
        "2026-04-09T08:05:08+01:00",
        "9 Apr 2026, 08:05:08",
        1775718308,
    )
    assert (VIEWS.times.day(moment).iso, VIEWS.times.day(moment).text) == (
        "2026-04-09T08:05:08+01:00",
        "9 Apr 2026",
    )


def test_a_section_feed_list_is_made_once_for_all_its_pages() -> None:
    world = VIEWS.feeds.links_for(("World", "/world/feed.xml"))
    assert world is VIEWS.feeds.links_for(("World", "/world/feed.xml"))
    base = CONFIG.base_path
    assert [(f.title, f.url) for f in world] == [
        ("T (RSS)", f"{base}/feed.xml"),
        ("T (Atom)", f"{base}/atom.xml"),
        ("T: World", f"{base}/world/feed.xml"),
    ]
    assert VIEWS.feeds.links_for() == world[:2]
