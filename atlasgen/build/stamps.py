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
  and a live blog's updates (`Article.updates_key`), with what its body shows of the
  site's files (pictures, video and audio: mediaplan.py), for its own page and the feeds.

A view built from an article reads nothing else about it, so equal stamps mean an equal
view. `tests/test_cache.py` holds the stamps to that (cached and clean builds must match
after every kind of edit), and `tests/test_plan.py` checks a card stamp field by field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from ..config import SiteConfig
from ..content.images import ImageIndex
from ..content.mediaplan import BodyMedia
from ..content.model import Article, card_key
from ..content.profiles import Profile
from ..core.hashing import digest
from ..site.groupings import Indexes


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
        media: BodyMedia | None = None,
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
        self.media = media or BodyMedia()  #: what bodies show of files (mediaplan.py)
        self._months = ""

    def card(self, a: Article | None) -> str:
        """What a card of the article shows (views.ArticleCard): lists, related stories."""
        if a is None:
            return "-"
        found = self._cards.get(a.source)
        if found is None:
            found = self._cards[a.source] = self._card(a)
        return found

    def _card(self, a: Article) -> str:
        # What the file decides is hashed once, by the loader (model.card_key). Added here
        # as plain text (the page's digest hashes it; slugs hold no ":" or ","): whether
        # the story is still scheduled and the tags' and authors' slugs. A local picture's
        # size and variants come from its file: those are hashed in.
        tags = ",".join(map(self.indexes.tags.slug, a.tags))
        authors = ",".join(map(self.indexes.authors.slug, a.authors))
        card = f"{a.card or card_key(a)}:{a.published > self.now:d}:{tags}:{authors}"
        if a.live:  # the "Live" badge, until the coverage ends
            card += f":live{a.live_at(self.now):d}"
        image = a.image
        if image is not None and not image.external:
            local = (image.width, image.height, self.images.get(image.src))
            return digest("card", card, repr(local))
        return card

    def article(self, a: Article) -> str:
        """Everything about the article: its card and its whole parsed file (by the hash
        of what it was parsed from, when the loader gave it one)."""
        found = self._articles.get(a.source)
        if found is None:
            whole = a.key or digest("article", repr(a))
            media = self.media.stamp(a)  # its body's pictures, video and audio files
            found = f"{self.card(a)} {whole} {a.updates_key}" + (f" {media}" if media else "")
            self._articles[a.source] = found
        return found

    def dated(self, a: Article) -> str:
        """What dates the story in a sitemap (its `modified`): the times on its card and
        the newest of its corrections and live updates."""
        if not a.corrections and not a.updates:
            return self.card(a)
        return f"{self.card(a)} {a.modified.isoformat()}"

    def cards(self, found: Sequence[Article | None]) -> str:
        """The stamps of some cards, in order: plain text for the page's own digest
        (render.fingerprint_pages), which hashes it once, rather than one digest each."""
        known = self._cards  # a build asks ten times per card: look up without a call
        return " ".join([(known.get(a.source) or self.card(a)) if a else "-" for a in found])

    def articles(self, found: Sequence[Article]) -> str:
        return " ".join([self.article(a) for a in found])

    def profile(self, name: str) -> str:
        return repr(self.profiles.get(name.casefold()))

    def months(self) -> str:
        """The archive's months, which every section page links to."""
        if not self._months:
            self._months = digest(
                "months", *(f"{m.url} {m.articles[0].published!r}" for m in self.indexes.archives)
            )
        return self._months
