"""The fair clocks of the complaint desk (docs/pengaduan.md, "Deadlines, worked example").

Two clocks run on a complaint, both in working days (pengaduan/workdays.py) of staff time:

- **the step clock**: each state in which staff must act (`ACTOR_STATES`) has its own target,
  counted from the moment the step began;
- **the reply clock**: the overall target from receipt to the published reply
  (`PENGADUAN_REPLY_TARGET_DAYS`, 13 hk), which runs across the steps and pauses while the
  complainant is asked to complete the complaint (PERLU_KELENGKAPAN).

The office-hours rule (`PENGADUAN_OFFICE_OPENS`, `PENGADUAN_OFFICE_CLOSES`) decides which day
is day 1 of a count:

- a step that begins on a working day **before opening** has that whole day: day 1 is that day;
- a step that begins **during office hours** gets the rest of that day for free: day 1 is the
  next working day;
- a step that begins **at or after closing**, or on a non-working day (weekend, holiday, cuti
  bersama), starts the next working day: day 1 is that day.

A target of n hk is due on day n; it is late from the next day. When a clock stops, the day it
stops counts as used if the clock stops at or after opening time (a step finished before opening
was finished the evening before). Only the public functions of `pengaduan.workdays` are used.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from pengaduan.models import DayKind
from pengaduan.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)


def _parse_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def office_opens() -> time:
    return _parse_time(settings.PENGADUAN_OFFICE_OPENS)


def office_closes() -> time:
    return _parse_time(settings.PENGADUAN_OFFICE_CLOSES)


def counting_from(moment: datetime) -> date:
    """Day 1 of a count that begins at `moment` (the office-hours rule above)."""
    local = timezone.localtime(moment)
    day = local.date()
    if local.time() < office_opens() and is_working_day(day):
        return day
    return next_working_day(day)


def last_counted_day(moment: datetime) -> date:
    """The last day used by a clock that stops at `moment`: that day if the clock stops at or
    after opening time, otherwise the day before."""
    local = timezone.localtime(moment)
    if local.time() >= office_opens():
        return local.date()
    return local.date() - timedelta(days=1)


def due_after(moment: datetime, days: int, kind: str = DayKind.WORKING) -> date:
    """The due day of a target of `days` that begins at `moment`.

    Working days: day `days` of the count (`counting_from`). Calendar days (the waiting
    periods): the date of `moment` plus `days`.
    """
    if kind == DayKind.CALENDAR:
        return timezone.localtime(moment).date() + timedelta(days=days)
    return add_working_days(counting_from(moment), max(days, 1))


def days_used(start: datetime, end: datetime) -> int:
    """Working days of a clock that ran from `start` to `end` (0 if it stopped before day 1)."""
    return working_days_between(counting_from(start), last_counted_day(end))


def days_left(due: date, moment: datetime) -> int:
    """Working days of a target due on `due` still left when its clock pauses at `moment`."""
    return working_days_between(counting_from(moment), due)


def finished_on_time(due: date, moment: datetime) -> bool:
    """Whether something due on `due` and done at `moment` was done on time."""
    return last_counted_day(moment) <= due


def reply_target_days() -> int:
    return settings.PENGADUAN_REPLY_TARGET_DAYS


def overdue_by_at_least(today: date, days: int) -> date:
    """The latest deadline that is at least `days` working days overdue on `today` (a deadline
    d is n working days overdue when n working days lie in (d, today])."""
    day, counted = today, 0
    while counted < days:
        if is_working_day(day):
            counted += 1
        day -= timedelta(days=1)
    return day


def overdue_since(complaint, today: date) -> date | None:
    """The earliest deadline of a complaint that has passed on `today`: the step's due day, the
    reply target (until the reply) or the legal ceiling."""
    deadlines = [complaint.due_date, complaint.legal_due_date]
    if complaint.answered_at is None:
        deadlines.append(complaint.reply_due_date)
    passed = [d for d in deadlines if d is not None and d < today]
    return min(passed) if passed else None
