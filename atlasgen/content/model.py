"""The content model: frozen values that every later stage reads and none mutates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any, NamedTuple

from ..core.hashing import digest
from ..core.slugs import slugify


class FrozenMap(dict[str, Any]):
    """A read-only dict that, unlike MappingProxyType, pickles (for the build cache) and
    hashes by identity like the frozen dataclasses that hold it."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("FrozenMap is read-only")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[FrozenMap], tuple[dict[str, Any]]]:
        return (FrozenMap, (dict(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return id(self)


@dataclass(frozen=True)
class Image:
    """A hero image. `src` is a path under content/ ("/images/a.jpg") or an https URL."""

    src: str
    alt: str
    credit: str = ""
    caption: str = ""
    width: int | None = None
    height: int | None = None

    @property
    def external(self) -> bool:
        return self.src.startswith("https://")


class Link(NamedTuple):
    """A link or image destination written in a story's text that stays on the site (no
    scheme, no host: "/images/chart.png", "../spec.pdf"), and the file line it is on."""

    target: str
    line: int
    #: "": a Markdown link or image; "html": an attribute of an HTML tag (a link only
    #: where raw HTML is on); "code": written inside code, shown as text
    kind: str = ""


@dataclass(frozen=True)
class Correction:
    date: datetime
    text: str


@dataclass(frozen=True)
class LiveUpdate:
    """One update of a live blog: a Markdown file in the folder named after the blog's
    file. `stem` is the file's name without `.md`: the update's lasting id on the page
    (`#update-<stem>`), so links to it survive edits and reordering."""

    source: str
    stem: str
    published: datetime
    body: str
    title: str = ""
    authors: tuple[str, ...] = ()
    image: Image | None = None
    pinned: bool = False
    draft: bool = False
    body_line: int = 1
    lines: Mapping[str, int] = field(default_factory=lambda: FrozenMap())
    #: A hash of the file's bytes and the settings it was parsed with.
    key: str = field(default="", compare=False)
    links: tuple[Link, ...] = field(default=(), compare=False)

    @property
    def anchor(self) -> str:
        """The id of the update's element on the blog's page."""
        return f"update-{self.stem}"

    def line_of(self, key: str, index: int | None = None) -> int:
        return self.lines.get(key, 1)


@dataclass(frozen=True)
class Article:
    """One article as the writer committed it, validated and typed.

    `source` is the path relative to the site ("content/tech/foo.md"); `lines` maps each
    front-matter key to its line in that file, so later stages can point at it too.
    `url` is site-relative ("/technology/foo/"), without the base_url's path.
    """

    source: str
    slug: str
    title: str
    published: datetime
    category: str
    body: str
    dek: str = ""
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    updated: datetime | None = None
    takeaways: tuple[str, ...] = ()
    image: Image | None = None
    related: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    draft: bool = False
    live: bool = False  #: a live blog: its updates are the files of its folder (live.py)
    live_ended: datetime | None = None  #: when its coverage ended (or ends)
    extra: Mapping[str, Any] = field(default_factory=lambda: FrozenMap())
    #: the story's language, one of the site's (`SiteConfig.editions`), the first when
    #: its front matter names none; "" in hand-made values: the site's default
    lang: str = ""
    #: shared by the versions of one story in the site's languages (translations)
    translation_key: str = ""
    body_line: int = 1
    lines: Mapping[str, int] = field(default_factory=lambda: FrozenMap())
    item_lines: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: FrozenMap())
    url: str = ""
    #: A hash of everything the article was parsed from (file, settings): two articles
    #: with the same `key` and `image` are equal. "" when not known (hand-made values).
    key: str = field(default="", compare=False)
    #: Where the body starts in the file's text when the loader left it there (`body` is
    #: then ""), so a build does not hold every story's text at once; -1: `body` holds it.
    body_start: int = field(default=-1, compare=False)
    #: `card_key(self)`, filled in by the loader (and kept in the build cache with the
    #: rest), so a build does not hash ten thousand cards again; "" when not known.
    card: str = field(default="", compare=False)
    #: The site-local links and images of the body and takeaways (references.py), found
    #: when the file is parsed and kept with it, as the body is not: what it uses.
    links: tuple[Link, ...] = field(default=(), compare=False)
    #: A live blog's updates this build shows, newest first with the pinned ones ahead
    #: (live.py attaches them after the selection by "now"); () for any other article.
    updates: tuple[LiveUpdate, ...] = ()
    #: A hash of the updates shown (their files' keys): part of the article's stamps.
    updates_key: str = field(default="", compare=False)

    @property
    def category_slug(self) -> str:
        return slugify(self.category)

    @property
    def modified(self) -> datetime:
        """When the story last changed: `updated`, or a newer correction or live update."""
        changed = self.updated or self.published
        if not self.corrections and not self.updates:
            return changed
        more = [c.date for c in self.corrections] + [u.published for u in self.updates]
        return max([changed, *more])

    def live_at(self, now: datetime) -> bool:
        """Whether the story is a live blog whose coverage runs at `now`."""
        return self.live and (self.live_ended is None or self.live_ended > now)

    def line_of(self, key: str, index: int | None = None) -> int:
        """The file line of a key, or of one item of a list-valued key."""
        if index is not None:
            items = self.item_lines.get(key, ())
            if index < len(items):
                return items[index]
        return self.lines.get(key, 1)


def card_key(a: Article) -> str:
    """A hash of what a card of the article shows that its file alone decides: URL,
    headline, dek, section, times, tags and authors, draft, picture. A card also shows
    what the rest of the site decides (tag slugs, a local picture's size, whether the
    story is still scheduled): stamps.py adds those. Times as ISO text, which pins the
    instant; the picture by its fields (`vars`), as its dataclass repr would list them."""
    shown = (a.source, a.url, a.title, a.dek, a.category, a.draft, a.tags, a.authors)
    times = (a.published.isoformat(), a.updated.isoformat() if a.updated else None)
    return digest("card", repr((shown, times, vars(a.image) if a.image else None)))


def newest_first(articles: list[Article] | tuple[Article, ...]) -> tuple[Article, ...]:
    """The one ordering of articles everywhere: newest first, ties broken by URL."""
    return tuple(sorted(articles, key=lambda a: (-a.published.timestamp(), a.url, a.source)))


@dataclass(frozen=True)
class ContentSet:
    """Everything the loader found. `articles` are the ones this build publishes."""

    articles: tuple[Article, ...]
    scheduled: tuple[Article, ...] = ()
    drafts: tuple[Article, ...] = ()
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    data_sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    static_files: tuple[str, ...] = ()
    #: Story files that failed to load this run ("content/world/a.md"): what points at
    #: them is not called dead, their own errors say what is wrong.
    failed: tuple[str, ...] = ()

    @property
    def failed_slugs(self) -> frozenset[str]:
        """The slugs the failed files would most likely have: their names."""
        return frozenset(PurePosixPath(source).stem for source in self.failed)

    #: Live blogs' updates this build holds back (drafts, scheduled), oldest first.
    held_updates: tuple[LiveUpdate, ...] = ()
