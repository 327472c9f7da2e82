"""The checks of site.toml's values that types alone do not make (an absolute base URL,
a time zone, a language, a permalink pattern...), and the warnings of allowed but
dangerous settings."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from ..core.errors import Diagnostic, error, suggest, warning
from ..core.tomlkeys import KeyLocator
from .model import CONFIG_NAME, INCLUDE_MODES, PERMALINK_TOKENS, SiteConfig


def check_values(config: SiteConfig, locate: KeyLocator) -> list[Diagnostic]:
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
