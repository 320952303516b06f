"""Attendance derived from punches: the session window rule, manual precedence, idempotence."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from absensi.derivation import (
    derive_attendance,
    derive_attendance_for_range,
    derive_recent_attendance,
)
from absensi.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    FingerprintDevice,
    RawPunch,
)
from absensi.services import Entry, record_attendance
from absensi.sync import sync_device
from devtools.zk_emulator import AttendanceRecord
from pembinaan.models import SessionStatus
from tests.absensi.factories import device_users
from tests.pembinaan import planning_factories as pf

DAY = date(2026, 3, 2)
START = timezone.make_aware(datetime.combine(DAY, time(9, 0)))  # Asia/Jakarta
END = START + timedelta(minutes=45)


@pytest.fixture
def device(db):
    return FingerprintDevice.objects.create(name="Aula", ip_address="127.0.0.1")


@pytest.fixture
def session(db):
    return pf.session(day=DAY, at=time(9, 0))


def _participant(session, pin: str):
    inmate = pf.inmate(device_pin=pin)
    pf.allocation(program_=session.program, inmate_=inmate)
    return inmate


def _punch(device, pin: str, at: datetime) -> RawPunch:
    return RawPunch.objects.create(device=device, device_user_id=pin, timestamp=at)


@pytest.mark.parametrize(
    ("offset", "present"),
    [
        (timedelta(minutes=-16), False),
        (timedelta(minutes=-15), True),
        (timedelta(minutes=0), True),
        (timedelta(minutes=45), True),
        (timedelta(minutes=46), False),
    ],
    ids=["16-min-early", "15-min-early", "at-start", "at-end", "after-end"],
)
def test_a_punch_inside_the_window_makes_a_participant_present(session, device, offset, present):
    inmate = _participant(session, "1042")
    _punch(device, "1042", START + offset)

    derive_attendance(sessions=[session])

    rows = Attendance.objects.filter(session=session, inmate=inmate)
    assert rows.exists() is present
    if present:
        row = rows.get()
        assert row.status == AttendanceStatus.PRESENT
        assert row.method == AttendanceMethod.FINGERPRINT
        assert row.recorded_at == START + offset and row.recorded_by is None


def test_the_lead_time_is_a_setting(session, device, settings):
    settings.FINGERPRINT_WINDOW_LEAD_MINUTES = 30
    inmate = _participant(session, "1042")
    _punch(device, "1042", START - timedelta(minutes=25))

    derive_attendance(sessions=[session])

    assert Attendance.objects.filter(inmate=inmate).exists()


def test_actual_times_replace_the_planned_window(session, device):
    inmate = _participant(session, "1042")
    session.actual_start = START + timedelta(hours=1)
    session.actual_end = END + timedelta(hours=1)
    session.status = SessionStatus.FINISHED
    session.save()
    _punch(device, "1042", START + timedelta(minutes=5))  # inside the planned slot only
    derive_attendance(sessions=[session])
    assert not Attendance.objects.exists()

    _punch(device, "1042", START + timedelta(minutes=50))

    derive_attendance(sessions=[session])
    assert Attendance.objects.get(inmate=inmate).recorded_at == START + timedelta(minutes=50)


def test_the_first_punch_in_the_window_is_the_evidence(session, device):
    _participant(session, "1042")
    late = _punch(device, "1042", START + timedelta(minutes=20))
    early = _punch(device, "1042", START - timedelta(minutes=5))

    derive_attendance(sessions=[session])

    row = Attendance.objects.get()
    assert row.punch == early and row.punch != late


def test_manual_entries_win_over_punches(session, device, petugas):
    inmate = _participant(session, "1042")
    _punch(device, "1042", START + timedelta(minutes=1))
    with time_machine.travel(START, tick=False):
        record_attendance(session=session, entries=[Entry(inmate.pk, "sakit")], by=petugas)

    assert derive_attendance(sessions=[session]) == 0

    row = Attendance.objects.get()
    assert row.status == AttendanceStatus.SICK and row.method == AttendanceMethod.MANUAL


def test_a_manual_change_replaces_a_derived_entry(session, device, petugas):
    inmate = _participant(session, "1042")
    _punch(device, "1042", START + timedelta(minutes=1))
    derive_attendance(sessions=[session])

    with time_machine.travel(START + timedelta(hours=1), tick=False):
        record_attendance(session=session, entries=[Entry(inmate.pk, "menolak")], by=petugas)
    derive_attendance(sessions=[session])

    row = Attendance.objects.get()
    assert (row.status, row.method, row.punch) == ("menolak", "manual", None)


def test_rerunning_the_derivation_changes_nothing(session, device):
    _participant(session, "1042")
    _participant(session, "2077")
    _punch(device, "1042", START)
    _punch(device, "2077", START + timedelta(minutes=3))
    assert derive_attendance(sessions=[session]) == 2
    snapshot = list(Attendance.objects.values_list("pk", "status", "method", "recorded_at"))
    history = Attendance.history.count()

    assert derive_attendance(sessions=[session]) == 0
    assert derive_attendance_for_range(first=START, last=END) == 0

    assert list(Attendance.objects.values_list("pk", "status", "method", "recorded_at")) == (
        snapshot
    )
    assert Attendance.history.count() == history


def test_punches_of_non_participants_and_unknown_pins_make_nobody_present(session, device):
    pf.inmate(device_pin="5555")  # not allocated to the program
    _punch(device, "5555", START)
    _punch(device, "9999", START)  # no inmate at all

    assert derive_attendance(sessions=[session]) == 0


def test_cancelled_sessions_are_not_derived(session, device):
    _participant(session, "1042")
    _punch(device, "1042", START)
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = "lainnya"
    session.save()

    assert derive_attendance(sessions=[session]) == 0


def test_derivation_by_range_finds_the_sessions_of_the_punches(session, device):
    other_day = pf.session(plan_=session.plan, day=DAY + timedelta(days=7), at=time(9, 0))
    inmate = _participant(session, "1042")
    _punch(device, "1042", START + timedelta(minutes=2))
    _punch(device, "1042", other_day.planned_start + timedelta(minutes=2))

    assert derive_attendance_for_range(first=START, last=START + timedelta(minutes=2)) == 1
    assert derive_recent_attendance(days=3650) == 1
    assert Attendance.objects.filter(inmate=inmate).count() == 2


def test_sync_derives_attendance_from_the_new_punches(emulator, device_for, session):
    inmate = _participant(session, "1042")
    _participant(session, "2077")  # enrolled but did not come
    local = timezone.localtime(START).replace(tzinfo=None)
    log = [
        AttendanceRecord("1042", local - timedelta(minutes=10)),
        AttendanceRecord("3105", local - timedelta(minutes=8)),  # unknown PIN
    ]
    dev = emulator(users=device_users(["1042", "2077", "3105"]), attendance=log)

    run = sync_device(device=device_for(dev))
    again = sync_device(device=device_for(dev, name="Aula kedua"))

    assert run.attendance_created == 1 and again.attendance_created == 0
    row = Attendance.objects.get()
    assert (row.inmate, row.method) == (inmate, AttendanceMethod.FINGERPRINT)
