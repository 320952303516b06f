"""The demo data shows a living programs side: programs, approved and pending plans, past
sessions with results and future ones; loading it twice changes nothing."""

import pytest
import time_machine
from django.utils import timezone

from pembinaan import demo
from pembinaan.models import Program, Session, SessionResult, SessionStatus, WorkPlanStatus
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
