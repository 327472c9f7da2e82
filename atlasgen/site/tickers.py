"""The header tickers: world clocks, market quotes, latest news.

Pure: config, content and "now" in, view data out; "now" only decides which stories are
published, and no build time reaches a fragment. Each ticker is rendered once per build
as a fragment (by `pages`) and published under /_includes/; `tickers.include` decides
whether pages paste the fragment or point at it with an SSI or ESI directive.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, parse_pattern
from markupsafe import Markup

from ..config import SiteConfig
from ..content.model import Article
from ..core.errors import Diagnostic, error
from ..core.times import iso
from ..core.urls import absolute, href
from ..theme.i18n import parse_locale
from .breaking import BREAKING
from .timetexts import localized_strftime

LATEST_FALLBACK_FORMAT = "%-d %b, %H:%M"
ENGLISH = Locale("en")


@functools.lru_cache(maxsize=8)
def site_locale(language: str) -> Locale:
    """The site's language as Babel's locale (checked when site.toml was read)."""
    return parse_locale(language)


FRAGMENTS = ("clocks", "markets", "latest")
NO_FRAGMENT = Markup("")


@dataclass(frozen=True)
class ClockView:
    label: str  #: "NY"
    timezone: str  #: IANA name: the browser's script shows that zone's time


@dataclass(frozen=True)
class QuoteView:
    name: str
    price: str  #: "4,535", "1.0842"
    change: str  #: "+1.07%", "−0.12%", "0.00%"
    direction: str  #: "up", "down" or "flat"
    currency: str
    url: str  #: "" when none


@dataclass(frozen=True)
class LatestItem:
    title: str
    url: str  #: href
    permalink: str  #: absolute
    iso: str  #: published, for <time datetime>; the browser shows the age
    text: str  #: readable time without script: "27 Nov, 01:30"


@dataclass(frozen=True)
class TickerData:
    clocks: tuple[ClockView, ...]
    markets: tuple[QuoteView, ...]
    latest: tuple[LatestItem, ...]
    updated: str  #: ISO time of the newest headline ("" when none): never the build's time


def clocks(config: SiteConfig) -> tuple[ClockView, ...]:
    """The configured cities. Pages carry no clock text: a time written at build would
    change every page every minute, so the browser fills each clock in from its zone."""
    return tuple(ClockView(clock.label, clock.timezone) for clock in config.tickers.clocks)


def latest(
    articles: tuple[Article, ...], config: SiteConfig, now: datetime
) -> tuple[LatestItem, ...]:
    """The newest `tickers.latest` articles that are public at `now` (never a draft or a
    scheduled article, even in a --drafts/--future preview)."""
    public = [a for a in articles if not a.draft and a.published <= now]
    locale, zone = site_locale(config.language), config.tz
    return tuple(
        LatestItem(
            a.title,
            href(config.base_path, a.url),
            absolute(config.origin, config.base_path, a.url),
            iso(a.published, config.tz),
            localized_strftime(a.published.astimezone(zone), LATEST_FALLBACK_FORMAT, locale),
        )
        for a in public[: config.tickers.latest]
    )


# -- markets ---------------------------------------------------------------------------


def markets(
    data: Mapping[str, Any], sources: Mapping[str, str], name: str, language: str = "en"
) -> tuple[tuple[QuoteView, ...], list[Diagnostic]]:
    """Quotes from content/_data/<name>.*; no data file, or one with nothing in it (all
    comments, as `atlasgen init` writes it), means no markets strip. Prices and changes
    are written as `language` writes numbers."""
    if not name or name not in data or data[name] in ({}, None):
        return (), []
    source = sources.get(name, f"content/_data/{name}")
    document = data[name]
    entries = document.get("quote") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return (), [
            error(
                source,
                0,
                "quote",
                "expected a list of quote entries",
                'e.g. [[quote]] name = "Gold" price = 4535.2 change = 1.07',
            )
        ]
    quotes, found = [], []
    for number, entry in enumerate(entries, start=1):
        quote, problems = _quote(entry, source, number, site_locale(language))
        found += problems
        if quote is not None:
            quotes.append(quote)
    return tuple(quotes), found


def _quote(
    entry: Any, source: str, number: int, locale: Locale
) -> tuple[QuoteView | None, list[Diagnostic]]:
    label = f"quote {number}"
    if not isinstance(entry, dict):
        return None, [error(source, 0, label, "expected a table with name, price and change")]
    if isinstance(entry.get("name"), str) and entry["name"].strip():
        label += f" ({entry['name'].strip()})"
    found = []

    def bad(key: str, message: str) -> None:
        found.append(error(source, 0, f"{label}: {key}", message))

    for key in entry:
        if key not in ("name", "names", "price", "change", "currency", "url"):
            bad(key, "unknown key")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        bad("name", "is required text")
    names = entry.get("names", {})
    if not isinstance(names, dict) or not all(
        isinstance(text, str) and text.strip() for text in names.values()
    ):
        bad("names", 'expected a table of languages and names, e.g. names = { fr = "Or" }')
        names = {}
    for key in ("price", "change"):
        value = entry.get(key)
        if key not in entry:
            bad(key, "is required")
        elif not _is_number(value):
            bad(key, f"expected a number, got {value!r}")
    for key in ("currency", "url"):
        if key in entry and not isinstance(entry[key], str):
            bad(key, f"expected text, got {entry[key]!r}")
    url = entry.get("url", "")
    if isinstance(url, str) and url and not url.startswith(("https://", "http://", "/")):
        bad("url", f"{url!r} is not an http(s) URL or a site path")
    if found:
        return None, found
    change = float(entry["change"])
    return QuoteView(
        name=_name_in(locale, str(name), names),
        price=format_price(float(entry["price"]), locale),
        change=format_change(change, locale),
        direction="up" if round(change, 2) > 0 else "down" if round(change, 2) < 0 else "flat",
        currency=str(entry.get("currency", "")),
        url=str(url),
    ), []


def _name_in(locale: Locale, name: str, names: Mapping[str, str]) -> str:
    """A quote's name in the language of `locale`: `names` gives it by language code
    ("pt-BR", else "pt"), else `name` stands for every language."""
    by_code = {code.casefold().replace("_", "-"): text for code, text in names.items()}
    full = str(locale).casefold().replace("_", "-")
    found = by_code.get(full) or by_code.get(locale.language.casefold())
    return (found or name).strip()


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def format_price(price: float, locale: Locale = ENGLISH) -> str:
    """Thousands separators and a number of decimals that suits the magnitude, as the
    language writes them (CLDR): 77,527 · 4,535 · 452.30 · 1.0842 · 0.00001234 in
    English; 4 535 (a narrow no-break space) in French, 4.535 in German."""
    size = abs(price)
    if size >= 1000:
        decimals = 0
    elif size >= 10:
        decimals = 2
    elif size >= 1 or size == 0:
        decimals = 4 if size else 0
    else:
        decimals = min(8, 3 - math.floor(math.log10(size)))  # four significant digits
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(price, pattern, locale=locale).replace("-", "−")


def format_change(change: float, locale: Locale = ENGLISH) -> str:
    """Signed percent with two decimals, in the language's percent format; a true minus
    sign; zero unsigned: +1.07% in English, +1,07 % in French."""
    rounded = round(change, 2)
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (2, 2)
    shown = str(pattern.apply(Decimal(f"{abs(rounded):.2f}") / 100, locale))
    if rounded == 0:
        return shown
    return f"{'+' if rounded > 0 else '−'}{shown}"


def ticker_data(
    config: SiteConfig, articles: tuple[Article, ...], quotes: tuple[QuoteView, ...], now: datetime
) -> TickerData:
    headlines = latest(articles, config, now)
    return TickerData(clocks(config), quotes, headlines, headlines[0].iso if headlines else "")


def include_directive(mode: str, base_path: str, name: str) -> str:
    """How a page points at a published fragment in `ssi` or `esi` mode."""
    path = href(base_path, f"/_includes/{name}.html")
    if mode == "ssi":
        return f'<!--#include virtual="{path}" -->'
    return f'<esi:include src="{path}"/>'


@dataclass(frozen=True)
class TickerSlots:
    """What a page pastes where each ticker goes: the fragment itself (`inline`), an SSI or
    ESI directive, or nothing when the ticker is empty. `data` is there for themes that
    lay the tickers out their own way."""

    clocks: Markup
    markets: Markup
    latest: Markup
    data: TickerData
    #: The breaking-news banner (breaking.py). In `ssi`/`esi` mode pages point at its
    #: fragment even when it is empty, so raising a banner rewrites the fragment alone.
    breaking: Markup = NO_FRAGMENT


def make_slots(
    fragments: Mapping[str, str], data: TickerData, mode: str, base_path: str
) -> TickerSlots:
    def slot(name: str) -> Markup:
        always = name == BREAKING and name in fragments
        if not always and not fragments.get(name, "").strip():
            return Markup("")
        if mode == "inline":
            return Markup(fragments[name])
        return Markup(include_directive(mode, base_path, name))

    return TickerSlots(slot("clocks"), slot("markets"), slot("latest"), data, slot(BREAKING))


def pasted(slots: TickerSlots) -> tuple[Markup, ...]:
    """What a page pastes of the tickers (fragments, or include directives): all a page
    shows of them when its templates do not read `data`."""
    return (slots.clocks, slots.markets, slots.latest, slots.breaking)


def latest_json(data: TickerData) -> str:
    """/_includes/latest.json: the latest headlines for other pages and apps."""
    items = [{"title": i.title, "url": i.permalink, "published": i.iso} for i in data.latest]
    document = {"updated": data.updated, "items": items}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
