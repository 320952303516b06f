"""Working days (hari kerja): Monday to Friday, minus the dates of the holiday calendar.

The complaint desk's deadlines are counted with these functions by `pengaduan/clocks.py`,
which holds the office-hours rule (which day is day 1 of a count); see docs/pengaduan.md.
`add_working_days(start, n)` is the n-th working day counting `start` (moved to a working day)
as day 1.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from pengaduan.models import Holiday

# Enough look-ahead for any target; extended automatically when a run of holidays needs more.
_WINDOW_DAYS = 120


def _parse_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def office_closes() -> time:
    return _parse_time(settings.PENGADUAN_OFFICE_CLOSES)


class Calendar:
    """Holidays loaded once for a window of dates (one query), extended when needed."""

    def __init__(self, start: date):
        self._holidays: set[date] = set()
        self._loaded_from = start
        self._loaded_to = start - timedelta(days=1)
        self._load_until(start + timedelta(days=_WINDOW_DAYS))

    def _load_until(self, end: date) -> None:
        if end <= self._loaded_to:
            return
        begin = self._loaded_to + timedelta(days=1)
        self._holidays.update(
            Holiday.objects.filter(date__gte=begin, date__lte=end).values_list("date", flat=True)
        )
        self._loaded_to = end

    def _load_from(self, start: date) -> None:
        if start >= self._loaded_from:
            return
        self._holidays.update(
            Holiday.objects.filter(date__gte=start, date__lt=self._loaded_from).values_list(
                "date", flat=True
            )
        )
        self._loaded_from = start

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        if day < self._loaded_from:
            self._load_from(day - timedelta(days=_WINDOW_DAYS))
        elif day > self._loaded_to:
            self._load_until(day + timedelta(days=_WINDOW_DAYS))
        return day not in self._holidays

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def first_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day, counting `start` (moved to a working day) as day 1."""
        current = self.first_working_day(start)
        for _ in range(max(days, 1) - 1):
            current = self.next_working_day(current)
        return current

    def working_days_after(self, day: date, until: date) -> int:
        """How many working days lie in (day, until]."""
        count = 0
        current = day
        while current < until:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in [start, end] (0 when end < start)."""
        if end < start:
            return 0
        count = 1 if self.is_working_day(start) else 0
        return count + self.working_days_after(start, end)

    def clock_start(self, moment: datetime) -> date:
        """The day a clock starts for something that arrived at `moment` (office hours rule)."""
        local = timezone.localtime(moment)
        day = local.date()
        if self.is_working_day(day) and local.time() < office_closes():
            return day
        return self.next_working_day(day)


def calendar_for(day: date | None = None) -> Calendar:
    return Calendar(day or timezone.localdate())


def add_working_days(start: date, days: int) -> date:
    return calendar_for(start).add_working_days(start, days)


def clock_start(moment: datetime) -> date:
    return calendar_for(timezone.localtime(moment).date()).clock_start(moment)


def is_working_day(day: date) -> bool:
    return calendar_for(day).is_working_day(day)


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


def working_days_between(start: date, end: date) -> int:
    """Working days in [start, end] (0 when end < start)."""
    return calendar_for(start).working_days_between(start, end)
