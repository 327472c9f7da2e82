"""Times as pages show them: in the site's zone, with the site's formats."""

from __future__ import annotations

from datetime import datetime, tzinfo

from ..core.times import format_local, format_time, iso_local
from .groupings import Month
from .views import TimeView

DAY_FORMAT = "%-d %b %Y"  #: a correction's date: "10 Apr 2026"
MONTH_FORMAT = "%B %Y"  #: an archive month's name: "November 2026"


class TimeTexts:
    """`TimeView`s and month names in one zone; `date_format` is site.toml's."""

    def __init__(self, zone: tzinfo, date_format: str) -> None:
        self.zone, self.date_format = zone, date_format

    def time(self, moment: datetime) -> TimeView:
        return self._time(moment, self.date_format)

    def day(self, moment: datetime) -> TimeView:
        """A date without its time of day, for corrections: "10 Apr 2026"."""
        return self._time(moment, DAY_FORMAT)

    def _time(self, moment: datetime, fmt: str) -> TimeView:
        local = moment.astimezone(self.zone)  # once for both texts
        return TimeView(iso_local(local), format_local(local, fmt), int(moment.timestamp()))

    def month_name(self, month: Month) -> str:
        return format_time(month.articles[0].published, MONTH_FORMAT, self.zone)
