"""Dates and numbers in the site's language (site/timetexts.py, site/tickers.py): CLDR
patterns from the theme's catalog, filled in by Babel; `date_format` still decides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import article, build, make_site

from atlasgen.site.groupings import Month
from atlasgen.site.tickers import format_change, format_price, site_locale
from atlasgen.site.timetexts import TimeTexts, localized_strftime
from atlasgen.theme.i18n import load_translator
from atlasgen.theme.templates import ATLAS

MOMENT = datetime(2026, 11, 27, 8, 5, 3, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


def times(language: str, date_format: str = "") -> TimeTexts:
    strings, problems = load_translator(ATLAS, "atlas", Path("/nonexistent"), language)
    assert problems == []
    return TimeTexts(PARIS, date_format, strings)


@pytest.mark.parametrize(
    ("language", "shown", "day", "month"),
    [
        ("en", "27 Nov 2026, 09:05:03", "27 Nov 2026", "November 2026"),
        ("fr", "27 novembre 2026 à 09h05", "27 novembre 2026", "novembre 2026"),
        ("de", "27. November 2026, 09:05 Uhr", "27. November 2026", "November 2026"),
        ("es", "27 de noviembre de 2026, 09:05", "27 de noviembre de 2026", "noviembre de 2026"),
        ("pt", "27 de novembro de 2026 às 09h05", "27 de novembro de 2026", "novembro de 2026"),
        ("it", "27 novembre 2026 alle 09:05", "27 novembre 2026", "novembre 2026"),
        ("ar", "27 نوفمبر 2026، 09:05", "27 نوفمبر 2026", "نوفمبر 2026"),
    ],
)
def test_times_days_and_months_are_written_as_the_language_writes_them(
    language: str, shown: str, day: str, month: str
) -> None:
    texts = times(language)
    found = texts.time(MOMENT)
    assert (found.iso, found.text) == ("2026-11-27T09:05:03+01:00", shown)
    assert texts.day(MOMENT).text == day
    november = Month(2026, 11, (_Story(MOMENT),))  # type: ignore[arg-type]
    assert texts.month_name(november) == month


class _Story:
    def __init__(self, published: datetime) -> None:
        self.published = published


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Friday 27 November 2026, 9:05 AM"),
        ("fr", "vendredi 27 novembre 2026, 9:05 AM"),
        ("de", "Freitag 27 November 2026, 9:05 AM"),
    ],
)
def test_a_date_format_decides_and_its_names_are_the_languages(language: str, shown: str) -> None:
    assert times(language, "%A %-d %B %Y, %-I:%M %p").time(MOMENT).text == shown


def test_a_date_format_keeps_percent_signs_and_unpadded_fields() -> None:
    local = MOMENT.astimezone(PARIS)
    assert localized_strftime(local, "%%b %b %-m/%-d 100%%", site_locale("fr")) == (
        "%b nov. 11/27 100%"
    )


@pytest.mark.parametrize(
    ("language", "price", "shown"),
    [
        ("en", 4535.2, "4,535"),
        ("fr", 4535.2, "4\u202f535"),
        ("de", 4535.2, "4.535"),
        ("de", 452.3, "452,30"),
        ("fr", 1.08421, "1,0842"),
        ("en", -0.00001234, "−0.00001234"),
        ("ar", 77527.4, "77,527"),
    ],
)
def test_prices_are_written_as_the_language_writes_numbers(
    language: str, price: float, shown: str
) -> None:
    assert format_price(price, site_locale(language)) == shown


@pytest.mark.parametrize(
    ("language", "change", "shown"),
    [
        ("en", 1.07, "+1.07%"),
        ("en", -0.5, "−0.50%"),
        ("en", 0, "0.00%"),
        ("fr", 1.07, "+1,07\xa0%"),
    ],
)
def test_changes_are_signed_percents_in_the_languages_format(
    language: str, change: float, shown: str
) -> None:
    assert format_change(change, site_locale(language)) == shown


def test_a_french_page_shows_french_dates_and_prices(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "content/world/a.md": article("Un titre", "2026-11-20T10:00:00+00:00"),
            "content/_data/markets.toml": '[[quote]]\nname = "Or"\nprice = 4535.2\nchange = 1.07\n',
        },
        'title = "Le Quotidien"\nbase_url = "https://example.fr"\ntimezone = "Europe/Paris"\n'
        'language = "fr"\n',
    )
    result = build(site)
    assert result.exit_code == 0, result.output
    page = (site / "public/world/a/index.html").read_text(encoding="utf-8")
    assert "Publié le <time" in page and ">20 novembre 2026 à 11h00</time>" in page
    assert '<span class="quote__price">4\u202f535' in page
    archive = (site / "public/archive/index.html").read_text(encoding="utf-8")
    assert ">novembre 2026</a>" in archive
