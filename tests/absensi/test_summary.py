"""The per-session attendance counts equal a recount after every kind of write."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from absensi.derivation import derive_attendance
from absensi.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    FingerprintDevice,
    RawPunch,
    SessionAttendanceCount,
)
from absensi.services import (
    Entry,
    map_device_pin,
    mark_all_present,
    mark_selected,
    on_session_cancelled,
    on_session_uncancelled,
    record_attendance,
)
from absensi.summary import COLUMNS, differences, recount_all, recount_sessions
from absensi.sync import sync_device
from devtools.zk_emulator import AttendanceRecord
from pembinaan.models import SessionStatus
from tests.absensi.factories import device_users
from tests.pembinaan import planning_factories as pf

DAY = date(2026, 3, 2)
START = timezone.make_aware(datetime.combine(DAY, time(9, 0)))


@pytest.fixture
def session(db):
    s = pf.session(day=DAY, at=time(9, 0))
    for _ in range(4):
        pf.allocation(program_=s.program)
    return s


@pytest.fixture
def device(db):
    return FingerprintDevice.objects.create(name="Aula", ip_address="127.0.0.1")


def _people(session):
    return [a.inmate for a in session.participants()]


def _counts(session) -> tuple:
    row = SessionAttendanceCount.objects.filter(session=session).first()
    return (row.present, row.absent, row.cancelled, row.total) if row else None


def _exact():
    return differences() == []


def test_recording_the_grid_counts_present_and_absent(session, petugas):
    a, b, c, _d = _people(session)
    with time_machine.travel(START, tick=False):
        record_attendance(
            session=session,
            entries=[Entry(a.pk, "hadir"), Entry(b.pk, "sakit"), Entry(c.pk, "lainnya", "Sidang")],
            by=petugas,
        )

    assert _counts(session) == (1, 2, 0, 3)
    assert _exact()


def test_absences_are_counted_by_reason(session, petugas):
    a, b, c, d = _people(session)
    with time_machine.travel(START, tick=False):
        record_attendance(
            session=session,
            entries=[
                Entry(a.pk, "sakit"),
                Entry(b.pk, "sakit"),
                Entry(c.pk, "bon"),
                Entry(d.pk, "lainnya", "Sidang"),
            ],
            by=petugas,
        )
    row = SessionAttendanceCount.objects.get(session=session)
    assert (row.absent_sakit, row.absent_bon, row.absent_lainnya, row.absent_izin) == (2, 1, 1, 0)
    assert row.absent == 4 and _exact()


def test_changing_an_entry_recounts(session, petugas):
    a, *_ = _people(session)
    with time_machine.travel(START, tick=False):
        record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas)
        record_attendance(session=session, entries=[Entry(a.pk, "izin")], by=petugas)

    assert _counts(session) == (0, 1, 0, 1)
    assert _exact()


def test_mark_all_present_and_mark_selected(session, petugas):
    a, b, *_ = _people(session)
    with time_machine.travel(START, tick=False):
        mark_selected(session=session, inmate_ids=[a.pk, b.pk], status="menolak", by=petugas)
        mark_all_present(session=session, by=petugas)

    assert _counts(session) == (2, 2, 0, 4)
    assert _exact()


def test_an_admin_edit_after_the_edit_window(session, petugas, admin_user):
    a, *_ = _people(session)
    with time_machine.travel(START, tick=False):
        record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas)
    with time_machine.travel(START + timedelta(days=30), tick=False):
        record_attendance(session=session, entries=[Entry(a.pk, "bentrok")], by=admin_user)

    assert _counts(session) == (0, 1, 0, 1)
    assert _exact()


def test_cancel_and_uncancel(session, petugas):
    a, *_ = _people(session)
    with time_machine.travel(START, tick=False):
        record_attendance(session=session, entries=[Entry(a.pk, "hadir")], by=petugas)
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = "instruktur_berhalangan"
    session.save()
    on_session_cancelled(session=session, by=petugas)

    assert _counts(session) == (1, 0, 3, 4)
    assert _exact()

    session.status = SessionStatus.SCHEDULED
    session.cancel_reason = ""
    session.save()
    on_session_uncancelled(session=session, by=petugas)

    assert _counts(session) == (1, 0, 0, 1)
    assert _exact()


def test_pembinaan_cancel_services(session, petugas):
    from pembinaan.services import cancel_session, uncancel_session

    cancel_session(session=session, by=petugas, reason="situasi_keamanan")
    assert _counts(session) == (0, 0, 4, 4) and _exact()

    uncancel_session(session=session, by=petugas)
    assert _counts(session) is None and _exact()


def test_uncancel_with_punches_recounts_once_at_the_end(session, petugas, device):
    inmate = pf.inmate(device_pin="1042")
    pf.allocation(program_=session.program, inmate_=inmate)
    RawPunch.objects.create(device=device, device_user_id="1042", timestamp=START)
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = "instruktur_berhalangan"
    session.save()
    on_session_cancelled(session=session, by=petugas)
    session.status = SessionStatus.SCHEDULED
    session.cancel_reason = ""
    session.save()

    on_session_uncancelled(session=session, by=petugas)

    assert _counts(session) == (1, 0, 0, 1)
    assert _exact()


def test_derivation_from_punches(session, device):
    other = pf.session(day=DAY + timedelta(days=7), at=time(9, 0), plan_=session.plan)
    for pin in ("1042", "2077"):
        inmate = pf.inmate(device_pin=pin)
        pf.allocation(program_=session.program, inmate_=inmate)
        RawPunch.objects.create(device=device, device_user_id=pin, timestamp=START)
    RawPunch.objects.create(
        device=device, device_user_id="1042", timestamp=START + timedelta(days=7)
    )

    created = derive_attendance(sessions=[session, other])

    assert created == 3
    assert _counts(session) == (2, 0, 0, 2)
    assert _counts(other) == (1, 0, 0, 1)
    assert _exact()


def test_mapping_a_pin(session, device, petugas):
    inmate = _people(session)[0]
    RawPunch.objects.create(device=device, device_user_id="7777", timestamp=START)

    map_device_pin(pin="7777", inmate=inmate, by=petugas)

    assert _counts(session) == (1, 0, 0, 1)
    assert _exact()


def test_sync_from_a_device(emulator, device_for, session):
    inmate = pf.inmate(device_pin="1042")
    pf.allocation(program_=session.program, inmate_=inmate)
    local = timezone.localtime(START).replace(tzinfo=None)
    dev = emulator(
        users=device_users(["1042"]),
        attendance=[AttendanceRecord("1042", local - timedelta(minutes=5))],
    )

    run = sync_device(device=device_for(dev))

    assert run.ok and run.attendance_created == 1
    assert _counts(session) == (1, 0, 0, 1)
    assert _exact()


def test_single_rows_saved_and_deleted_outside_the_services(session, petugas):
    a, b, *_ = _people(session)
    row = Attendance.objects.create(
        session=session, inmate=a, status="hadir", recorded_at=START, recorded_by=petugas
    )
    Attendance.objects.create(
        session=session, inmate=b, status="sakit", recorded_at=START, recorded_by=petugas
    )
    assert _counts(session) == (1, 1, 0, 2)

    row.status = AttendanceStatus.EXCUSED
    row.save()
    assert _counts(session) == (0, 2, 0, 2)

    row.delete()
    assert _counts(session) == (0, 1, 0, 1)

    Attendance.objects.filter(session=session).delete()  # a queryset delete sends the signal too
    assert _counts(session) is None
    assert _exact()


def test_bulk_writes_past_the_services_are_repaired_by_the_command(session, petugas):
    Attendance.objects.bulk_create(
        Attendance(
            session=session,
            inmate=inmate,
            status="hadir",
            method=AttendanceMethod.MANUAL,
            recorded_at=START,
            recorded_by=petugas,
        )
        for inmate in _people(session)
    )
    [(pk, stored, counted)] = differences()
    assert (pk, stored) == (session.pk, None)
    assert dict(zip(COLUMNS, counted, strict=True)) == dict.fromkeys(COLUMNS, 0) | {
        "present": 4,
        "total": 4,
    }
    with pytest.raises(CommandError, match="berbeda"):
        call_command("recount_attendance", "--check")

    call_command("recount_attendance")

    assert _counts(session) == (4, 0, 0, 4)
    call_command("recount_attendance", "--check")


def test_recount_drops_rows_of_sessions_without_entries(session, petugas):
    SessionAttendanceCount.objects.create(session=session, present=2, total=2)

    recount_sessions([session.pk])
    assert _counts(session) is None

    SessionAttendanceCount.objects.create(session=session, present=2, total=2)
    assert recount_all() == 0 and _exact()


def test_a_recount_is_two_statements_whatever_the_number_of_sessions(
    session, petugas, django_assert_max_num_queries
):
    sessions = [session, *(pf.session(day=DAY + timedelta(days=d)) for d in (1, 2, 3))]
    for s in sessions:
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session=s,
                    inmate=pf.inmate(),
                    status="hadir",
                    recorded_at=START,
                    recorded_by=petugas,
                )
            ]
        )

    with django_assert_max_num_queries(4):  # DELETE, INSERT … SELECT (and a savepoint)
        recount_sessions([s.pk for s in sessions])

    assert all(_counts(s) == (1, 0, 0, 1) for s in sessions) and _exact()
