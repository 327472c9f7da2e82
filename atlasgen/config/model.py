"""The settings of site.toml: the dataclasses below are the single place where keys,
types and defaults live (the reader in `__init__` walks them generically, so adding a key
means adding one field, with a `#:` comment that `atlasgen init` writes beside it)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

CONFIG_NAME = "site.toml"
PERMALINK_TOKENS = ("category", "slug", "year", "month", "day")
INCLUDE_MODES = ("inline", "ssi", "esi")


@dataclass(frozen=True)
class Clock:
    label: str
    timezone: str


@dataclass(frozen=True)
class EditionTexts:
    """What the publication says of itself in one of its other languages (`[[edition]]`
    in site.toml); a text left out is the site's own."""

    language: str
    title: str = ""
    tagline: str = ""
    takeaways_attribution: str = ""
    newsletter_name: str = ""
    newsletter_blurb: str = ""


DEFAULT_CLOCKS = (
    Clock("NY", "America/New_York"),
    Clock("LDN", "Europe/London"),
    Clock("HKG", "Asia/Hong_Kong"),
    Clock("TYO", "Asia/Tokyo"),
)


@dataclass(frozen=True)
class BuildSettings:
    #: the output folder, relative to the site
    output: str = "public"
    #: an article's URL: {category} {slug} {year} {month} {day} (site time); ends in / or .html
    permalink: str = "/{category}/{slug}/"
    #: articles per list page (sections, tags, authors, months)
    page_size: int = 20
    cache: str = ".atlasgen/cache"  #: build cache folder, relative to the site; "" disables it


@dataclass(frozen=True)
class TickerSettings:
    #: the world clocks in the header: a label and an IANA time zone each
    clocks: tuple[Clock, ...] = DEFAULT_CLOCKS
    #: the data file of market quotes: content/_data/<markets>.toml|json|yaml; none, no strip
    markets: str = "markets"
    #: headlines in the latest-news ticker
    latest: int = 8
    #: how pages carry the tickers: inline | ssi | esi
    include: str = "inline"


@dataclass(frozen=True)
class RelatedSettings:
    """Weights of the related-articles score; site/related.py has the formula."""

    #: related articles shown on an article page
    count: int = 5
    tags: float = 1.0  #: weight of shared tags (each weighted by its rarity)
    authors: float = 0.5  #: weight of shared authors (each weighted by rarity)
    section: float = 0.5  #: bonus for the same section, once something else is shared
    recency: float = 1.0  #: bonus for closeness in time, halving every `half_life_days`
    #: days after which the recency bonus has halved
    half_life_days: float = 14.0
    threshold: float = 1.5  #: minimum score to be shown
    #: may a newer story be related? On a news site a follow-up is often the best link
    include_newer: bool = True


@dataclass(frozen=True)
class FeedSettings:
    #: newest articles in each feed
    items: int = 50
    #: whole articles in the site and section feeds, not only summaries
    full_content: bool = True


@dataclass(frozen=True)
class NewsletterSettings:
    """The sign-up box under articles; shown when `name` and `action` are set."""

    #: the newsletter's name, e.g. "Atlas Daily"
    name: str = ""
    #: one line on what subscribers get
    blurb: str = ""
    #: the sign-up form's target URL (the site itself stays static)
    action: str = ""
    #: optional "Sign in" link for subscribers
    signin: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.name and self.action)


@dataclass(frozen=True)
class MarkdownSettings:
    #: raw HTML in Markdown: false escapes it, true sanitises it (no script, no event
    #: handlers, no script URLs), "unsafe" publishes it as written (warned on every build)
    html: bool | str = False


@dataclass(frozen=True)
class SearchSettings:
    """Site search: Pagefind indexes the built articles (needs `atlasgen[search]`)."""

    #: opt-in: search needs the Pagefind binary, and it runs on every build
    enabled: bool = False


@dataclass(frozen=True)
class SiteConfig:
    #: the publication's name: page titles, the masthead, feeds (required)
    title: str
    #: the public address, absolute, may have a path ("/news"): feeds, canonical URLs,
    #: sitemaps (required)
    base_url: str
    #: one line under the name in the masthead; the default meta description
    tagline: str = ""
    #: the language of the site (a CLDR code: "en", "fr", "pt-BR", "ar"): the theme's
    #: interface strings (i18n/<language>.toml), dates, numbers, <html lang dir>, feeds
    language: str = "en"
    #: the languages of a site published in several (["en", "fr"]): the first is the
    #: default edition, at the site's root; each other one is an edition under /<lang>/
    #: (docs/languages.md). Empty: one language, `language`
    languages: tuple[str, ...] = ()
    #: the publication's own texts in its other languages: [[edition]] tables of language,
    #: title, tagline, takeaways_attribution, newsletter_name, newsletter_blurb
    edition: tuple[EditionTexts, ...] = ()
    #: the IANA time zone of times without an offset and of the times pages show
    timezone: str = "UTC"
    #: themes/<name>/ in the site, else the theme shipped with atlasgen
    theme: str = "atlas"
    #: the byline of an article that names no authors
    default_author: str = ""
    #: shown beside "Key Takeaways", e.g. "Atlas AI"
    takeaways_attribution: str = ""
    #: strftime format of the times pages show ("%-d" works on every platform; names
    #: such as %b in the site's language); "": the language's own (its i18n catalog)
    date_format: str = ""
    logo: str = ""  #: publisher logo for structured data; a file under content/ or https URL
    build: BuildSettings = field(default_factory=BuildSettings)
    tickers: TickerSettings = field(default_factory=TickerSettings)
    related: RelatedSettings = field(default_factory=RelatedSettings)
    feeds: FeedSettings = field(default_factory=FeedSettings)
    newsletter: NewsletterSettings = field(default_factory=NewsletterSettings)
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)
    search: SearchSettings = field(default_factory=SearchSettings)

    @property
    def editions(self) -> tuple[str, ...]:
        """The site's languages, the default first: `languages`, else `language` alone."""
        return self.languages or (self.language,)

    def in_language(self, language: str) -> SiteConfig:
        """The settings of the site's edition in `language`: its language, and its own
        title, tagline... where `[[edition]]` gives them."""
        found = next((t for t in self.edition if t.language == language), None)
        if found is None:
            return replace(self, language=language)
        letter = self.newsletter
        return replace(
            self,
            language=language,
            title=found.title or self.title,
            tagline=found.tagline or self.tagline,
            takeaways_attribution=found.takeaways_attribution or self.takeaways_attribution,
            newsletter=replace(
                letter,
                name=found.newsletter_name or letter.name,
                blurb=found.newsletter_blurb or letter.blurb,
            ),
        )

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of `base_url` without a trailing slash: "" or "/news"."""
        return urlsplit(self.base_url).path.rstrip("/")

    @property
    def origin(self) -> str:
        """Scheme and host of `base_url`: "https://atlas.example.com"."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"
