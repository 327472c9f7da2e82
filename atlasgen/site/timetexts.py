"""Times as pages show them: in the site's zone, in the site's language.

The language's catalog (theme/i18n.py) gives the patterns, in CLDR's notation, that Babel
fills with the language's month names and numbers: "27 Nov 2026, 09:00:00",
"27 novembre 2026 à 09h00", "27. November 2026, 09:00 Uhr". A site's `date_format`
(strftime) replaces the pattern of published and updated times; its names (%b, %A...)
are the language's too.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, tzinfo

from babel import Locale
from babel.dates import format_datetime, get_day_names, get_month_names, get_period_names

from ..core.times import format_local, iso_local
from ..theme.i18n import Translator
from .groupings import Month
from .views import TimeView

#: The patterns of a language, by the catalog's keys: a time, a day, a month.
TIME, DAY, MONTH = "dates.time", "dates.day", "dates.month"


class TimeTexts:
    """`TimeView`s and month names in one zone and one language; `date_format` is
    site.toml's ("" for the language's own pattern)."""

    def __init__(self, zone: tzinfo, date_format: str, strings: Translator) -> None:
        self.zone, self.date_format, self.locale = zone, date_format, strings.locale
        self.patterns = {key: strings.text(key) for key in (TIME, DAY, MONTH)}

    def time(self, moment: datetime) -> TimeView:
        local = moment.astimezone(self.zone)  # once for both texts
        if self.date_format:
            text = localized_strftime(local, self.date_format, self.locale)
        else:
            text = format_datetime(local, self.patterns[TIME], locale=self.locale)
        return TimeView(iso_local(local), text, int(moment.timestamp()))

    def day(self, moment: datetime) -> TimeView:
        """A date without its time of day, for corrections: "10 Apr 2026"."""
        local = moment.astimezone(self.zone)
        text = format_datetime(local, self.patterns[DAY], locale=self.locale)
        return TimeView(iso_local(local), text, int(moment.timestamp()))

    def month_name(self, month: Month) -> str:
        """An archive month's name: "November 2026", "novembre 2026"."""
        local = month.articles[0].published.astimezone(self.zone)
        return format_datetime(local, self.patterns[MONTH], locale=self.locale)


#: strftime's directives that are words, in the language's words.
_NAMES = re.compile(r"%%|%[aAbBhp]")


def localized_strftime(local: datetime, fmt: str, locale: Locale) -> str:
    """strftime (with "%-d", core/times.py) whose month and day names and AM/PM are the
    language's: "%-d %B %Y" is "27 novembre 2026" in French, as in English it is
    "27 November 2026"."""
    parts, start = [], 0
    for found in _NAMES.finditer(fmt):
        token = found.group()
        if token == "%%":
            continue
        parts.append(format_local(local, fmt[start : found.start()]))
        parts.append(_name(local, token[1], locale))
        start = found.end()
    parts.append(format_local(local, fmt[start:]))
    return "".join(parts)


def _name(local: datetime, directive: str, locale: Locale) -> str:
    words = _words(str(locale))
    if directive in "bh":
        return words["b"][local.month]
    if directive == "B":
        return words["B"][local.month]
    if directive == "a":
        return words["a"][local.weekday()]
    if directive == "A":
        return words["A"][local.weekday()]
    return words["p"]["am" if local.hour < 12 else "pm"]


@functools.lru_cache(maxsize=16)
def _words(locale_name: str) -> dict[str, dict[object, str]]:
    locale = Locale.parse(locale_name)
    return {
        "b": dict(get_month_names("abbreviated", "format", locale)),
        "B": dict(get_month_names("wide", "format", locale)),
        "a": dict(get_day_names("abbreviated", "format", locale)),
        "A": dict(get_day_names("wide", "format", locale)),
        "p": dict(get_period_names("abbreviated", "format", locale)),
    }
