"""The working-day calendar every app shares: Monday to Friday, minus the dates of
`rutan.Holiday`.

- National holidays of the current and next year are filled from the `holidays` library
  (Indonesia, `fill_national_holidays`, run by `manage.py fill_holidays` from a daily timer, by
  deploy/install.sh and by seed_demo). It only adds dates the calendar never had: a date an admin
  entered, changed or deleted is left as the admin left it.
- Cuti bersama and local days are added by an admin (the SKB of three ministers is published
  late each year); the dashboard reminds admins from October when next year has none.

pengaduan/workdays.py adds the complaint desk's office-hours rule on top of this module;
pembinaan's plans skip these dates.
"""

from collections.abc import Iterable
from datetime import date, timedelta

import holidays as holidays_library
from django.db import transaction
from django.utils import timezone

from rutan.models import Holiday, HolidayKind

# Enough look-ahead for any target; extended automatically when a run of holidays needs more.
_WINDOW_DAYS = 120

FILL_REASON = "Diisi otomatis dari pustaka holidays (libur nasional)."

# From this month on, admins are reminded when next year has no cuti bersama yet.
CUTI_BERSAMA_REMINDER_MONTH = 10


class WorkingCalendar:
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


def calendar_for(day: date | None = None) -> WorkingCalendar:
    return WorkingCalendar(day or timezone.localdate())


def add_working_days(start: date, days: int) -> date:
    return calendar_for(start).add_working_days(start, days)


def working_days_between(start: date, end: date) -> int:
    return calendar_for(start).working_days_between(start, end)


def is_working_day(day: date) -> bool:
    return calendar_for(day).is_working_day(day)


def holidays_between(start: date, end: date) -> dict[date, str]:
    """The calendar's holidays in [start, end], date → name (one query)."""
    return dict(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "name"))


def national_holidays(years: Iterable[int]) -> dict[date, str]:
    """Indonesia's national holidays (libur nasional) of `years` from the `holidays` library,
    in Indonesian. Cuti bersama are not taken from it: admins enter them from the SKB."""
    found = holidays_library.country_holidays("ID", years=list(years), language="id")
    return {day: str(name)[:150] for day, name in sorted(found.items())}


def fill_national_holidays(*, years: Iterable[int] | None = None) -> list[Holiday]:
    """Add the national holidays of `years` (default: this year and the next) that the calendar
    never had. Idempotent; never overwrites a date an admin entered or changed, and never brings
    back a date an admin deleted (its history remains). Returns the added rows."""
    if years is None:
        this_year = timezone.localdate().year
        years = (this_year, this_year + 1)
    wanted = national_holidays(years)
    if not wanted:
        return []
    with transaction.atomic():
        known = set(
            Holiday.history.filter(date__in=list(wanted)).values_list("date", flat=True)
        ) | set(Holiday.objects.filter(date__in=list(wanted)).values_list("date", flat=True))
        rows = [
            Holiday(date=day, name=name, kind=HolidayKind.NATIONAL)
            for day, name in wanted.items()
            if day not in known
        ]
        for row in rows:
            row.full_clean()
            row._change_reason = FILL_REASON  # type: ignore[attr-defined]  # simple_history
            row.save()
    return rows


def cuti_bersama_reminder_year(today: date | None = None) -> int | None:
    """The next year when, from October, it has no cuti bersama in the calendar yet (admins
    should enter the SKB's dates); None otherwise."""
    today = today or timezone.localdate()
    if today.month < CUTI_BERSAMA_REMINDER_MONTH:
        return None
    year = today.year + 1
    has_any = Holiday.objects.filter(date__year=year, kind=HolidayKind.CUTI_BERSAMA).exists()
    return None if has_any else year
