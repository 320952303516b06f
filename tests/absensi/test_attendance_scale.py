"""The attendance pages do work proportional to what they show (issue 15)."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from absensi.models import Attendance, AttendanceStatus
from tests.pembinaan import planning_factories as pf

DAY = date(2026, 3, 2)
LIST = reverse("absensi:session_list")


@pytest.fixture(autouse=True)
def _that_day():
    with time_machine.travel(timezone.make_aware(datetime.combine(DAY, time(12))), tick=False):
        yield


def _session_with(day: date, participants: int, present: int, sick: int):
    by = pf.staff_user()
    session = pf.session(day=day)
    people = [pf.allocation(program_=session.program).inmate for _ in range(participants)]
    statuses = [AttendanceStatus.PRESENT] * present + [AttendanceStatus.SICK] * sick
    for inmate, status in zip(people, statuses, strict=False):
        Attendance.objects.create(
            session=session,
            inmate=inmate,
            status=status,
            recorded_at=timezone.now(),
            recorded_by=by,
        )
    return session


def test_session_list_figures_per_session(petugas_client, db):
    a = _session_with(DAY, participants=5, present=3, sick=1)
    b = _session_with(DAY - timedelta(days=1), participants=2, present=0, sick=0)
    sessions = {s.pk: s for s in petugas_client.get(LIST).context["sessions"]}
    assert (sessions[a.pk].participant_count, sessions[a.pk].recorded) == (5, 4)
    assert sessions[a.pk].present == 3
    assert (sessions[b.pk].participant_count, sessions[b.pk].recorded) == (2, 0)
    assert sessions[b.pk].present == 0
    assert "4/5 tercatat" in petugas_client.get(LIST).content.decode()


def test_session_list_queries_do_not_grow(petugas_client, db, django_assert_num_queries):
    _session_with(DAY, participants=2, present=1, sick=0)
    with CaptureQueriesContext(connection) as small:
        petugas_client.get(LIST)
    for back in range(5):
        _session_with(DAY - timedelta(days=back), participants=6, present=4, sick=2)
    with django_assert_num_queries(len(small.captured_queries)):
        petugas_client.get(LIST)


def test_session_list_counts_participants_once_per_session(petugas_client, db):
    # The participant count is a subquery of the session row, not of each attendance row:
    # the list's query has no GROUP BY over a join with the attendance records.
    _session_with(DAY, participants=3, present=3, sick=0)
    with CaptureQueriesContext(connection) as queries:
        petugas_client.get(LIST)
    listing = next(q["sql"] for q in queries.captured_queries if "participant_count" in q["sql"])
    assert "GROUP BY" not in listing.split("participant_count")[-1].upper().split("FROM", 1)[-1]


def test_grid_rows_and_marks_for_many_participants(petugas_client, db):
    session = _session_with(DAY, participants=40, present=10, sick=5)
    former = pf.inmate()
    Attendance.objects.create(
        session=session,
        inmate=former,
        status=AttendanceStatus.PRESENT,
        recorded_at=timezone.now(),
        recorded_by=pf.staff_user(),
    )
    response = petugas_client.get(reverse("absensi:session_attendance", args=[session.pk]))
    body = response.content.decode()
    assert body.count("data-row") == 41
    assert body.count(" checked") == 16
    assert body.count("bukan peserta lagi") == 1
    assert [r["participant"] for r in response.context["rows"]].count(False) == 1


def test_session_list_pages_the_eight_days(petugas_client, db):
    from absensi.views import SESSION_LIST_PAGE_SIZE

    plan = pf.plan()
    total = SESSION_LIST_PAGE_SIZE + 3
    for n in range(total):
        pf.session(plan_=plan, day=DAY - timedelta(days=n % 8), at=time(8, n % 60))
    first = petugas_client.get(LIST)
    shown = list(first.context["sessions"])
    assert len(shown) == SESSION_LIST_PAGE_SIZE
    assert [s.planned_start for s in shown] == sorted(
        (s.planned_start for s in shown), reverse=True
    )
    assert "Halaman 1 dari 2" in first.content.decode()
    assert f"{total} sesi" in first.content.decode()
    rest = list(petugas_client.get(LIST, {"halaman": 2}).context["sessions"])
    assert len(rest) == 3
    assert {s.pk for s in shown}.isdisjoint(s.pk for s in rest)
