"""Article cards: what any page shows of an article, made once per article a build."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..content.images import ImageIndex
from ..content.model import Article, Image
from .links import Links
from .timetexts import TimeTexts
from .views import ArticleCard, ImageView


class Cards:
    """Each article's `ArticleCard` (kept: a story is shown on many pages) and the view of
    its picture. `now` tells a scheduled story (shown because of --future)."""

    def __init__(self, links: Links, times: TimeTexts, images: ImageIndex, now: datetime) -> None:
        self.links, self.times, self.images, self.now = links, times, images, now
        self._cards: dict[str, ArticleCard] = {}

    def card(self, article: Article) -> ArticleCard:
        cached = self._cards.get(article.source)
        if cached is None:
            cached = self._cards[article.source] = self._make_card(article)
        return cached

    def _make_card(self, a: Article) -> ArticleCard:
        links, times = self.links, self.times
        return ArticleCard(
            title=a.title,
            dek=a.dek,
            url=links.href(a.url),
            permalink=links.absolute(a.url),
            section=links.section(a.category),
            tags=tuple(map(links.tag, a.tags)),
            authors=tuple(map(links.author, a.authors)),
            published=times.time(a.published),
            updated=times.time(a.updated) if a.updated and a.updated != a.published else None,
            image=self.image(a.image) if a.image else None,
            draft=a.draft,
            scheduled=a.published > self.now,
            live=a.live_at(self.now),
        )

    def image(self, image: Image) -> ImageView:
        """An article's picture; a local one with its resized variants (images.py)."""
        if image.external:
            return ImageView(
                image.src, image.alt, image.credit, image.caption, None, None, image.src
            )
        href = self.links.href
        plain = ImageView(
            href(image.src),
            image.alt,
            image.credit,
            image.caption,
            image.width,
            image.height,
            self.links.absolute(image.src),
        )
        found = self.images.get(image.src)
        fallback = found.fallback if found else None
        if found is None or fallback is None:
            return plain

        def srcset(fmt: str) -> str:
            return ", ".join(f"{href(v.path)} {v.width}w" for v in found.of_format(fmt))

        return replace(
            plain,
            src=href(fallback.path),
            width=found.width,
            height=found.height,
            srcset=srcset(fallback.format),
            webp_srcset=srcset("webp") if fallback.format != "webp" else "",
        )
