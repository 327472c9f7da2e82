"""The time rules: every timestamp becomes an aware instant.

A timestamp with an offset is that instant; one without is wall time in the site's
zone; a bare date is midnight there. Wall times that do not exist (the spring-forward
gap) are errors; ambiguous ones (the autumn fold) take the first occurrence and warn.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timezone, tzinfo
from typing import Any


class TimeProblem(ValueError):
    """A timestamp that cannot be used; `warning` marks one that was used with a caveat."""

    def __init__(self, message: str, hint: str = "", warning: bool = False) -> None:
        super().__init__(message)
        self.hint = hint
        self.warning = warning


def to_instant(value: Any, zone: tzinfo) -> tuple[datetime, str]:
    """Turn a YAML timestamp, date or string into an aware datetime.

    Returns the instant and a warning text ("" when none). Raises `TimeProblem`.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        moment = _parse_text(value)
    else:
        raise TimeProblem(f"{value!r} is not a timestamp", "e.g. 2026-04-09T11:32:58+01:00")
    if moment.tzinfo is not None:
        return moment, ""
    return _localize(moment, zone)


def _parse_text(text: str) -> datetime:
    cleaned = text.strip()
    if re.fullmatch(
        r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?", cleaned
    ):
        try:
            return datetime.fromisoformat(cleaned.replace(" Z", "Z"))
        except ValueError as exc:
            raise TimeProblem(f"{text!r} is not a valid timestamp: {exc}") from None
    raise TimeProblem(f"{text!r} is not a timestamp", "e.g. 2026-04-09T11:32:58+01:00")


def _localize(wall: datetime, zone: tzinfo) -> tuple[datetime, str]:
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    name = str(zone)
    if round_trip != wall:
        raise TimeProblem(
            f"{wall.isoformat(sep=' ')} does not exist in {name} (the clocks go forward then)",
            "add an offset such as +01:00",
        )
    offset = first.utcoffset()
    if offset is not None and offset != second.utcoffset():
        # As a fixed offset: Python's == is always False between zones for a time in a
        # fold (PEP 495), so `updated != published` would misfire on the same instant.
        return first.astimezone(timezone(offset)), (
            f"{wall.isoformat(sep=' ')} happens twice in {name} (the clocks go back); "
            f"taken as {first.isoformat()}"
        )
    return first, ""


def from_epoch(seconds: str) -> datetime:
    """SOURCE_DATE_EPOCH -> aware UTC datetime; raises ValueError."""
    return datetime.fromtimestamp(int(seconds), UTC)


def parse_now(text: str, zone: tzinfo) -> datetime:
    """--now TIME: an ISO timestamp (site zone when naive), or '@<epoch seconds>'."""
    if text.startswith("@"):
        return from_epoch(text[1:])
    return to_instant(text, zone)[0]


def format_time(moment: datetime, fmt: str, zone: tzinfo) -> str:
    """strftime in `zone`, with glibc's "%-d" (no padding) supported on every platform."""
    return format_local(moment.astimezone(zone), fmt)


#: Unpadded fields read from the datetime itself, without a strftime call each.
_UNPADDED_FIELDS = {"d": "day", "m": "month", "H": "hour", "M": "minute", "S": "second"}


def format_local(local: datetime, fmt: str) -> str:
    """`format_time` of a time already in its zone. Each "%-X" becomes its digits first
    (text strftime leaves as it is), then one strftime call formats the rest."""
    runs = _strftime_runs(fmt)
    if len(runs) == 1 and not runs[0][1]:
        return local.strftime(runs[0][0])
    parts = []
    for part, unpadded in runs:
        if not unpadded:
            parts.append(part)
        elif part[1] in _UNPADDED_FIELDS:
            parts.append(str(getattr(local, _UNPADDED_FIELDS[part[1]])))
        else:
            parts.append(local.strftime(part).lstrip("0").replace("%", "%%") or "0")
    return local.strftime("".join(parts))


@functools.lru_cache(maxsize=64)
def _strftime_runs(fmt: str) -> tuple[tuple[str, bool], ...]:
    """A format as strftime formats to apply in turn: each "%-X" on its own (unpadded,
    True), everything between in one run with its literal "%" signs escaped."""
    runs: list[tuple[str, bool]] = []
    run = ""
    for part in re.split(r"(%-?[A-Za-z%])", fmt):
        if part.startswith("%-") and len(part) == 3:
            if run:
                runs.append((run, False))
            runs.append(("%" + part[2], True))
            run = ""
        elif part.startswith("%") and len(part) == 2:
            run += part
        else:
            run += part.replace("%", "%%")
    if run:
        runs.append((run, False))
    return tuple(runs)


def iso(moment: datetime, zone: tzinfo) -> str:
    """ISO-8601 in the site's zone, seconds precision: 2026-04-09T11:32:58+01:00."""
    return iso_local(moment.astimezone(zone))


def iso_local(local: datetime) -> str:
    """`iso` of a time already in its zone."""
    return local.isoformat(timespec="seconds")
