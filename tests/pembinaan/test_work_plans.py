"""Work plans: drafting, submitting, the Kepala UPT's decisions, revisions and their sessions."""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from pembinaan import services
from pembinaan.models import (
    Frequency,
    Session,
    SessionStatus,
    WorkPlanRevision,
    WorkPlanStatus,
)
from pembinaan.services import SlotSpec
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

MONDAY_9 = SlotSpec(0, time(9, 0))


def draft(program, by, **extra):
    values = {
        "program": program,
        "by": by,
        "title": "Rencana kerja Maret",
        "period_start": date(2026, 3, 1),
        "period_end": date(2026, 3, 31),
        "objectives": "Menguasai gending dasar.",
        "slots": [MONDAY_9],
        **extra,
    }
    return services.create_work_plan(**values)


def test_schedule_is_weekly_from_the_first_matching_weekday():
    planned = services.plan_schedule(
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        slots=[MONDAY_9],
        minutes=45,
    )
    assert [p.date for p in planned] == [date(2026, 3, d) for d in (2, 9, 16, 23, 30)]
    assert (planned[0].end - planned[0].start).seconds == 45 * 60


def test_schedule_skips_dates_and_handles_fortnightly_slots():
    planned = services.plan_schedule(
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        slots=[MONDAY_9, SlotSpec(3, time(13, 30), Frequency.FORTNIGHTLY)],
        skip_dates=[date(2026, 3, 16)],
        minutes=45,
    )
    days = [p.date for p in planned]
    assert date(2026, 3, 16) not in days
    assert [d for d in days if d.weekday() == 3] == [date(2026, 3, 5), date(2026, 3, 19)]


@time_machine.travel("2026-02-20 08:00 +0700", tick=False)
def test_full_journey_return_revise_resubmit_approve_creates_sessions(petugas, kepala):
    program = f.program(by=petugas)
    plan = draft(program, petugas)
    services.submit_work_plan(plan=plan, by=petugas)
    services.return_work_plan(plan=plan, by=kepala, note="Tambahkan tujuan yang terukur.")
    plan.refresh_from_db()
    assert plan.latest_revision.status == WorkPlanStatus.RETURNED
    services.update_work_plan(plan=plan, by=petugas, objectives="Menguasai 3 gending dasar.")
    services.submit_work_plan(plan=plan, by=petugas)
    services.approve_work_plan(plan=plan, by=kepala, note="Lanjutkan.")

    plan.refresh_from_db()
    assert plan.approved_revision == plan.latest_revision
    assert plan.approved_revision.decided_by == kepala
    assert plan.sessions.count() == 5
    steps = list(plan.transitions.values_list("from_status", "to_status", "by__username"))
    assert steps == [
        ("", "draf", "petugas"),
        ("draf", "diajukan", "petugas"),
        ("diajukan", "dikembalikan", "karutan"),
        ("dikembalikan", "diajukan", "petugas"),
        ("diajukan", "disetujui", "karutan"),
    ]


def test_petugas_cannot_approve_a_plan(petugas, user_factory):
    other = user_factory("petugas2", "petugas_pembinaan")
    plan = draft(f.program(by=petugas), petugas)
    services.submit_work_plan(plan=plan, by=petugas)
    with pytest.raises(PermissionDenied):
        services.approve_work_plan(plan=plan, by=other)


def test_author_cannot_approve_own_plan(kepala):
    plan = draft(f.program(by=kepala), kepala)
    services.submit_work_plan(plan=plan, by=kepala)
    with pytest.raises(ValidationError, match="sendiri"):
        services.approve_work_plan(plan=plan, by=kepala)


def test_return_and_reject_need_a_reason(petugas, kepala):
    plan = draft(f.program(by=petugas), petugas)
    services.submit_work_plan(plan=plan, by=petugas)
    with pytest.raises(ValidationError):
        services.return_work_plan(plan=plan, by=kepala, note=" ")
    with pytest.raises(ValidationError):
        services.reject_work_plan(plan=plan, by=kepala, note="")


def test_only_a_submitted_plan_can_be_decided(petugas, kepala):
    plan = draft(f.program(by=petugas), petugas)
    with pytest.raises(ValidationError, match="bukan Diajukan"):
        services.approve_work_plan(plan=plan, by=kepala)


def test_rejected_plan_is_final(petugas, kepala):
    plan = draft(f.program(by=petugas), petugas)
    services.submit_work_plan(plan=plan, by=petugas)
    services.reject_work_plan(plan=plan, by=kepala, note="Tidak sesuai kebutuhan.")
    with pytest.raises(ValidationError):
        services.update_work_plan(plan=plan, by=petugas, objectives="lain")
    with pytest.raises(ValidationError):
        services.submit_work_plan(plan=plan, by=petugas)
    with pytest.raises(ValidationError):
        services.start_plan_revision(plan=plan, by=petugas)


@time_machine.travel("2026-02-20 08:00 +0700", tick=False)
def test_approved_plan_cannot_be_edited_in_place(petugas, kepala):
    plan = draft(f.program(by=petugas), petugas)
    services.submit_work_plan(plan=plan, by=petugas)
    services.approve_work_plan(plan=plan, by=kepala)
    with pytest.raises(ValidationError, match="sudah disetujui tidak dapat diubah"):
        services.update_work_plan(plan=plan, by=petugas, objectives="Diam-diam diubah")
    plan.refresh_from_db()
    assert plan.latest_revision.objectives == "Menguasai gending dasar."


def test_submitted_plan_cannot_be_edited(petugas):
    plan = draft(f.program(by=petugas), petugas)
    services.submit_work_plan(plan=plan, by=petugas)
    with pytest.raises(ValidationError):
        services.update_work_plan(plan=plan, by=petugas, objectives="x")


def test_plan_without_sessions_cannot_be_submitted(petugas):
    # 1–3 March 2026 has a Monday (2 March) only if the slot is Monday: use a Friday slot.
    plan = draft(
        f.program(by=petugas),
        petugas,
        period_end=date(2026, 3, 3),
        slots=[SlotSpec(4, time(9, 0))],
    )
    with pytest.raises(ValidationError, match="belum menghasilkan"):
        services.submit_work_plan(plan=plan, by=petugas)


@time_machine.travel("2026-02-20 08:00 +0700", tick=False)
def test_overlapping_plans_of_one_program_are_refused(petugas, kepala):
    program = f.program(by=petugas)
    first = draft(program, petugas)
    services.submit_work_plan(plan=first, by=petugas)
    second = draft(program, petugas, title="Lagi")
    with pytest.raises(ValidationError, match="bertumpang tindih"):
        services.submit_work_plan(plan=second, by=petugas)


def test_a_plan_needs_a_slot(petugas):
    with pytest.raises(ValidationError, match="jadwal rutin"):
        draft(f.program(by=petugas), petugas, slots=[])


def test_period_must_be_ordered(petugas):
    with pytest.raises(ValidationError):
        draft(f.program(by=petugas), petugas, period_start=date(2026, 4, 1))


def test_revision_keeps_old_sessions_until_approved_then_replaces_future_ones(petugas, kepala):
    with time_machine.travel("2026-02-20 08:00 +0700", tick=False):
        plan = draft(f.program(by=petugas), petugas)
        services.submit_work_plan(plan=plan, by=petugas)
        plan = services.approve_work_plan(plan=plan, by=kepala)
    first_revision = plan.approved_revision
    monday_ids = set(plan.sessions.values_list("id", flat=True))
    assert len(monday_ids) == 5

    with time_machine.travel("2026-03-10 08:00 +0700", tick=False):
        services.start_plan_revision(plan=plan, by=petugas)
        plan.refresh_from_db()
        assert plan.latest_revision.number == 2
        assert plan.latest_revision.slots.count() == 1
        services.update_work_plan(plan=plan, by=petugas, slots=[MONDAY_9, SlotSpec(2, time(10, 0))])
        # Until approved, the old sessions stand.
        assert set(plan.sessions.values_list("id", flat=True)) == monday_ids
        services.submit_work_plan(plan=plan, by=petugas)
        services.approve_work_plan(plan=plan, by=kepala)

    plan.refresh_from_db()
    assert plan.approved_revision.number == 2
    first_revision.refresh_from_db()
    assert first_revision.status == WorkPlanStatus.SUPERSEDED
    sessions = list(plan.sessions.order_by("planned_start"))
    # Past Mondays (2, 9 March) keep revision 1; future Mondays are kept (same ids) and move
    # to revision 2; Wednesdays 11, 18, 25 March are new.
    assert {s.id for s in sessions if s.date.weekday() == 0} == monday_ids
    assert [s.date.day for s in sessions if s.date.weekday() == 2] == [11, 18, 25]
    assert {s.revision.number for s in sessions if s.date.day in (2, 9)} == {1}
    assert {s.revision.number for s in sessions if s.date.day > 10} == {2}
    assert WorkPlanRevision.objects.filter(plan=plan).count() == 2


def test_revision_removes_future_sessions_no_longer_planned(petugas, kepala):
    with time_machine.travel("2026-02-20 08:00 +0700", tick=False):
        plan = draft(f.program(by=petugas), petugas)
        services.submit_work_plan(plan=plan, by=petugas)
        services.approve_work_plan(plan=plan, by=kepala)
    cancelled = plan.sessions.get(date=date(2026, 3, 23))
    services.cancel_session(session=cancelled, by=petugas, reason="situasi_keamanan")
    with time_machine.travel("2026-03-10 08:00 +0700", tick=False):
        services.start_plan_revision(plan=plan, by=petugas)
        services.update_work_plan(plan=plan, by=petugas, slots=[SlotSpec(1, time(9, 0))])
        services.submit_work_plan(plan=plan, by=petugas)
        services.approve_work_plan(plan=plan, by=kepala)
    days = sorted((s.date.day, s.status) for s in Session.objects.filter(plan=plan))
    # Mondays 2 and 9 (past) stay; 16 and 30 go; the cancelled 23rd stays as it was.
    assert (2, SessionStatus.SCHEDULED) in days and (9, SessionStatus.SCHEDULED) in days
    assert (16, SessionStatus.SCHEDULED) not in days
    assert (23, SessionStatus.CANCELLED) in days
    assert [d for d, _ in days if d in (10, 17, 24, 31)] == [10, 17, 24, 31]


def test_cannot_open_a_second_revision_while_one_is_open(petugas):
    plan = draft(f.program(by=petugas), petugas)
    with pytest.raises(ValidationError, match="sudah memiliki revisi"):
        services.start_plan_revision(plan=plan, by=petugas)


def test_every_change_is_in_history(petugas):
    plan = draft(f.program(by=petugas), petugas)
    services.update_work_plan(plan=plan, by=petugas, objectives="Baru")
    assert plan.latest_revision.history.count() == 2
