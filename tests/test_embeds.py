"""Embeds from a URL alone in its paragraph: every provider's good URLs become a facade with
the right player, near misses stay plain links, hostile URLs never reach an attribute
unescaped."""

from __future__ import annotations

import re

import pytest

from atlasgen.content.embeds import (
    PLAYER_HOSTS,
    PROVIDERS,
    embeds_as_links,
    find_embed,
    is_player_url,
)
from atlasgen.content.markdown import MarkdownRenderer, MarkdownSettings

#: provider -> (URL as a reporter pastes it, the id parsed, the player URL)
GOOD = [
    ("YouTube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("YouTube", "https://youtu.be/dQw4w9WgXcQ?si=AbC_12-x", "dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("YouTube", "https://youtube.com/shorts/a1B2c3D4e5F", "a1B2c3D4e5F",
     "https://www.youtube-nocookie.com/embed/a1B2c3D4e5F?autoplay=1"),
    ("YouTube", "https://m.youtube.com/watch?v=a1B2c3D4e5F", "a1B2c3D4e5F",
     "https://www.youtube-nocookie.com/embed/a1B2c3D4e5F?autoplay=1"),
    ("Vimeo", "https://vimeo.com/76979871", "76979871",
     "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
    ("X", "https://x.com/nasa/status/1861234567890123456", "1861234567890123456",
     "https://platform.twitter.com/embed/Tweet.html?id=1861234567890123456&dnt=true"),
    ("X", "https://twitter.com/BBCWorld/status/20", "20",
     "https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true"),
    ("Instagram", "https://www.instagram.com/p/C0abcDEF123/", "C0abcDEF123",
     "https://www.instagram.com/p/C0abcDEF123/embed/"),
    ("Instagram", "https://instagram.com/reel/C0abcDEF123", "C0abcDEF123",
     "https://www.instagram.com/reel/C0abcDEF123/embed/"),
    ("TikTok", "https://www.tiktok.com/@bbcnews/video/7301234567890123456",
     "7301234567890123456", "https://www.tiktok.com/player/v1/7301234567890123456"),
    ("Threads", "https://www.threads.net/@reuters/post/C1aBcD2eFgH", "C1aBcD2eFgH",
     "https://www.threads.net/@reuters/post/C1aBcD2eFgH/embed"),
    ("Bluesky", "https://bsky.app/profile/atlas.bsky.social/post/3kabcdefghij2", "3kabcdefghij2",
     "https://embed.bsky.app/embed/atlas.bsky.social/app.bsky.feed.post/3kabcdefghij2"),
    ("Facebook", "https://www.facebook.com/bbcnews/posts/1234567890123", "1234567890123",
     "https://www.facebook.com/plugins/post.php?href="
     "https%3A%2F%2Fwww.facebook.com%2Fbbcnews%2Fposts%2F1234567890123"),
    ("Facebook", "https://www.facebook.com/bbcnews/videos/98765432101/", "98765432101",
     "https://www.facebook.com/plugins/video.php?href="
     "https%3A%2F%2Fwww.facebook.com%2Fbbcnews%2Fvideos%2F98765432101%2F"),
    ("Spotify", "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk", "4rOoJ6Egrf8K2IrywzwOMk",
     "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk"),
    ("Spotify", "https://open.spotify.com/track/4rOoJ6Egrf8K2IrywzwOMk?si=abc123",
     "4rOoJ6Egrf8K2IrywzwOMk", "https://open.spotify.com/embed/track/4rOoJ6Egrf8K2IrywzwOMk"),
    ("Apple Podcasts", "https://podcasts.apple.com/gb/podcast/the-daily/id1200361736?i=1000650000000",
     "1200361736",
     "https://embed.podcasts.apple.com/gb/podcast/the-daily/id1200361736?i=1000650000000"),
    ("SoundCloud", "https://soundcloud.com/atlas-news/morning-briefing", "morning-briefing",
     "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fatlas-news%2Fmorning-briefing"),
    ("Datawrapper", "https://datawrapper.dwcdn.net/Kq3Zt/2/", "Kq3Zt",
     "https://datawrapper.dwcdn.net/Kq3Zt/"),
    ("Datawrapper", "https://www.datawrapper.de/_/Kq3Zt/", "Kq3Zt",
     "https://datawrapper.dwcdn.net/Kq3Zt/"),
    ("Flourish", "https://public.flourish.studio/visualisation/1234567/", "1234567",
     "https://flo.uri.sh/visualisation/1234567/embed"),
    ("Flourish", "https://public.flourish.studio/story/98765", "98765",
     "https://flo.uri.sh/story/98765/embed"),
]  # fmt: skip

#: Near misses: each looks like a provider's URL and must stay a plain link.
NEAR_MISSES = [
    "https://www.youtube.com/watch?v=dQw4w9WgXc",  # 10 characters: one short
    "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",  # 12
    "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
    "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://youtube.com/channel/UC16niRr50-MSBwiO3YDb3RA",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1",
    "https://vimeo.com/channels/staffpicks",
    "https://vimeo.com/0123456",
    "https://x.com/nasa",
    "https://x.com/nasa/status/abc",
    "https://x.com/this_name_is_far_too_long/status/12345",
    "https://www.instagram.com/nasa/",
    "https://www.tiktok.com/@bbcnews",
    "https://www.threads.net/@reuters",
    "https://bsky.app/profile/atlas.bsky.social",
    "https://bsky.app/profile/atlas.bsky.social/post/3kabcdefghij",  # 12 characters
    "https://www.facebook.com/bbcnews",
    "https://open.spotify.com/episode/short",
    "https://open.spotify.com/user/4rOoJ6Egrf8K2IrywzwOMk",
    "https://podcasts.apple.com/gb/podcast/the-daily",
    "https://soundcloud.com/atlas-news",
    "https://datawrapper.dwcdn.net/Kq3Zt",
    "https://datawrapper.dwcdn.net/Kq3Ztx/1/",
    "https://public.flourish.studio/visualisation/",
    "https://example.com/watch?v=dQw4w9WgXcQ",
]

#: Hostile URLs: quotes, angle brackets, javascript: hidden in a provider-like URL.
HOSTILE = [
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ"onmouseover="alert(1)',
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ'onfocus='alert(1)",
    'https://x.com/a/status/1"><script>alert(1)</script>',
    "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://vimeo.com/123456#javascript:alert(1)",
    "https://public.flourish.studio/visualisation/1/\"style='x'",
    "JaVaScRiPt:alert(document.domain)",
]

render = MarkdownRenderer(MarkdownSettings(base_path="/news")).render


@pytest.mark.parametrize(("name", "url", "id", "player"), GOOD)
def test_a_providers_url_gives_its_id_and_player(name: str, url: str, id: str, player: str) -> None:
    embed = find_embed(url)
    assert embed is not None
    assert (embed.provider.name, embed.id, embed.player) == (name, id, player)
    assert is_player_url(embed.player)


def test_every_provider_has_a_good_url_here() -> None:
    assert {name for name, *_ in GOOD} == {p.name for p in PROVIDERS}
    assert len(PROVIDERS) == 13


def test_youtube_plays_from_the_no_cookie_host() -> None:
    assert "www.youtube-nocookie.com" in PLAYER_HOSTS
    assert not any(host.removeprefix("www.") == "youtube.com" for host in PLAYER_HOSTS)


@pytest.mark.parametrize(("name", "url", "id", "player"), GOOD)
def test_a_url_alone_in_its_paragraph_becomes_a_facade(
    name: str, url: str, id: str, player: str
) -> None:
    html = render(f"Before.\n\n{url}\n\nAfter.")
    assert html.count('<figure class="embed') == 1
    assert f'data-embed="{player.replace("&", "&amp;")}"' in html
    assert f'<a class="embed__link" href="{url.replace("&", "&amp;")}" rel="noopener">' in html
    assert f"from {name}</button>" in html
    assert '<p class="embed__action" hidden data-pagefind-ignore>' in html  # not searched
    assert "<iframe" not in html and "<script" not in html  # nothing loads from the provider


def test_a_titled_link_alone_is_a_facade_named_by_its_title() -> None:
    html = render("[The closing plenary](https://youtu.be/dQw4w9WgXcQ)")
    assert 'data-embed-title="YouTube video: The closing plenary"' in html
    assert ">The closing plenary</a>" in html


@pytest.mark.parametrize("url", NEAR_MISSES)
def test_a_near_miss_stays_a_plain_link(url: str) -> None:
    assert find_embed(url) is None
    html = render(url)
    shown = url.replace("&", "&amp;")
    assert html == f'<p><a href="{shown}" rel="noopener">{shown}</a></p>\n'


def test_a_provider_url_inside_a_sentence_stays_text() -> None:
    html = render("See https://youtu.be/dQw4w9WgXcQ for the clip.")
    assert html == "<p>See https://youtu.be/dQw4w9WgXcQ for the clip.</p>\n"


def test_a_provider_url_in_a_list_or_quote_is_not_embedded() -> None:
    for text in ("- https://youtu.be/dQw4w9WgXcQ", "> https://youtu.be/dQw4w9WgXcQ"):
        assert "embed" not in render(text)


@pytest.mark.parametrize("url", HOSTILE)
@pytest.mark.parametrize("form", ["{}", "<{}>", "[a title]({})", '[x"y](<{}>)'])
def test_a_hostile_url_never_reaches_an_attribute_unescaped(url: str, form: str) -> None:
    html = render(form.format(url))
    assert "<script" not in html
    for value in re.findall(r'=\s*"([^"]*)"', html):
        assert "'" not in value and "<" not in value, html
    assert not re.search(r"""(href|src|data-embed)\s*=\s*["']?\s*javascript:""", html, re.I)
    assert not re.search(r"<[^>]*\son\w+\s*=", html), html  # no event handler attribute
    assert 'class="embed' not in html  # no hostile URL matches a provider exactly


def test_feeds_get_the_link_of_an_embed_never_its_player() -> None:
    html = render("https://youtu.be/dQw4w9WgXcQ\n\nText.")
    assert embeds_as_links(html) == (
        '<p><a class="embed__link" href="https://youtu.be/dQw4w9WgXcQ" rel="noopener">'
        "https://youtu.be/dQw4w9WgXcQ</a></p>\n<p>Text.</p>\n"
    )


def test_player_hosts_are_the_players_only() -> None:
    assert is_player_url("https://player.vimeo.com/video/1")
    assert not is_player_url("http://player.vimeo.com/video/1")
    assert not is_player_url("https://player.vimeo.com.evil.example/video/1")
    assert not is_player_url("https://evil.example/?https://player.vimeo.com/")


def test_with_raw_html_allowed_an_embed_is_kept_whole_and_raw_html_still_cleaned() -> None:
    text = "https://youtu.be/dQw4w9WgXcQ\n\n"
    text += '<a href="javascript:alert(1)">x</a>\n\n<p>atlasgen-media-0</p>'
    raw = MarkdownRenderer(MarkdownSettings(html=True)).render(text)
    plain = MarkdownRenderer(MarkdownSettings()).render("https://youtu.be/dQw4w9WgXcQ")
    assert raw.startswith(plain)
    assert "<p><a>x</a></p>" in raw and "javascript" not in raw
    assert raw.endswith("<p>atlasgen-media-0</p>")  # a writer's look-alike stays text
