"""site.toml -> frozen `SiteConfig`.

The dataclasses below are the single place where keys, types and defaults live: the
reader walks them generically, so adding a key means adding one field. Every problem
in the file is collected (unknown key with a "did you mean", wrong type, bad value),
each naming the dotted key and, where it can be found, its line.
"""

from __future__ import annotations

import re
import tomllib
import types
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from .core.errors import Diagnostic, error, fail, raise_if_errors, suggest, warning
from .core.tomlkeys import KeyLocator

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


def load_config(site_dir: Path, base_url: str | None = None) -> SiteConfig:
    """Read and validate `site_dir/site.toml`; raise `BuildError` with every problem."""
    path = site_dir / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(error(CONFIG_NAME, 0, "", f"no {CONFIG_NAME} in {site_dir}"))
    except (OSError, UnicodeDecodeError) as exc:
        fail(error(CONFIG_NAME, 0, "", f"cannot read the file: {exc}"))
    return parse_config(text, base_url=base_url)


def parse_config(text: str, base_url: str | None = None) -> SiteConfig:
    """Parse site.toml text; `base_url` (from --base-url) overrides the file's."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = describe_toml_error(exc)
        fail(error(CONFIG_NAME, line, "", f"invalid TOML: {message}"))
    if base_url is not None:
        data["base_url"] = base_url
    problems: list[Diagnostic] = []
    locate = KeyLocator(text)
    values = _convert(SiteConfig, data, "", problems, locate)
    if _missing_required(SiteConfig, values):
        raise_if_errors(problems)  # no title or base_url to check the rest against
    if values.get("languages") and "language" not in values:  # the first is the default
        values["language"] = values["languages"][0]
    config = SiteConfig(**values)  # a bad value's default stands in, so checks go on
    raise_if_errors(problems + _check_values(config, locate))
    return config


def describe_toml_error(exc: tomllib.TOMLDecodeError) -> tuple[int, str]:
    """tomllib puts the position in its message; split it into (line, message)."""
    match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
    line = int(match.group(1)) if match else 0
    return line, re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))


# -- generic conversion ------------------------------------------------------------

_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", float: "a number"}
_BAD: Any = object()  # a value already reported as wrong; its default stands in for it


def _convert(
    cls: type, data: Any, prefix: str, problems: list[Diagnostic], locate: KeyLocator
) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    for key in data:
        if key not in known:
            dotted = prefix + key
            problems.append(
                error(CONFIG_NAME, locate(dotted), dotted, "unknown key", suggest(key, known))
            )
    values: dict[str, Any] = {}
    for name, spec in known.items():
        dotted = prefix + name
        if name not in data:
            if spec.default is MISSING and spec.default_factory is MISSING:
                problems.append(error(CONFIG_NAME, locate(dotted), dotted, "is required"))
            continue
        value = _convert_value(hints[name], data[name], dotted, problems, locate)
        if value is not _BAD:
            values[name] = value
    return values


def _convert_value(
    kind: Any, value: Any, dotted: str, problems: list[Diagnostic], locate: KeyLocator
) -> Any:
    if is_dataclass(kind) and isinstance(kind, type):
        if not isinstance(value, dict):
            problems.append(error(CONFIG_NAME, locate(dotted), dotted, "expected a table"))
            return _BAD
        values = _convert(kind, value, dotted + ".", problems, locate)
        return _BAD if _missing_required(kind, values) else kind(**values)
    origin = typing.get_origin(kind)
    if origin is tuple:
        item_kind = typing.get_args(kind)[0]
        if not isinstance(value, list):
            problems.append(error(CONFIG_NAME, locate(dotted), dotted, "expected a list"))
            return _BAD
        items = [
            _convert_value(item_kind, item, f"{dotted}[{i}]", problems, locate)
            for i, item in enumerate(value)
        ]
        # One bad item drops the list, so later messages never name a shifted [i].
        return _BAD if any(i is _BAD for i in items) else tuple(items)
    if origin is types.UnionType:  # `bool | str`: any of them
        kinds = typing.get_args(kind)
        kind = next((k for k in kinds if isinstance(value, k)), kinds[0])
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        ok, value = True, float(value)
    if not ok:
        got = type(value).__name__
        problems.append(
            error(
                CONFIG_NAME,
                locate(dotted),
                dotted,
                f"expected {_TYPE_NAMES.get(kind, kind.__name__)}, got {got} {value!r}",
            )
        )
        return _BAD
    return value


def _missing_required(cls: type, values: dict[str, Any]) -> bool:
    return any(
        f.name not in values and f.default is MISSING and f.default_factory is MISSING
        for f in fields(cls)
    )


# -- value checks ---------------------------------------------------------------------


def _check_values(config: SiteConfig, locate: KeyLocator) -> list[Diagnostic]:
    problems: list[Diagnostic] = []

    def bad(key: str, message: str, hint: str = "") -> None:
        problems.append(error(CONFIG_NAME, locate(key), key, message, hint))

    url = urlsplit(config.base_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        bad(
            "base_url",
            f"{config.base_url!r} is not an absolute http(s) URL",
            'e.g. "https://atlas.example.com"',
        )
    elif url.query or url.fragment:
        bad("base_url", f"{config.base_url!r} must not have a query or fragment")
    if not config.title.strip():
        bad("title", "must not be empty")
    for key, zone in [("timezone", config.timezone)] + [
        (f"tickers.clocks[{i}].timezone", c.timezone) for i, c in enumerate(config.tickers.clocks)
    ]:
        if not _is_zone(zone):
            bad(key, f"{zone!r} is not an IANA time zone", 'e.g. "Europe/London"')
    for key, code in [("language", config.language)] + [
        (f"languages[{i}]", code) for i, code in enumerate(config.languages)
    ]:
        if not _is_language(code):
            bad(
                key,
                f"{code!r} is not a language atlasgen knows",
                'a CLDR language code such as "en", "fr", "pt-BR" or "ar"',
            )
    for key, message, hint in _languages_problems(config):
        bad(key, message, hint)
    try:
        datetime(2026, 1, 2, 3, 4, 5).strftime(config.date_format.replace("%-", "%"))
    except ValueError as exc:
        bad("date_format", f"{config.date_format!r} is not a strftime format: {exc}")
    problems.extend(check_permalink(config.build.permalink, locate("build.permalink")))
    if config.build.page_size < 1:
        bad("build.page_size", "must be at least 1")
    if not config.build.output.strip():
        bad("build.output", "must not be empty")
    if config.tickers.include not in INCLUDE_MODES:
        bad(
            "tickers.include",
            f"{config.tickers.include!r} is not one of " + ", ".join(INCLUDE_MODES),
        )
    related = config.related
    for key, number in [
        ("tickers.latest", config.tickers.latest),
        ("related.count", related.count),
        ("related.tags", related.tags),
        ("related.authors", related.authors),
        ("related.section", related.section),
        ("related.recency", related.recency),
        ("related.threshold", related.threshold),
    ]:
        if number < 0:
            bad(key, "must not be negative")
    if related.half_life_days <= 0:
        bad("related.half_life_days", "must be more than 0")
    if config.feeds.items < 1:
        bad("feeds.items", "must be at least 1")
    if isinstance(config.markdown.html, str) and config.markdown.html != UNSAFE_HTML:
        bad("markdown.html", f'{config.markdown.html!r} is not true, false or "unsafe"')
    return problems


def _languages_problems(config: SiteConfig) -> list[tuple[str, str, str]]:
    """(key, message, hint) of each problem with `languages`: each language once (its
    edition's folder is its code in lowercase), and `language`, when given too, its
    first (the default edition's)."""
    languages, found = config.languages, []
    folded = [code.casefold().replace("_", "-") for code in languages]
    for index, code in enumerate(folded):
        if code in folded[:index]:
            found.append((f"languages[{index}]", f"{languages[index]!r} is listed twice", ""))
    for index, texts in enumerate(config.edition):
        if texts.language not in languages[1:]:
            listed = ", ".join(languages[1:]) or "none: set languages first"
            message = f"{texts.language!r} is not one of the site's other languages ({listed})"
            found.append((f"edition[{index}].language", message, ""))
    if languages and config.language != languages[0]:
        message = f"{config.language!r} is not the first of languages ({languages[0]!r})"
        hint = "the first of languages is the site's default language; leave out language"
        found.append(("language", message, hint))
    return found


UNSAFE_HTML = "unsafe"  #: `markdown.html`: raw HTML published as written


def config_warnings(site_dir: Path, config: SiteConfig) -> list[Diagnostic]:
    """Settings that are allowed but dangerous, said on every build that uses them."""
    if config.markdown.html != UNSAFE_HTML:
        return []
    try:
        line = KeyLocator((site_dir / CONFIG_NAME).read_text(encoding="utf-8"))("markdown.html")
    except (OSError, UnicodeDecodeError):
        line = 0
    return [
        warning(
            CONFIG_NAME,
            line,
            "markdown.html",
            '"unsafe": raw HTML is published as written, scripts and event handlers included',
            "true sanitises it",
        )
    ]


def check_permalink(pattern: str, line: int = 0) -> list[Diagnostic]:
    """Problems with a permalink pattern such as "/{category}/{slug}/"."""
    key = "build.permalink"
    found: list[Diagnostic] = []
    tokens = re.findall(r"\{([^{}]*)\}", pattern)
    for token in tokens:
        if token not in PERMALINK_TOKENS:
            found.append(
                error(
                    CONFIG_NAME,
                    line,
                    key,
                    f"unknown token {{{token}}}",
                    suggest(token, PERMALINK_TOKENS)
                    or "tokens: " + ", ".join("{" + t + "}" for t in PERMALINK_TOKENS),
                )
            )
    if "slug" not in tokens:
        found.append(error(CONFIG_NAME, line, key, "must contain {slug}"))
    if not pattern.startswith("/"):
        found.append(error(CONFIG_NAME, line, key, "must start with '/'"))
    if not (pattern.endswith("/") or pattern.endswith(".html")):
        found.append(error(CONFIG_NAME, line, key, "must end with '/' or '.html'"))
    return found


def _is_language(code: str) -> bool:
    """A language Babel has CLDR data for: its plural rules, dates and numbers."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
