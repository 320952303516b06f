"""Derivation over many sessions: set-based, in bounded batches, same results (issue 15)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from absensi import derivation
from absensi.derivation import derive_attendance
from absensi.models import Attendance, AttendanceMethod, FingerprintDevice, RawPunch
from absensi.services import Entry, record_attendance
from tests.pembinaan import planning_factories as pf

DAY = date(2026, 3, 2)


@pytest.fixture
def device(db):
    return FingerprintDevice.objects.create(name="Aula", ip_address="127.0.0.1")


def _sessions_with_punches(device, n_sessions: int, n_people: int, first_pin: int = 700):
    """n_sessions sessions of one program on consecutive days, n_people participants with a
    PIN; every participant punches 5 minutes into every session except the last person."""
    plan = pf.plan()
    people = []
    for i in range(n_people):
        inmate = pf.inmate(device_pin=f"{first_pin + i}")
        pf.allocation(program_=plan.program, inmate_=inmate, start_date=date(2026, 1, 1))
        people.append(inmate)
    sessions = []
    for k in range(n_sessions):
        session = pf.session(plan_=plan, day=DAY + timedelta(days=k), at=time(9, 0))
        sessions.append(session)
        at = timezone.make_aware(datetime.combine(session.date, time(9, 5)))
        RawPunch.objects.bulk_create(
            [
                RawPunch(device=device, device_user_id=p.device_pin, timestamp=at)
                for p in people[:-1]
            ]
        )
    return sessions, people


def test_many_sessions_take_a_bounded_number_of_queries(device, monkeypatch):
    monkeypatch.setattr(derivation, "SESSIONS_PER_TRANSACTION", 1_000)
    few, _ = _sessions_with_punches(device, n_sessions=2, n_people=3)
    with CaptureQueriesContext(connection) as small:
        assert derive_attendance(sessions=few) == 4
    Attendance.objects.all().delete()
    many, _ = _sessions_with_punches(device, n_sessions=30, n_people=6, first_pin=800)
    with CaptureQueriesContext(connection) as large:
        assert derive_attendance(sessions=few + many) == 4 + 30 * 5
    # The reads and locks do not grow with the sessions; the inserts go in batches.
    assert len(_reads(large)) == len(_reads(small)) == 5  # savepoint, 4 reads
    assert len(large.captured_queries) - len(_reads(large)) <= 10


def _reads(queries) -> list[str]:
    return [
        q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("INSERT", "RELEASE"))
    ]


def test_batches_give_the_same_result_as_one(device, monkeypatch):
    sessions, people = _sessions_with_punches(device, n_sessions=7, n_people=4)
    monkeypatch.setattr(derivation, "SESSIONS_PER_TRANSACTION", 3)
    assert derive_attendance(sessions=sessions) == 7 * 3
    rows = set(Attendance.objects.values_list("session_id", "inmate_id", "method"))
    assert rows == {
        (s.pk, p.pk, AttendanceMethod.FINGERPRINT) for s in sessions for p in people[:-1]
    }
    assert derive_attendance(sessions=sessions) == 0  # a second run changes nothing


def test_manual_entries_still_win_over_many_sessions(device, petugas):
    sessions, people = _sessions_with_punches(device, n_sessions=3, n_people=3)
    middle = sessions[1]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            timezone,
            "now",
            lambda: timezone.make_aware(datetime.combine(middle.date, time(10, 0))),
        )
        record_attendance(session=middle, entries=[Entry(people[0].pk, "sakit", "")], by=petugas)
    derive_attendance(sessions=sessions)
    manual = Attendance.objects.get(session=middle, inmate=people[0])
    assert (manual.method, manual.status) == (AttendanceMethod.MANUAL, "sakit")
    assert Attendance.objects.filter(method=AttendanceMethod.FINGERPRINT).count() == 3 * 2 - 1
