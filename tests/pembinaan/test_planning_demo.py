"""The demo data shows a living programs side: programs, approved and pending plans, past
sessions with results and future ones; loading it twice changes nothing."""

import pytest
import time_machine
from django.utils import timezone

from pembinaan import demo
from pembinaan.models import (
    Allocation,
    AllocationSuspension,
    Inmate,
    Program,
    Session,
    SessionResult,
    SessionStatus,
    WorkPlanStatus,
)
from rutan.demo import load_users

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-06-17 10:00 +0700", tick=False)
def test_demo_programs_plans_sessions_and_results():
    users = load_users()
    demo.load_all(users=users)
    today = timezone.localdate()
    statuses = set(Program.objects.values_list("plans__latest_revision__status", flat=True))
    assert {WorkPlanStatus.APPROVED, WorkPlanStatus.SUBMITTED, WorkPlanStatus.RETURNED} <= statuses
    finished = Session.objects.filter(status=SessionStatus.FINISHED)
    assert finished.filter(date__lt=today).count() >= 10
    assert finished.filter(overran=True).exists() and finished.filter(overran=False).exists()
    assert SessionResult.objects.count() == finished.count()
    assert Session.objects.filter(status=SessionStatus.CANCELLED).exists()
    assert Session.objects.filter(date=today).exists()
    assert Session.objects.filter(date__gt=today, status=SessionStatus.SCHEDULED).count() >= 20
    assert all(p.allocations.exists() for p in Program.objects.exclude(name="Seni Lukis"))

    counts = (Program.objects.count(), Session.objects.count(), SessionResult.objects.count())
    demo.load_all(users=users)
    assert counts == (
        Program.objects.count(),
        Session.objects.count(),
        SessionResult.objects.count(),
    )


@time_machine.travel("2026-06-17 10:00 +0700", tick=False)
def test_demo_has_one_participant_at_court_suspended_through_the_service():
    users = load_users()
    demo.load_all(users=users)
    today = timezone.localdate()
    karawitan = Program.objects.get(name="Karawitan Laras Lawu")
    away = Allocation.objects.filter(program=karawitan).suspended_on(today)
    assert away.count() == 1
    inmate = away.get().inmate
    assert inmate.status == "BON"
    suspensions = AllocationSuspension.objects.filter(allocation__inmate=inmate)
    assert suspensions.count() == inmate.allocations.filter(end_date__isnull=True).count()
    assert all(s.from_status and s.reason == "bon" and s.start_date == today for s in suspensions)
    assert inmate.history.filter(history_change_reason__contains="Bon sidang").exists()
    todays = karawitan.sessions.get(date=today)
    assert inmate.pk not in [a.inmate_id for a in todays.participants().not_suspended_on(today)]

    rows = (AllocationSuspension.objects.count(), AllocationSuspension.history.count())
    demo.load_all(users=users)
    inmate.refresh_from_db()
    assert inmate.status == "BON"  # the register's reload leaves the status as it is
    assert rows == (AllocationSuspension.objects.count(), AllocationSuspension.history.count())
    assert Inmate.objects.filter(status="BON").count() == 2  # the register's own, and this one
