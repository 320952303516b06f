"""Working days (hari kerja) of the complaint desk: the shared calendar of rutan/calendar.py
(Monday to Friday minus `rutan.Holiday`) plus the desk's office-hours rule.

The complaint desk's deadlines are counted with these functions by `pengaduan/clocks.py`,
which holds the office-hours rule (which day is day 1 of a count); see docs/pengaduan.md.
`add_working_days(start, n)` is the n-th working day counting `start` (moved to a working day)
as day 1.
"""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

from rutan.calendar import WorkingCalendar, add_working_days, is_working_day, working_days_between

__all__ = [
    "Calendar",
    "add_working_days",
    "calendar_for",
    "clock_start",
    "due_soon_limit",
    "is_working_day",
    "next_working_day",
    "office_closes",
    "working_days_between",
]


def _parse_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def office_closes() -> time:
    return _parse_time(settings.PENGADUAN_OFFICE_CLOSES)


class Calendar(WorkingCalendar):
    """The shared working-day calendar with the desk's office-hours rule."""

    def clock_start(self, moment: datetime) -> date:
        """The day a clock starts for something that arrived at `moment` (office hours rule)."""
        local = timezone.localtime(moment)
        day = local.date()
        if self.is_working_day(day) and local.time() < office_closes():
            return day
        return self.next_working_day(day)


def calendar_for(day: date | None = None) -> Calendar:
    return Calendar(day or timezone.localdate())


def clock_start(moment: datetime) -> date:
    return calendar_for(timezone.localtime(moment).date()).clock_start(moment)


def due_soon_limit(today: date) -> date:
    """Items due on or before this date are "hampir jatuh tempo"."""
    cal = calendar_for(today)
    limit = today
    for _ in range(settings.PENGADUAN_DUE_SOON_WORKING_DAYS):
        limit = cal.next_working_day(limit)
    return limit


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    return calendar_for(day).next_working_day(day)
