"""One story's page again, at once, when an edit shows on it alone: the preview's fast path.

A full rebuild of a large site spends most of its time loading every story and planning
every page, before it renders the one page a writer is looking at. When a save changes a
story's body, headline, dek or takeaways but nothing that places it (its URL, date,
section, tags, authors, pins, aliases, picture, site-local links), the story's page is
made from the previous build's views with the new story: the same page the full build
makes. Other pages may change too (lists show the headline, feeds the body); they wait
for the full build. `QuickPages`, kept from the last build of a preview, renders it from the same
views, site header and templates, in milliseconds; the full build that follows makes
everything else, and the preview serves nothing else until then.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import SiteConfig
from ..content.bodywords import BodyWords
from ..content.images import ImageIndex
from ..content.markdown import MarkdownRenderer, MarkdownSettings
from ..content.mediaplan import BodyMedia
from ..content.model import Article
from ..content.parsepool import parse_entry
from ..content.profiles import Profile
from ..content.reading import parse_settings, read_article, read_body
from ..core.errors import Diagnostic
from ..site.bodies import ArticleBodies
from ..site.groupings import Indexes
from ..site.pageviews import PageViews
from ..site.tickers import TickerSlots
from ..site.views import SiteView
from ..theme.i18n import Translator
from .pages import article_context


@dataclass(frozen=True)
class QuickPage:
    path: str  #: the output file, relative to the output folder
    html: str


@dataclass(frozen=True)
class QuickPages:
    """What a preview keeps of its last build to render a story's page again."""

    site_dir: Path
    config: SiteConfig
    now: datetime
    indexes: Indexes
    profiles: Mapping[str, Profile]
    images: ImageIndex
    site: SiteView
    tickers: TickerSlots
    render_article: Callable[[dict[str, Any]], str]  #: the theme's article.html
    articles: Mapping[str, tuple[Article, str]]  #: source -> (article, its page's path)
    in_header: frozenset[str]  #: sources of the stories the latest-news ticker names
    #: The files bodies show (the same as before: a story whose links changed is no quick
    #: edit), so that its pictures come with their variants.
    media: BodyMedia = field(default_factory=BodyMedia)
    strings: Translator | None = None  #: the build's interface strings (None: English)

    def page_edit(self, source: str) -> QuickPage | None:
        """The page of the story in `source` (site-relative) as the full build will make
        it, if the file's change since that build shows on that page alone: its body,
        headline, dek, takeaways, corrections or other fields no other page's existence,
        order or related lists depend on (`_same_place`), and not a headline that the
        header's ticker shows. Else None (a new, removed or unreadable story, a problem)."""
        known = self.articles.get(source)
        if known is None:
            return None
        old, path = known
        new = self._parse(source)
        if new is None or not _same_place(new, old):
            return None
        new = replace(new, updates=old.updates, updates_key=old.updates_key)  # a live blog's
        if source in self.in_header and new.title != old.title:
            return None
        views = self._views()
        context = {"site": self.site, "tickers": self.tickers, **article_context(views, new)()}
        return QuickPage(path, self.render_article(context))

    def _parse(self, source: str) -> Article | None:
        problems: list[Diagnostic] = []
        settings = parse_settings(self.config)
        read = read_article(f"{self.site_dir}/{source}", source, settings, problems)
        if read is None:
            return None
        key, text = read
        article, found, _ = parse_entry(text, source, key, self.config)
        errors = any(d.severity == "error" for d in found)
        return None if errors or article is None else article

    def _views(self) -> PageViews:
        """Views like the build's, with a body renderer of their own: the build's holds
        the old body, and its cache is the build's to save."""
        config, site_dir = self.config, self.site_dir
        markup = MarkdownRenderer(
            MarkdownSettings(html=config.markdown.html, base_path=config.base_path)
        )
        words = BodyWords(self.strings) if self.strings is not None else None
        bodies = ArticleBodies(
            markup, None, lambda a: read_body(site_dir, a, config), self.media, words
        )
        return PageViews(
            config,
            bodies,
            self.now,
            self.indexes,
            self.profiles,
            self.images,
            strings=self.strings,
        )


#: What decides where a story appears, what it is listed with and what it links: equal in
#: both versions for its page to be the only one that changes.
#: (`live` and `live_ended`: the "Live" badge on its cards.)
_PLACE = (
    *("slug", "url", "published", "category", "tags", "authors", "related", "aliases"),
    *("live", "live_ended"),
)


def _same_place(new: Article, old: Article) -> bool:
    return (
        all(getattr(new, name) == getattr(old, name) for name in _PLACE)
        and new.draft == old.draft
        and new.image == old.image  # a local picture's sizes are planned with the site
        and new.links == old.links  # the files a story uses are released with the site
    )
