"""Embeds: a provider's URL alone in its paragraph becomes a facade that loads the player
only when the reader asks for it.

One table, `PROVIDERS`: each entry is a provider's name, what it embeds (which sets the
box the facade reserves), the pattern its URLs must match in full and the player URL made
from the pattern's named groups. A URL that does not match a pattern exactly stays a
plain link, so a mistyped id never becomes a broken player. Adding a provider is one entry.

As built, a facade asks nothing of the provider: no iframe, script or picture. It shows
the provider's name and the link; the theme's embed.js reveals a "Load … from <provider>"
button that swaps in the player. Without script it is a plain link. Feeds get the link
alone (`embeds_as_links`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from .bodywords import BodyWords


@dataclass(frozen=True)
class Provider:
    name: str  #: as readers know it: "YouTube"
    kind: str  #: "video", "short", "post", "audio", "podcast" or "chart": the facade's box
    pattern: re.Pattern[str]  #: the whole URL; named groups feed `player`
    player: str  #: str.format template of the player's URL; {url} is the matched URL, quoted


def _provider(name: str, kind: str, pattern: str, player: str) -> Provider:
    return Provider(name, kind, re.compile(pattern), player)


_ID = r"[A-Za-z0-9_-]"
PROVIDERS: tuple[Provider, ...] = (
    _provider(
        "YouTube",
        "video",
        rf"https://(?:(?:www\.|m\.)?youtube\.com/(?:watch\?v=|shorts/|live/|embed/)"
        rf"|youtu\.be/)(?P<id>{_ID}{{11}})(?:[?&]si={_ID}{{1,40}})?",
        "https://www.youtube-nocookie.com/embed/{id}?autoplay=1",
    ),
    _provider(
        "Vimeo",
        "video",
        r"https://(?:www\.)?vimeo\.com/(?P<id>[1-9][0-9]{5,11})",
        "https://player.vimeo.com/video/{id}?dnt=1&autoplay=1",
    ),
    _provider(
        "X",
        "post",
        r"https://(?:www\.|mobile\.)?(?:twitter|x)\.com/[A-Za-z0-9_]{1,15}/status/"
        r"(?P<id>[1-9][0-9]{0,19})",
        "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true",
    ),
    _provider(
        "Instagram",
        "post",
        rf"https://(?:www\.)?instagram\.com/(?P<type>p|reel)/(?P<id>{_ID}{{5,40}})/?",
        "https://www.instagram.com/{type}/{id}/embed/",
    ),
    _provider(
        "TikTok",
        "short",
        r"https://(?:www\.)?tiktok\.com/@[A-Za-z0-9_.]{1,24}/video/(?P<id>[1-9][0-9]{9,24})",
        "https://www.tiktok.com/player/v1/{id}",
    ),
    _provider(
        "Threads",
        "post",
        rf"https://(?:www\.)?threads\.(?:net|com)/@(?P<user>[A-Za-z0-9_.]{{1,30}})/post/"
        rf"(?P<id>{_ID}{{5,40}})/?",
        "https://www.threads.net/@{user}/post/{id}/embed",
    ),
    _provider(
        "Bluesky",
        "post",
        r"https://bsky\.app/profile/(?P<user>(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,63}"
        r"|did:plc:[a-z2-7]{24})/post/(?P<id>[a-z2-7]{13})",
        "https://embed.bsky.app/embed/{user}/app.bsky.feed.post/{id}",
    ),
    _provider(
        "Facebook",
        "post",
        r"https://(?:www\.)?facebook\.com/[A-Za-z0-9.]{1,50}/(?P<type>post|video)s/"
        r"(?P<id>[1-9][0-9]{4,24})/?",
        "https://www.facebook.com/plugins/{type}.php?href={url}",
    ),
    _provider(
        "Spotify",
        "audio",
        r"https://open\.spotify\.com/(?P<type>track|episode|show|album|playlist)/"
        r"(?P<id>[A-Za-z0-9]{22})(?:\?si=[A-Za-z0-9]{1,40})?",
        "https://open.spotify.com/embed/{type}/{id}",
    ),
    _provider(
        "Apple Podcasts",
        "podcast",
        r"https://podcasts\.apple\.com/(?P<cc>[a-z]{2})/podcast/(?P<slug>[a-z0-9-]{1,120})/"
        r"id(?P<id>[1-9][0-9]{4,11})(?P<episode>\?i=[1-9][0-9]{4,15})?",
        "https://embed.podcasts.apple.com/{cc}/podcast/{slug}/id{id}{episode}",
    ),
    _provider(
        "SoundCloud",
        "audio",
        r"https://(?:www\.)?soundcloud\.com/(?P<user>[a-z0-9_-]{2,50})/"
        r"(?P<id>(?:sets/)?[a-z0-9_-]{1,100})",
        "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2F{user}%2F{id}",
    ),
    _provider(
        "Datawrapper",
        "chart",
        r"https://(?:datawrapper\.dwcdn\.net|www\.datawrapper\.de/_)/(?P<id>[A-Za-z0-9]{5})"
        r"/(?:[1-9][0-9]{0,2}/)?",
        "https://datawrapper.dwcdn.net/{id}/",
    ),
    _provider(
        "Flourish",
        "chart",
        r"https://public\.flourish\.studio/(?P<type>visualisation|story)/(?P<id>[1-9][0-9]{0,9})/?",
        "https://flo.uri.sh/{type}/{id}/embed",
    ),
)


@dataclass(frozen=True)
class Embed:
    provider: Provider
    url: str  #: the URL as written (it matched the provider's pattern in full)
    id: str  #: the id parsed out of it
    player: str  #: the player's URL, loaded only on the reader's click


def find_embed(url: str) -> Embed | None:
    """The embed a URL stands for, or None when no provider's pattern matches it exactly."""
    for provider in PROVIDERS:
        match = provider.pattern.fullmatch(url)
        if match is not None:
            groups = {k: v or "" for k, v in match.groupdict().items()}
            player = provider.player.format(url=quote(url, safe=""), **groups)
            return Embed(provider, url, groups["id"], player)
    return None


def _host(url: str) -> str:
    return url.split("/", 3)[2]


#: The hosts the players are loaded from: the only hosts a sanitizer should let an iframe
#: load from.
PLAYER_HOSTS: frozenset[str] = frozenset(_host(p.player) for p in PROVIDERS)


def player_hosts() -> frozenset[str]:
    """`PLAYER_HOSTS`, for callers that want a function."""
    return PLAYER_HOSTS


def is_player_url(url: str) -> bool:
    """True for an https URL on one of the player hosts (an iframe a sanitizer may keep)."""
    return url.startswith("https://") and _host(url + "/").lower() in PLAYER_HOSTS


@dataclass(frozen=True)
class EmbedText:
    """The facade's words: the link's text (a title the writer gave, else the URL)."""

    title: str


def facade_html(embed: Embed, text: EmbedText, words: BodyWords) -> str:
    """The facade: the provider's name and the link, in a box the size of the player,
    with a button (revealed by embed.js) that loads the player. Every value escaped;
    the words in the site's language."""
    provider = embed.provider
    kind, name = provider.kind, provider.name
    label = words.embed(kind, name)
    title = words.titled(label, text.title) if text.title != embed.url else label
    return (
        f'<figure class="embed embed--{kind}" data-embed="{escape(embed.player)}"'
        f' data-embed-title="{escape(title)}">'
        f'<div class="embed__box"><p class="embed__provider">{escape(label)}</p>'
        f'<a class="embed__link" href="{escape(embed.url)}" rel="noopener">'
        f"{escape(text.title)}</a>"
        f'<p class="embed__action" hidden data-pagefind-ignore>'
        f'<button class="embed__load" type="button">{escape(words.load(kind, name))}</button> '
        f"<span>{escape(words.connects(name))}</span></p>"
        f"</div></figure>\n"
    )


#: A facade as `facade_html` writes it, with its link: what feeds get instead.
_FACADE = re.compile(
    r'<figure class="embed embed--[a-z]+" data-embed="[^"]*" data-embed-title="[^"]*">'
    r'<div class="embed__box"><p class="embed__provider">[^<]*</p>'
    r'(<a class="embed__link" href="[^"]*" rel="noopener">[^<]*</a>)'
    r".*?</div></figure>",
    re.DOTALL,
)


def embeds_as_links(html: str) -> str:
    """Body HTML with each facade replaced by a paragraph holding its link (for feeds,
    where no player belongs)."""
    if 'class="embed ' not in html:
        return html
    return _FACADE.sub(lambda m: f"<p>{m.group(1)}</p>", html)


def link_html(url: str, title: str) -> str:
    """A URL alone in its paragraph that is no embed: a plain link."""
    return f'<p><a href="{escape(url)}" rel="noopener">{escape(title)}</a></p>\n'
