"""Cancelling a session marks its unrecorded attendance "Sesi dibatalkan"; un-cancelling
reverses exactly that (the hooks pembinaan's cancel and un-cancel services call)."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from absensi.models import Attendance, AttendanceStatus, FingerprintDevice, RawPunch
from absensi.services import Entry, on_session_cancelled, on_session_uncancelled, record_attendance
from pembinaan.models import SessionStatus
from tests.pembinaan import planning_factories as pf

DAY = date(2026, 3, 2)
START = timezone.make_aware(datetime.combine(DAY, time(9, 0)))


@pytest.fixture
def session(db):
    s = pf.session(day=DAY, at=time(9, 0))
    for _ in range(4):
        pf.allocation(program_=s.program)
    return s


def _cancel(session, by):
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = "instruktur_berhalangan"
    session.save()
    return on_session_cancelled(session=session, by=by)


def _uncancel(session, by):
    session.status = SessionStatus.SCHEDULED
    session.cancel_reason = ""
    session.save()
    return on_session_uncancelled(session=session, by=by)


def test_cancelling_marks_only_the_unrecorded(session, petugas):
    first, *others = [a.inmate for a in session.participants()]
    with time_machine.travel(START, tick=False):
        record_attendance(session=session, entries=[Entry(first.pk, "hadir")], by=petugas)

    assert _cancel(session, petugas) == len(others)

    assert Attendance.objects.get(inmate=first).status == AttendanceStatus.PRESENT
    cancelled = Attendance.objects.filter(status=AttendanceStatus.CANCELLED)
    assert cancelled.count() == len(others)
    assert all(a.recorded_by == petugas and a.set_by_cancellation for a in cancelled)


def test_uncancelling_removes_what_cancelling_added(session, petugas):
    _cancel(session, petugas)

    assert _uncancel(session, petugas) == 4

    assert not Attendance.objects.exists()
    assert Attendance.history.filter(history_type="-").count() == 4


def test_entries_recorded_before_cancelling_survive_cancel_and_uncancel(session, petugas):
    people = [a.inmate for a in session.participants()]
    with time_machine.travel(START, tick=False):
        record_attendance(session=session, entries=[Entry(people[0].pk, "izin")], by=petugas)
    _cancel(session, petugas)

    _uncancel(session, petugas)

    assert list(Attendance.objects.values_list("status", flat=True)) == ["izin"]


def test_uncancelling_lets_punches_count_again(session, petugas):
    inmate = pf.inmate(device_pin="1042")
    pf.allocation(program_=session.program, inmate_=inmate)
    device = FingerprintDevice.objects.create(name="Aula", ip_address="127.0.0.1")
    RawPunch.objects.create(device=device, device_user_id="1042", timestamp=START)
    _cancel(session, petugas)

    _uncancel(session, petugas)

    assert Attendance.objects.get().method == "sidik_jari"


def test_cancelling_twice_adds_nothing(session, petugas):
    _cancel(session, petugas)

    assert on_session_cancelled(session=session, by=petugas) == 0
    assert Attendance.objects.count() == 4


def test_cancellation_works_after_the_edit_window(session, petugas):
    with time_machine.travel(START + timedelta(days=30), tick=False):
        assert _cancel(session, petugas) == 4
        assert _uncancel(session, petugas) == 4


def test_pembinaan_cancel_and_uncancel_services_call_the_hooks(session, petugas):
    from pembinaan.services import cancel_session, uncancel_session

    cancel_session(session=session, by=petugas, reason="situasi_keamanan")
    assert Attendance.objects.filter(status=AttendanceStatus.CANCELLED).count() == 4

    uncancel_session(session=session, by=petugas)
    assert not Attendance.objects.exists()
