"""Manual attendance through the service: the grid, "Hadir semua", multi-select, the edit
window (enforced here, not in the view) and the history of every change."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from absensi.models import Attendance, AttendanceMethod, AttendanceStatus
from absensi.services import (
    Entry,
    edit_window_closes,
    mark_all_present,
    mark_selected,
    record_attendance,
)
from pembinaan.models import SessionStatus
from tests.pembinaan import planning_factories as pf

DAY = date(2026, 3, 2)
START = timezone.make_aware(datetime.combine(DAY, time(9, 0)))
DURING = START + timedelta(minutes=10)


@pytest.fixture
def session(db):
    s = pf.session(day=DAY, at=time(9, 0))
    for _ in range(5):
        pf.allocation(program_=s.program)
    return s


def _people(session):
    return [a.inmate for a in session.participants()]


@time_machine.travel(DURING, tick=False)
def test_grid_records_status_method_time_and_recorder(session, petugas):
    a, b, *_ = _people(session)

    changed = record_attendance(
        session=session,
        entries=[Entry(a.pk, AttendanceStatus.PRESENT), Entry(b.pk, AttendanceStatus.SICK)],
        by=petugas,
    )

    assert changed == 2
    row = Attendance.objects.get(inmate=b)
    assert row.status == AttendanceStatus.SICK and row.method == AttendanceMethod.MANUAL
    assert row.recorded_by == petugas and row.recorded_at == DURING


@time_machine.travel(DURING, tick=False)
def test_lainnya_needs_a_note(session, petugas):
    a = _people(session)[0]

    with pytest.raises(ValidationError, match="Keterangan wajib"):
        record_attendance(
            session=session, entries=[Entry(a.pk, AttendanceStatus.OTHER)], by=petugas
        )
    record_attendance(
        session=session, entries=[Entry(a.pk, AttendanceStatus.OTHER, "Dipanggil wali")], by=petugas
    )
    assert Attendance.objects.get().note == "Dipanggil wali"


@time_machine.travel(DURING, tick=False)
def test_every_absence_reason_is_accepted(session, petugas):
    people = _people(session)
    reasons = [
        AttendanceStatus.SICK,
        AttendanceStatus.EXCUSED,
        AttendanceStatus.REFUSED,
        AttendanceStatus.CLASH,
        AttendanceStatus.CANCELLED,
    ]

    record_attendance(
        session=session,
        entries=[Entry(p.pk, r) for p, r in zip(people, reasons, strict=True)],
        by=petugas,
    )

    assert sorted(Attendance.objects.values_list("status", flat=True)) == sorted(reasons)


@time_machine.travel(DURING, tick=False)
def test_hadir_semua_fills_only_the_unrecorded(session, petugas):
    a, *rest = _people(session)
    record_attendance(session=session, entries=[Entry(a.pk, AttendanceStatus.SICK)], by=petugas)

    assert mark_all_present(session=session, by=petugas) == len(rest)

    assert Attendance.objects.get(inmate=a).status == AttendanceStatus.SICK
    assert Attendance.objects.present().count() == len(rest)
    assert mark_all_present(session=session, by=petugas) == 0


@time_machine.travel(DURING, tick=False)
def test_multi_select_gives_the_chosen_one_reason(session, petugas):
    mark_all_present(session=session, by=petugas)
    a, b, *_ = _people(session)

    changed = mark_selected(
        session=session,
        inmate_ids=[a.pk, b.pk],
        status=AttendanceStatus.CLASH,
        note="Sidang",
        by=petugas,
    )

    assert changed == 2
    assert set(
        Attendance.objects.filter(status=AttendanceStatus.CLASH).values_list("inmate", flat=True)
    ) == {a.pk, b.pk}


@time_machine.travel(DURING, tick=False)
def test_non_participants_are_refused(session, petugas):
    stranger = pf.inmate()

    with pytest.raises(ValidationError, match="bukan peserta"):
        record_attendance(session=session, entries=[Entry(stranger.pk, "hadir")], by=petugas)


@time_machine.travel(DURING, tick=False)
def test_unchanged_rows_are_not_rewritten(session, petugas):
    a = _people(session)[0]
    record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas)

    assert record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas) == 0
    assert Attendance.history.count() == 1


@time_machine.travel(DURING, tick=False)
def test_every_change_is_kept_in_history(session, petugas, user_factory):
    other = user_factory("petugas2", "petugas_pembinaan")
    a = _people(session)[0]
    record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas)
    record_attendance(session=session, entries=[Entry(a.pk, "izin", "Kunjungan")], by=other)

    history = list(Attendance.history.order_by("history_date", "history_id"))

    assert [(h.status, h.history_user) for h in history] == [("hadir", petugas), ("izin", other)]


def test_attendance_is_locked_after_the_window(session, petugas, settings):
    settings.ATTENDANCE_EDIT_WINDOW_DAYS = 7
    a = _people(session)[0]
    closes = edit_window_closes(session)
    with time_machine.travel(closes - timedelta(minutes=1), tick=False):
        record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas)

    with (
        time_machine.travel(closes + timedelta(minutes=1), tick=False),
        pytest.raises(ValidationError, match="terkunci"),
    ):
        record_attendance(session=session, entries=[Entry(a.pk, "sakit")], by=petugas)
    assert Attendance.objects.get().status == "hadir"


def test_the_window_length_is_a_setting(session, petugas, settings):
    settings.ATTENDANCE_EDIT_WINDOW_DAYS = 2
    a = _people(session)[0]

    with (
        time_machine.travel(START + timedelta(days=3), tick=False),
        pytest.raises(ValidationError, match="2 hari setelah sesi"),
    ):
        record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas)


def test_admins_may_change_locked_attendance(session, admin_user):
    a = _people(session)[0]

    with time_machine.travel(START + timedelta(days=30), tick=False):
        record_attendance(session=session, entries=[Entry(a.pk, "sakit")], by=admin_user)

    assert Attendance.objects.get().recorded_by == admin_user


def test_the_window_counts_from_the_actual_end(session, petugas):
    session.actual_start = START
    session.actual_end = START + timedelta(days=1)  # a long overrun, for the arithmetic
    session.status = SessionStatus.FINISHED
    session.save()
    a = _people(session)[0]

    with time_machine.travel(START + timedelta(days=7, hours=12), tick=False):
        record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas)


def test_attendance_cannot_be_taken_long_before_the_session(session, petugas):
    a = _people(session)[0]

    with (
        time_machine.travel(START - timedelta(days=1), tick=False),
        pytest.raises(ValidationError, match="baru dapat diisi"),
    ):
        record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas)


@time_machine.travel(DURING, tick=False)
def test_a_cancelled_session_cannot_be_recorded(session, petugas):
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = "lainnya"
    session.save()

    with pytest.raises(ValidationError, match="dibatalkan"):
        mark_all_present(session=session, by=petugas)
