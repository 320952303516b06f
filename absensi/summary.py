"""Per-session attendance counts (`SessionAttendanceCount`): a summary kept exact by recounting.

Every path that writes attendance recounts the sessions it touched at its end, set-based: one
DELETE and one INSERT … SELECT … GROUP BY (an upsert) per call, whatever the number of
sessions. The services (`record_attendance`, the session cancel/un-cancel receivers), the
derivation (per batch of sessions) call `recount_sessions()` explicitly; a single row saved or
deleted outside them (Django admin, the shell, a data fix) is recounted by the post_save /
post_delete receivers in `absensi.receivers`. Bulk writes that bypass both (`bulk_create` in a
script, raw SQL) are repaired with `python manage.py recount_attendance`.

The counts are never incremented or decremented, so they cannot drift: a recount of the same
rows always gives the same summary (tests/absensi/test_summary.py compares them after every
kind of write).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, transaction
from django.db.models import Count, Q

from absensi.models import (
    ABSENT_REASONS,
    ATTENDED_STATUSES,
    Attendance,
    AttendanceStatus,
    SessionAttendanceCount,
)

# Took part (Hadir, Terlambat); absent with a reason: every other status but "Sesi dibatalkan".
PRESENT = list(ATTENDED_STATUSES)
ABSENT = ABSENT_REASONS
IDS_PER_QUERY = 500

_deferred: ContextVar[set[int] | None] = ContextVar("attendance_summary_deferred", default=None)


# The summary's columns after session_id, in the order of the INSERT below.
COLUMNS = (
    "present",
    "absent",
    *(f"absent_{status.value}" for status in ABSENT),
    "cancelled",
    "total",
)


def counts_by_session(attendances):
    """(session_id, *COLUMNS) per session of an Attendance queryset."""
    by_reason = {f"absent_{s.value}": Count("pk", filter=Q(status=s)) for s in ABSENT}
    return (
        attendances.order_by()
        .values("session_id")
        .annotate(
            present=Count("pk", filter=Q(status__in=PRESENT)),
            absent=Count("pk", filter=Q(status__in=ABSENT)),
            **by_reason,
            cancelled=Count("pk", filter=Q(status=AttendanceStatus.CANCELLED)),
            total=Count("pk"),
        )
        .values_list("session_id", *COLUMNS)
    )


def _insert_counts(attendances) -> None:
    """INSERT … SELECT the counts of `attendances` (an upsert: a concurrent recount of the
    same session cannot make it fail)."""
    table = connection.ops.quote_name(SessionAttendanceCount._meta.db_table)
    select, params = counts_by_session(attendances).query.sql_with_params()
    columns = ", ".join(COLUMNS)
    updates = ", ".join(f"{column} = excluded.{column}" for column in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (session_id, {columns}) {select}"
            f" ON CONFLICT (session_id) DO UPDATE SET {updates}",
            params,
        )


def recount_sessions(session_ids: Iterable[int], *, only_added: bool = False) -> None:
    """Make the summary rows of these sessions equal a count of their attendance: a DELETE
    and one INSERT … SELECT per 500 sessions, or the INSERT (an upsert) alone when the caller
    only added or changed entries (`only_added`: every session given has a row to count).
    Inside a `deferred()` block the ids are collected instead."""
    ids = sorted(set(session_ids))
    if not ids:
        return
    pending = _deferred.get()
    if pending is not None:
        pending.update(ids)
        return
    with transaction.atomic(savepoint=False):
        for start in range(0, len(ids), IDS_PER_QUERY):
            chunk = ids[start : start + IDS_PER_QUERY]
            if not only_added:
                SessionAttendanceCount.objects.filter(session_id__in=chunk).delete()
            _insert_counts(Attendance.objects.filter(session_id__in=chunk))


@contextmanager
def deferred() -> Iterator[set[int]]:
    """Collect the sessions recounted inside the block and recount them once at its end (for a
    service that deletes or saves entries one by one)."""
    if _deferred.get() is not None:  # nested: the outer block recounts
        yield _deferred.get()  # type: ignore[misc]
        return
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield pending
    finally:
        _deferred.reset(token)
    recount_sessions(pending)


def recount_all() -> int:
    """Rebuild the whole summary from the attendance table (`recount_attendance`); returns the
    number of summary rows."""
    with transaction.atomic():
        SessionAttendanceCount.objects.all().delete()
        _insert_counts(Attendance.objects.all())
        return SessionAttendanceCount.objects.count()


def differences() -> list[tuple]:
    """Summary rows that differ from a recount: (session_id, stored, counted); [] when exact."""
    stored = {
        row[0]: row[1:]
        for row in SessionAttendanceCount.objects.values_list("session_id", *COLUMNS)
    }
    counted = {row[0]: row[1:] for row in counts_by_session(Attendance.objects.all())}
    return [
        (pk, stored.get(pk), counted.get(pk))
        for pk in sorted(stored.keys() | counted.keys())
        if stored.get(pk) != counted.get(pk)
    ]
