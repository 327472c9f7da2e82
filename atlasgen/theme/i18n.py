"""The theme's interface strings in the site's language.

A theme ships `i18n/<lang>.toml` files, one string per key ("share.title" is `title` in
the `[share]` table); a site's own `i18n/<lang>.toml` overrides single strings. A key
with plural forms is a table of CLDR categories (`one`, `other`, and for Arabic `zero`,
`two`, `few`, `many` too), chosen by Babel's plural rules. A string the language lacks
is the English one, with one warning per key and build, naming where to add it.

One `Translator` serves one language: a site in several languages would hold one each.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from string import Formatter
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from ..core.errors import Diagnostic, error, suggest, warning
from ..core.tomlkeys import KeyLocator

FALLBACK = "en"  #: every theme has this language complete; others fall back to it
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
I18N = "i18n"  #: the folder of the catalogs, in a theme and in a site

Entry = str | Mapping[str, str]  #: a string, or its plural forms by CLDR category


def parse_locale(language: str) -> Locale:
    """`language` as Babel knows it ("pt-BR" and "pt_BR" alike); raises ValueError."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"{language!r} is not a language atlasgen knows: {exc}") from None


class Translator:
    """The strings of one language, with its plural rules, number format and direction.

    In templates it is `t`: `t("share.title")`, `t("terms.stories", count=n)`,
    `t("article.by", authors=links)`. It returns Markup: the translation is escaped and
    the values are put in, escaped unless they are Markup themselves (a link, a time).
    """

    def __init__(
        self, language: str, strings: Mapping[str, Entry], fallback: Mapping[str, Entry]
    ) -> None:
        self.language = language
        self.locale = parse_locale(language)
        self._strings = {**fallback, **strings}
        self.direction = "rtl" if self.locale.character_order == "right-to-left" else "ltr"
        self.key = hashlib.sha256(
            repr((language, sorted(self._strings.items(), key=lambda kv: kv[0]))).encode()
        ).hexdigest()[:16]

    def __call__(self, key: str, count: int | None = None, **values: object) -> Markup:
        text = self._pick(key, count)
        if count is not None:
            values.setdefault("count", self.number(count))
        return Markup(escape(text)).format(**values) if values else Markup(escape(text))

    def text(self, key: str, count: int | None = None, **values: object) -> str:
        """A plain string, for Python's own texts (page titles, labels of share links)."""
        text = self._pick(key, count)
        if count is not None:
            values.setdefault("count", self.number(count))
        return text.format(**values) if values else text

    def names(self) -> list[str]:
        """The key of every string, English ones included, in order."""
        return sorted(self._strings)

    def forms(self, key: str) -> dict[str, str]:
        """A plural string's forms by category, for the browser (Intl.PluralRules)."""
        entry = self._entry(key)
        return {"other": entry} if isinstance(entry, str) else dict(entry)

    def json(self, *keys: str) -> Markup:
        """Strings for a page's script, as JSON safe inside <script>: a plural string as
        its forms by category (the browser picks one with Intl.PluralRules)."""
        found = {key: self._entry(key) for key in keys}
        text = json.dumps(found, ensure_ascii=False, sort_keys=True)
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e"))

    def number(self, value: float) -> str:
        """A count as the language writes it: "1,234" in English, "1 234" in French."""
        return format_decimal(value, locale=self.locale)

    def join(self, items: Iterable[object]) -> Markup:
        """Items as a list reads in the language: "A, B and C", "A, B et C" (CLDR)."""
        shown = [i if isinstance(i, Markup) else escape(i) for i in items]
        if len(shown) < 2:
            return Markup("").join(shown)
        patterns = self.locale.list_patterns["standard"]
        if len(shown) == 2:
            return Markup(escape(patterns["2"])).format(*shown)
        joined = Markup(escape(patterns["end"])).format(shown[-2], shown[-1])
        for item in reversed(shown[1:-2]):
            joined = Markup(escape(patterns["middle"])).format(item, joined)
        return Markup(escape(patterns["start"])).format(shown[0], joined)

    def _entry(self, key: str) -> Entry:
        try:
            return self._strings[key]
        except KeyError:
            hint = suggest(key, self._strings)
            raise LookupError(
                f"no interface string {key!r} in the theme's i18n/{FALLBACK}.toml"
                + (f" ({hint})" if hint else "")
            ) from None

    def _pick(self, key: str, count: int | None) -> str:
        entry = self._entry(key)
        if isinstance(entry, str):
            return entry
        category = self.locale.plural_form(abs(count)) if count is not None else "other"
        return entry.get(category) or entry["other"]


@functools.lru_cache(maxsize=4)
def english(theme_root: Path) -> Translator:
    """The theme's English strings alone: for views made without a loaded site (tests)."""
    strings, _ = read_catalog(theme_root / I18N / f"{FALLBACK}.toml", f"{FALLBACK}.toml")
    return Translator(FALLBACK, strings, {})


def load_translator(
    theme_root: Path, theme_label: str, site_dir: Path, language: str
) -> tuple[Translator, list[Diagnostic]]:
    """The strings of `language`: the theme's English, then its catalog of the language
    (or of the language without its region: pt for pt-BR), then the site's overrides.
    `theme_label` is how messages name the theme's folder."""
    problems: list[Diagnostic] = []
    english_path = theme_root / I18N / f"{FALLBACK}.toml"
    english_shown = f"{theme_label}/{I18N}/{FALLBACK}.toml"
    fallback, found = read_catalog(english_path, english_shown)
    problems += found + check_placeholders(fallback, None, english_shown, english_path)
    strings: dict[str, Entry] = {}
    if language != FALLBACK:
        theme_file = _theme_catalog(theme_root, language)
        if theme_file is not None:
            theme_shown = f"{theme_label}/{I18N}/{theme_file.name}"
            read, found = read_catalog(theme_file, theme_shown)
            problems += found + check_placeholders(read, fallback, theme_shown, theme_file)
            strings.update(read)
    site_file = site_dir / I18N / f"{language}.toml"
    shown = f"{I18N}/{language}.toml"
    if site_file.is_file():
        read, found = read_catalog(site_file, shown)
        problems += found + _unknown_keys(read, fallback, shown, site_file)
        problems += check_placeholders(read, fallback, shown, site_file)
        strings.update(read)
    if language != FALLBACK:
        problems += _missing(strings, fallback, shown, language)
    return Translator(language, strings, fallback), problems


def _theme_catalog(theme_root: Path, language: str) -> Path | None:
    base = language.replace("_", "-").split("-")[0]
    for name in dict.fromkeys((language, language.replace("_", "-"), base)):
        path = theme_root / I18N / f"{name}.toml"
        if path.is_file():
            return path
    return None


def _missing(
    strings: Mapping[str, Entry], fallback: Mapping[str, Entry], shown: str, language: str
) -> list[Diagnostic]:
    """One warning for each string the language lacks; one in all when it has none."""
    if not strings:
        return [warning(shown, 0, "", f'the theme has no strings in "{language}" (English used)')]
    return [
        warning(shown, 0, "", f'missing "{key}" (English used)')
        for key in sorted(fallback)
        if key not in strings
    ]


def _unknown_keys(
    strings: Mapping[str, Entry], fallback: Mapping[str, Entry], shown: str, path: Path
) -> list[Diagnostic]:
    """A site's override of a string the theme does not have: a typo, most likely."""
    unknown = [key for key in sorted(strings) if key not in fallback]
    locate = _locator(path) if unknown else None
    return [
        warning(
            shown,
            locate(key) if locate else 0,
            "",
            f'"{key}" is not a string of the theme',
            suggest(key, fallback),
        )
        for key in unknown
    ]


def check_placeholders(
    strings: dict[str, Entry], english: Mapping[str, Entry] | None, shown: str, path: Path
) -> list[Diagnostic]:
    """Errors for the strings whose `{name}`s a page cannot fill, which are dropped: a
    stray brace, or a name the English string does not have (a page puts in only those,
    and `count` in a plural string). With `english` None, the English strings themselves
    are checked: each must at least be well formed."""
    problems: list[Diagnostic] = []
    locate: KeyLocator | None = None
    for key, entry in list(strings.items()):
        if english is not None and key not in english:
            continue  # not a string of the theme: a warning says so
        allowed = None if english is None else _names(english[key])
        problem = _placeholder_problem(entry, allowed)
        if problem is not None:
            locate = locate or _locator(path)
            problems.append(error(shown, locate(key), key, *problem))
            del strings[key]
    return problems


_BRACES = "write {{ and }} for a brace itself"


def _placeholder_problem(entry: Entry, allowed: frozenset[str] | None) -> tuple[str, str] | None:
    """What keeps a page from filling `entry`: (message, hint), or None."""
    for text in [entry] if isinstance(entry, str) else entry.values():
        try:
            fields = [(n, s, c) for _, n, s, c in Formatter().parse(text) if n is not None]
        except ValueError as exc:
            return f"not a string a page can fill: {exc}", _BRACES
        for name, spec, conversion in fields:
            if spec or conversion:
                return f"{{{name}}} is put in as it is: no format or conversion", _BRACES
            if allowed is not None and name not in allowed:
                have = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
                return f"{{{name}}} is not a value this string has (it has {have})", _BRACES
            if not name.isidentifier():
                return f"{{{name}}} is not a value's name", _BRACES
    return None


def _names(entry: Entry) -> frozenset[str]:
    """The values a page puts into an English string: its `{name}`s, and a plural's count."""
    texts = [entry] if isinstance(entry, str) else [*entry.values()]
    found = {"count"} if not isinstance(entry, str) else set()
    for text in texts:
        with contextlib.suppress(ValueError):
            found.update(n for _, n, _, _ in Formatter().parse(text) if n)
    return frozenset(found)


def _locator(path: Path) -> KeyLocator:
    try:
        return KeyLocator(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return KeyLocator("")


def read_catalog(path: Path, shown: str) -> tuple[dict[str, Entry], list[Diagnostic]]:
    """A catalog file as flat keys ("share.title"), or the problems that keep it out."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return {}, [error(shown, 0, "", f"cannot read: {exc.strerror}")]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        text = str(exc)
        at = re.search(r"\(at line (\d+), column \d+\)", text)
        message = text[: at.start()].strip() if at else text
        return {}, [error(shown, int(at.group(1)) if at else 0, "", f"not TOML: {message}")]
    strings: dict[str, Entry] = {}
    problems: list[Diagnostic] = []
    _flatten(data, "", strings, problems, shown)
    if problems:  # each at its key's line
        locate = _locator(path)
        problems = [replace(p, line=locate(p.key)) for p in problems]
    return strings, problems


def _flatten(
    table: Mapping[str, Any],
    prefix: str,
    into: dict[str, Entry],
    problems: list[Diagnostic],
    shown: str,
) -> None:
    for name, value in table.items():
        key = prefix + name
        if isinstance(value, str):
            into[key] = value
        elif isinstance(value, dict) and value and set(value) <= PLURAL_CATEGORIES:
            if "other" not in value or not all(isinstance(v, str) for v in value.values()):
                problems.append(
                    error(shown, 0, key, "plural forms must be strings, with an 'other' form")
                )
            else:
                into[key] = dict(value)
        elif isinstance(value, dict):
            _flatten(value, key + ".", into, problems, shown)
        else:
            problems.append(error(shown, 0, key, f"must be a string, not {value!r}"))
