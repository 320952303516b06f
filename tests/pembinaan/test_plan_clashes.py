"""The Kepala UPT's approval of a work plan checks venue and instructor clashes with the
approved sessions of other programs over the plan's whole period."""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pembinaan import services
from pembinaan.models import WorkPlanStatus
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-02-20 08:00 +0700", tick=False):
        yield


def _approved_session(*, day=date(2026, 3, 2), at=time(9, 0), **program_fields):
    program = f.program(**program_fields)
    plan = f.plan(program_=program, status=WorkPlanStatus.APPROVED, decided_by=f.staff_user())
    return f.session(plan_=plan, day=day, at=at)


def _submitted(*, end=date(2026, 3, 31), **program_fields):
    """A submitted plan, Mondays 09:00 from 2 March 2026 to `end`."""
    program = f.program(**program_fields)
    return f.plan(program_=program, status=WorkPlanStatus.SUBMITTED, end=end)


def test_same_venue_at_the_same_time_is_refused(kepala):
    other = _approved_session()
    plan = _submitted(venue=other.venue)
    with pytest.raises(ValidationError, match="bentrok dengan 1 sesi") as refused:
        services.approve_work_plan(plan=plan, by=kepala)
    assert "tempat sama dengan " + other.program.name in str(refused.value)
    plan.refresh_from_db()
    assert plan.latest_revision.status == WorkPlanStatus.SUBMITTED
    assert not plan.sessions.exists()


def test_same_instructor_at_an_overlapping_time_is_refused(kepala):
    trainer = f.staff_user()
    _approved_session(at=time(9, 30), by=trainer)
    plan = _submitted(by=trainer)
    [clash] = services.plan_clashes(plan.latest_revision)
    assert clash.instructor and not clash.venue
    with pytest.raises(ValidationError, match="instruktur sama"):
        services.approve_work_plan(plan=plan, by=kepala)


def test_a_clash_at_the_end_of_a_long_plan_is_found(kepala):
    other = _approved_session(day=date(2026, 11, 30))  # a Monday, nine months ahead
    plan = _submitted(venue=other.venue, end=date(2026, 12, 31))
    [clash] = services.plan_clashes(plan.latest_revision)
    assert clash.other == other


def test_back_to_back_sessions_and_cancelled_ones_do_not_clash(kepala):
    venue = f.venue()
    _approved_session(at=time(9, 45), venue=venue)  # starts when ours ends (45 minutes)
    cancelled = _approved_session(at=time(9, 0), venue=venue)
    cancelled.status = "dibatalkan"
    cancelled.cancel_reason = "lainnya"
    cancelled.save()
    plan = _submitted(venue=venue)
    services.approve_work_plan(plan=plan, by=kepala)
    plan.refresh_from_db()
    assert plan.latest_revision.status == WorkPlanStatus.APPROVED


def test_override_with_reason_approves_and_records_it(kepala):
    other = _approved_session()
    plan = _submitted(venue=other.venue)
    services.approve_work_plan(
        plan=plan, by=kepala, note="Setuju.", clash_override_reason="Aula cukup untuk dua kelompok."
    )
    plan.refresh_from_db()
    revision = plan.latest_revision
    assert revision.status == WorkPlanStatus.APPROVED
    assert revision.clash_override_reason == "Aula cukup untuk dua kelompok."
    assert "Disetujui meski bentrok (1 sesi): Aula cukup" in revision.decision_note
    assert revision.history.filter(clash_override_reason__startswith="Aula").exists()
    assert plan.sessions.count() == 5


def test_plan_page_lists_the_clashes_and_the_view_refuses_then_accepts(kepala_client):
    other = _approved_session()
    plan = _submitted(venue=other.venue)
    page = kepala_client.get(reverse("pembinaan:plan_detail", args=[plan.pk])).content.decode()
    assert "Bentrok dengan 1 sesi yang sudah disetujui" in page
    assert "02-03-2026 09:00: tempat sama dengan " + other.program.name in page

    url = reverse("pembinaan:plan_approve", args=[plan.pk])
    refused = kepala_client.post(url, {"note": ""}, follow=True).content.decode()
    assert "alasan pengecualian bentrok" in refused
    kepala_client.post(url, {"clash_override_reason": "Dipakai bergantian."})
    plan.refresh_from_db()
    assert plan.latest_revision.status == WorkPlanStatus.APPROVED
