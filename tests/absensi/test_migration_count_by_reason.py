"""Migration 0008 fills the per-session counts by absence reason from the attendance recorded
before it, and 0009 holds them together (they add up to `absent`); on PostgreSQL too, where a
table cannot be altered in the transaction that wrote its rows."""

from datetime import date, datetime, time

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from absensi.models import Attendance, AttendanceMethod, SessionAttendanceCount
from absensi.summary import differences
from tests.pembinaan import planning_factories as pf

BEFORE = ("absensi", "0007_attendance_session_status_index")


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_counts_by_reason_of_the_attendance_recorded_before():
    _migrate([BEFORE])
    try:
        session = pf.session(day=date(2026, 3, 2), at=time(9, 0))
        people = [pf.allocation(program_=session.program).inmate for _ in range(5)]
        by = session.program.created_by
        at = timezone.make_aware(datetime(2026, 3, 2, 9, 5))
        # bulk_create: no receiver (which would recount with the new columns) at this state.
        Attendance.objects.bulk_create(
            Attendance(
                session=session,
                inmate=inmate,
                status=status,
                note="Sidang" if status == "lainnya" else "",
                method=AttendanceMethod.MANUAL,
                recorded_at=at,
                recorded_by=by,
            )
            for inmate, status in zip(
                people, ["hadir", "sakit", "sakit", "izin", "lainnya"], strict=True
            )
        )
    finally:
        _migrate(_latest())

    row = SessionAttendanceCount.objects.get(session=session)
    assert (row.present, row.absent, row.total) == (1, 4, 5)
    assert (row.absent_sakit, row.absent_izin, row.absent_lainnya, row.absent_bon) == (2, 1, 1, 0)
    assert differences() == []
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionAttendanceCount.objects.filter(pk=row.pk).update(absent_bon=3)
