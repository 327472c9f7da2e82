"""Stamps: short digests of what a page shows, computed without building its view.

A page is rendered again only when its fingerprint changes. Building every page's view
just to hash it costs about as much as rendering it, so the pages that make up nearly
all of a site (articles, their aliases, paginated lists) are fingerprinted from stamps
instead:

- the *world*: everything every page may show (site.toml, the header, the tickers,
  atlasgen's version through the salt of `digest`);
- per article, a *card* stamp: what a card of it shows (headline, dek, URL, section,
  times, picture, tags and authors with their slugs, draft and scheduled flags), so a
  list page does not change when a story's body does;
- and an *article* stamp: the card stamp and the whole parsed file (the hash of the file's
  text and of the settings it was parsed with, which the loader records as `Article.key`),
  for its own page and the feeds.

A view built from an article reads nothing else about it, so equal stamps mean an equal
view. `tests/test_render_cache.py` holds the stamps to that: cached and clean builds must
match after every kind of edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from .cache import digest
from .config import SiteConfig
from .images import ImageIndex
from .indexes import Indexes
from .model import Article
from .profiles import Profile


class Stamps:
    """Digests for one build; each article's stamp is computed once."""

    def __init__(
        self,
        config: SiteConfig,
        now: datetime,
        indexes: Indexes,
        images: ImageIndex,
        profiles: Mapping[str, Profile],
        *shared: object,
    ) -> None:
        self.now = now
        self.indexes = indexes
        self.images = images
        self.profiles = profiles
        # Where the build writes and caches changes no page; what a page lists is stamped.
        shown = replace(config, build=type(config.build)())
        self.world = digest("world", repr(shown), *(repr(value) for value in shared))
        self._cards: dict[str, str] = {}
        self._articles: dict[str, str] = {}
        self._months = ""

    def card(self, a: Article | None) -> str:
        """What a card of the article shows (views.ArticleCard): lists, related stories."""
        if a is None:
            return "-"
        found = self._cards.get(a.source)
        if found is None:
            local = None
            if a.image is not None and not a.image.external:
                local = self.images.get(a.image.src)
            shown = (
                (a.source, a.url, a.title, a.dek, a.category, a.published, a.updated, a.draft),
                a.published > self.now,
                tuple((t, self.indexes.tags.slug(t)) for t in a.tags),
                tuple((n, self.indexes.authors.slug(n)) for n in a.authors),
                (a.image, local),
            )
            found = self._cards[a.source] = digest("card", repr(shown))
        return found

    def article(self, a: Article) -> str:
        """Everything about the article: its card and its whole parsed file (by the hash
        of what it was parsed from, when the loader gave it one)."""
        found = self._articles.get(a.source)
        if found is None:
            found = self._articles[a.source] = digest("article", self.card(a), a.key or repr(a))
        return found

    def cards(self, found: Sequence[Article | None]) -> str:
        return digest("cards", " ".join([self.card(a) for a in found]))

    def articles(self, found: Sequence[Article]) -> str:
        return digest("articles", " ".join([self.article(a) for a in found]))

    def profile(self, name: str) -> str:
        return repr(self.profiles.get(name.casefold()))

    def months(self) -> str:
        """The archive's months, which every section page links to."""
        if not self._months:
            self._months = digest(
                "months", *(f"{m.url} {m.articles[0].published!r}" for m in self.indexes.archives)
            )
        return self._months
