"""The views each kind of page gets (views.py documents them): the site, a page's meta
data, an article's own page, lists, index pages and the front page.

One `PageViews` serves a whole build and keeps its pieces, each with one job and its
own memory of what it made: links (hrefs, links to sections, tags and authors), time
texts, cards, article bodies, JSON-LD, feed links and the pager.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote

from markupsafe import Markup

from ..config import SiteConfig
from ..content.images import ImageIndex
from ..content.model import Article
from ..content.profiles import Profile
from ..theme.i18n import Translator, english
from ..theme.templates import ATLAS
from .bodies import ArticleBodies
from .cards import Cards
from .editions import Alternates, Edition, alternate_views
from .feedlinks import FeedLinks
from .groupings import Group, Indexes, Page, neighbours
from .jsonld import JsonLd
from .links import Links
from .live import LiveViews
from .pagination import Pager
from .timetexts import TimeTexts
from .views import (
    NO_MARKUP,
    ArticleDetail,
    CorrectionView,
    FeedLink,
    FrontView,
    Link,
    ListingView,
    NewsletterView,
    PageView,
    ProfileView,
    SectionBlock,
    ShareLink,
    SiteView,
    Term,
    TermsView,
)


class PageViews:
    """Turns model values into the views of one build's pages."""

    def __init__(
        self,
        config: SiteConfig,
        bodies: ArticleBodies,
        now: datetime,
        indexes: Indexes | None = None,
        profiles: Mapping[str, Profile] | None = None,
        images: ImageIndex | None = None,
        *,
        strings: Translator | None = None,
        edition: Edition | None = None,
        alternates: Alternates | None = None,
    ) -> None:
        self.config, self.bodies, self.now, self.indexes = config, bodies, now, indexes
        #: the edition whose pages these views make (editions.py); None: the only one
        self.edition = edition
        #: the versions of pages in the site's languages; None: a site in one language
        self.alternates = alternates
        #: the interface strings (theme/i18n.py) of the texts views carry: page titles,
        #: the names of index pages, the labels of share links
        self.strings = strings if strings is not None else english(ATLAS)
        self.times = TimeTexts(config.tz, config.date_format, self.strings)
        self.profiles = profiles or {}
        self.links = Links(config, indexes, edition.prefix if edition is not None else "")
        self.cards = Cards(self.links, self.times, images or {}, now)
        self.live = LiveViews(self.cards, bodies.markup, now, indexes)
        self.jsonld = JsonLd(config, self.cards, self.live)
        self.feeds = FeedLinks(config.title, self.links)
        self.pager = Pager(self.links)
        self._archive: tuple[Link, ...] | None = None
        self._neighbours: dict[str, tuple[Article | None, Article | None]] = {}
        for section in indexes.sections if indexes is not None else ():
            self._neighbours.update(neighbours(section))

    def site(self, sections: tuple[Group, ...]) -> SiteView:
        c, local = self.config, self.links.local
        letter = c.newsletter
        return SiteView(
            title=c.title,
            tagline=c.tagline,
            language=c.language,
            url=local("/"),
            base_url=c.base_url,
            sections=tuple(Link(g.name, local(f"/{g.slug}/")) for g in sections),
            newsletter=NewsletterView(letter.name, letter.blurb, letter.action, letter.signin)
            if letter.enabled
            else None,
            takeaways_attribution=c.takeaways_attribution,
            year=self._year(),
            timezone=c.timezone,
            search=local("/search/") if c.search.enabled else "",
            direction=self.strings.direction,
            root=self.links.href("/"),
        )

    def _year(self) -> int | None:
        """The footer's year: that of the newest story, not of the build, so that a page
        does not change on New Year's Day by itself (None for a site without a story)."""
        archives = self.indexes.archives if self.indexes is not None else ()
        return max((month.year for month in archives), default=None)

    def page(
        self,
        kind: str,
        title: str,
        url: str,
        description: str = "",
        *,
        image: str = "",
        og_type: str = "website",
        feeds: tuple[FeedLink, ...] | None = None,
        json_ld: Markup = NO_MARKUP,
        versions: Mapping[str, str] | None = None,
    ) -> PageView:
        """`versions`: language -> site URL of the page in each language (editions.py)."""
        c = self.config
        full_title = c.title if kind == "front" else f"{title} | {c.title}"
        links = self.links
        alternates, x_default = alternate_views(
            versions or {}, c.language, links.href, links.absolute
        )
        return PageView(
            kind,
            full_title,
            description or c.tagline or c.title,
            self.links.href(url),
            self.links.absolute(url),
            og_type,
            image,
            self.feeds.links_for() if feeds is None else feeds,
            json_ld,
            alternates,
            x_default,
        )

    def versions(self, article: Article | None = None) -> Mapping[str, str]:
        """Language -> site URL of each version of a story's page (of the front page when
        no story is given) in the site's languages; {} for a site in one language."""
        if self.alternates is None:
            return {}
        if article is None:
            return self.alternates.of_fronts()
        return self.alternates.of_article(article)

    def detail(self, a: Article) -> ArticleDetail:
        related = self.indexes.related.get(a.source, ()) if self.indexes else ()
        newer, older = self.neighbours(a)
        card, day = self.cards.card, self.times.day
        return ArticleDetail(
            body=Markup(self.bodies.html(a)),
            takeaways=self.bodies.takeaways(a),
            corrections=tuple(CorrectionView(day(c.date), c.text) for c in a.corrections),
            share=share_links(self.links.absolute(a.url), a.title, self.strings),
            related=tuple(map(card, related)),
            newer=card(newer) if newer else None,
            older=card(older) if older else None,
            extra=dict(a.extra),
        )

    def section_description(self, slug: str) -> Markup:
        """A declared section's description (sections.py) as inline HTML; "" if none."""
        text = self.indexes.descriptions.get(slug, "") if self.indexes else ""
        return self.bodies.inline(text) if text else NO_MARKUP

    def neighbours(self, a: Article) -> tuple[Article | None, Article | None]:
        """The (newer, older) story beside this one in its section."""
        return self._neighbours.get(a.source, (None, None))

    def profile(self, name: str) -> ProfileView | None:
        found = self.profiles.get(name.casefold())
        if found is None:
            return None
        photo = (
            found.photo
            if found.photo.startswith("https://") or not found.photo
            else self.links.href(found.photo)
        )
        return ProfileView(found.name, found.bio, photo, found.url)

    def archive_links(self) -> tuple[Link, ...]:
        """The months with stories, newest first: the same on every section page."""
        if self._archive is None:
            months = self.indexes.archives if self.indexes else ()
            name, local = self.times.month_name, self.links.local
            self._archive = tuple(Link(name(m), local(m.url)) for m in months)
        return self._archive

    def terms(self, kind: str) -> TermsView:
        """The /tags/, /authors/ or /archive/ index page."""
        indexes, href = self.indexes, self.links.local
        assert indexes is not None
        if kind == "archive":
            terms = tuple(
                Term(self.times.month_name(m), href(m.url), len(m.articles), "")
                for m in indexes.archives
            )
            return TermsView(kind, self.strings.text("nav.archive"), terms)
        groups = indexes.tags.groups if kind == "tags" else indexes.authors.groups
        prefix = "/tags/" if kind == "tags" else "/authors/"
        terms = tuple(
            Term(g.name, href(f"{prefix}{g.slug}/"), len(g.articles), self._note(kind, g.name))
            for g in groups
        )
        name = self.strings.text("nav.topics" if kind == "tags" else "nav.authors")
        return TermsView(kind, name, terms)

    def _note(self, kind: str, name: str) -> str:
        """What an index page says under a name: an author's bio."""
        found = self.profiles.get(name.casefold()) if kind == "authors" else None
        return found.bio if found is not None else ""

    def listing(self, kind: str, group: Group, page: Page[Article], first_url: str) -> ListingView:
        return ListingView(
            kind=kind,
            name=group.name,
            articles=tuple(map(self.cards.card, page.items)),
            profile=self.profile(group.name) if kind == "author" else None,
            archive=self.archive_links() if kind == "section" else (),
            pagination=self.pager.pagination(first_url, page.number, page.total),
        )

    def front(
        self,
        articles: tuple[Article, ...],
        sections: tuple[Group, ...],
        per_section: int = 4,
        top: int = 4,
    ) -> FrontView:
        """`articles` in front-page order (site/front.py): the lead, the `top` next."""
        card = self.cards.card
        lead = card(articles[0]) if articles else None
        shown = {a.source for a in articles[: top + 1]}
        top_cards = tuple(map(card, articles[1 : top + 1]))
        blocks = []
        for group in sections:
            rest = [a for a in group.articles if a.source not in shown][:per_section]
            if rest:
                section = Link(group.name, self.links.local(f"/{group.slug}/"))
                blocks.append(SectionBlock(section, tuple(map(card, rest))))
        return FrontView(lead, top_cards, tuple(blocks))


def share_links(url: str, title: str, strings: Translator) -> tuple[ShareLink, ...]:
    """Plain share URLs: no third-party script runs on our pages. The URL and the title
    are quoted once each, not once per link: every article page makes these. The form
    `urlencode` gives them (quote_plus) is that with "+" for each space: as "%" itself
    is quoted ("%25"), every "%20" in a quoted text is a space."""
    url_q, title_q = quote(url, safe=""), quote(title, safe="")
    url_qp, title_qp = url_q.replace("%20", "+"), title_q.replace("%20", "+")
    return (
        ShareLink(
            "x",
            "X",
            strings.text("share.on", network="X"),
            f"https://twitter.com/intent/tweet?url={url_qp}&text={title_qp}",
        ),
        ShareLink(
            "facebook",
            "Facebook",
            strings.text("share.on", network="Facebook"),
            f"https://www.facebook.com/sharer/sharer.php?u={url_q}",
        ),
        ShareLink(
            "linkedin",
            "LinkedIn",
            strings.text("share.on", network="LinkedIn"),
            f"https://www.linkedin.com/sharing/share-offsite/?url={url_q}",
        ),
        ShareLink(
            "whatsapp",
            "WhatsApp",
            strings.text("share.on", network="WhatsApp"),
            f"https://wa.me/?text={title_qp}+{url_qp}",  # "{title} {url}", quoted
        ),
        ShareLink(
            "email",
            strings.text("share.email"),
            strings.text("share.by_email"),
            f"mailto:?subject={title_q}&body={url_q}",
        ),
    )
