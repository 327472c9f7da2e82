"""The JSON-LD pages carry for search engines: an article's NewsArticle (a live blog's
LiveBlogPosting) and a list's
BreadcrumbList, from the data seo.py shapes, as escaped `Markup` for a <script>."""

from __future__ import annotations

from markupsafe import Markup

from ..config import SiteConfig
from ..content.model import Article
from .cards import Cards
from .live import LiveViews
from .seo import breadcrumbs, json_ld, news_article


class JsonLd:
    """JSON-LD of one site: its title, language and logo name the publisher."""

    def __init__(self, config: SiteConfig, cards: Cards, live: LiveViews | None = None) -> None:
        self.config, self.cards, self.links, self.live = config, cards, cards.links, live
        self._zone = config.tz
        self._logo = ""

    @property
    def logo(self) -> str:
        """Absolute URL of the publisher's logo: `logo` in site.toml, else the theme's."""
        if not self._logo:  # made once: every article's JSON-LD names it
            logo = self.config.logo
            self._logo = (
                logo
                if logo.startswith("https://")
                else self.links.absolute(logo if logo else "/static/logo.png")
            )
        return self._logo

    def article(self, a: Article) -> Markup:
        card, origin, author = self.cards.card(a), self.links.origin, self.links.author
        data = news_article(
            url=card.permalink,
            headline=a.title,
            description=a.dek,
            images=[card.image.absolute] if card.image else [],
            published=a.published.astimezone(self._zone),
            modified=a.modified.astimezone(self._zone),
            authors=[(n, origin + author(n).url) for n in a.authors],
            publisher=self.config.title,
            logo=self.logo,
            section=a.category,
            keywords=a.tags,
            language=self.config.language,
            corrections=[(c.date.astimezone(self._zone), c.text) for c in a.corrections],
        )
        if a.live and self.live is not None:  # a live blog: LiveBlogPosting (live.py)
            data = self.live.posting(a, data)
        return Markup(json_ld(data))

    def breadcrumbs(self, trail: tuple[tuple[str, str], ...]) -> Markup:
        """BreadcrumbList from the front page through (name, site URL) pairs."""
        pairs = [(self.config.title, self.links.absolute(self.links.prefix + "/"))]
        pairs += [(name, self.links.absolute(url)) for name, url in trail]
        return Markup(json_ld(breadcrumbs(pairs)))
