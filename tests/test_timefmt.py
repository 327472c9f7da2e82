"""format_time: strftime in the site's zone with "%-d" (no padding) everywhere; iso."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from atlasgen.core.times import _strftime_runs, format_time, iso

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


def strftime_runs_one_by_one(moment: datetime, fmt: str, zone: ZoneInfo) -> str:
    """format_time as it was first written: one strftime call per run, unpadded by lstrip."""
    local = moment.astimezone(zone)
    return "".join(
        (local.strftime(part).lstrip("0") or "0") if unpadded else local.strftime(part)
        for part, unpadded in _strftime_runs(fmt)
    )


PIECES = ["%-d", "%-m", "%-H", "%-M", "%-S", "%-I", "%-j", "%-y", "%d", "%b", "%B", "%Y"]
PIECES += ["%H", "%M", "%S", "%p", "%a", "%Z", "%z", "%%", "%", "%-", " ", ", ", ":", "100% "]


@given(
    st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("Europe/London")])),
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    st.sampled_from(["Europe/London", "Asia/Kolkata", "America/St_Johns", "UTC"]),
)
@example(MOMENT, "%-d %b %Y, %H:%M:%S", "Europe/London")
def test_one_strftime_call_gives_the_text_of_one_call_per_run(
    moment: datetime, fmt: str, zone: str
) -> None:
    assert format_time(moment, fmt, ZoneInfo(zone)) == strftime_runs_one_by_one(
        moment, fmt, ZoneInfo(zone)
    )


@given(
    st.datetimes(timezones=st.sampled_from([UTC, ZoneInfo("Europe/London")])),
    st.sampled_from(["Europe/London", "Asia/Kolkata", "Africa/Monrovia", "UTC"]),
)
def test_iso_drops_the_microseconds(moment: datetime, zone: str) -> None:
    expected = moment.astimezone(ZoneInfo(zone)).replace(microsecond=0).isoformat()
    assert iso(moment, ZoneInfo(zone)) == expected
