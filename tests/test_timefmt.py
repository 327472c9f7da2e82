"""format_time: strftime in the site's zone with "%-d" (no padding) everywhere."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from atlasgen.timefmt import format_time

MOMENT = datetime(2026, 4, 9, 7, 5, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("%B %-d, %Y %H:%M", "April 9, 2026 08:05"),
        ("%-d/%-m/%y", "9/4/26"),
        ("%-H:%M", "8:05"),
        ("%d %m", "09 04"),
        ("100% sure, %Y", "100% sure, 2026"),  # a lone % is text
        ("%-d%%", "9%"),
        ("%", "%"),
        ("%-", "%-"),
        ("", ""),
        ("%-M", "5"),
        ("%-S", "8"),
    ],
)
def test_formats(fmt: str, expected: str) -> None:
    assert format_time(MOMENT, fmt, ZoneInfo("Europe/London")) == expected


def test_an_unpadded_zero_stays_a_zero() -> None:
    midnight = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    assert format_time(midnight, "%-H:%M", UTC) == "0:00"
