"""Sessions: start, finish and the 45-minute slot, cancel and un-cancel."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from pembinaan import services
from pembinaan.models import Program, SessionStatus
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

START = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


def test_start_and_finish_record_actual_times_within_the_slot(petugas):
    session = f.session(day=date(2026, 3, 2), at=time(9, 0))
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        services.start_session(session=session, by=petugas)
    with time_machine.travel(START + timedelta(minutes=46), tick=False):
        session = services.finish_session(session=session, by=petugas)
    assert session.status == SessionStatus.FINISHED
    assert session.actual_minutes == 44 and not session.overran
    assert session.started_by == petugas and session.finished_by == petugas


def test_session_running_longer_than_its_slot_is_flagged(petugas):
    session = f.session(day=date(2026, 3, 2), at=time(9, 0))
    with time_machine.travel(START, tick=False):
        services.start_session(session=session, by=petugas)
    with time_machine.travel(START + timedelta(minutes=50), tick=False):
        session = services.finish_session(session=session, by=petugas)
    assert session.overran


def test_program_shows_share_of_sessions_kept_to_the_slot(petugas):
    plan = f.plan()
    for minutes, day in [(40, 2), (45, 9), (60, 16), (30, 23)]:
        begin = timezone.make_aware(datetime(2026, 3, day, 9, 0))
        f.session(
            plan_=plan,
            day=date(2026, 3, day),
            status=SessionStatus.FINISHED,
            actual_start=begin,
            actual_end=begin + timedelta(minutes=minutes),
            overran=minutes > 45,
        )
    program = Program.objects.with_figures(date(2026, 3, 2)).get(pk=plan.program_id)
    assert (program.finished_count, program.on_time_count) == (4, 3)


def test_session_can_only_start_on_its_day(petugas):
    session = f.session(day=date(2026, 3, 2))
    with (
        time_machine.travel("2026-03-01 09:00 +0700", tick=False),
        pytest.raises(ValidationError, match="hari pelaksanaannya"),
    ):
        services.start_session(session=session, by=petugas)


def test_only_a_running_session_can_finish(petugas):
    with pytest.raises(ValidationError):
        services.finish_session(session=f.session(), by=petugas)


def test_cancel_and_uncancel_keep_the_history(petugas):
    session = f.session()
    services.cancel_session(session=session, by=petugas, reason="instruktur_berhalangan")
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.get_cancel_reason_display() == "Instruktur berhalangan"
    services.uncancel_session(session=session, by=petugas)
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED and session.cancel_reason == ""
    reasons = [h.cancel_reason for h in session.history.order_by("history_date")]
    assert reasons == ["", "instruktur_berhalangan", ""]


def test_other_cancel_reason_needs_a_note(petugas):
    with pytest.raises(ValidationError):
        services.cancel_session(session=f.session(), by=petugas, reason="lainnya")


def test_a_running_session_cannot_be_cancelled(petugas):
    session = f.session(status=SessionStatus.RUNNING, actual_start=START)
    with pytest.raises(ValidationError):
        services.cancel_session(session=session, by=petugas, reason="situasi_keamanan")


def test_window_uses_actual_times_when_known():
    session = f.session(day=date(2026, 3, 2), at=time(9, 0))
    assert session.window(lead_minutes=15) == (
        START - timedelta(minutes=15),
        START + timedelta(minutes=45),
    )
    session.actual_start = START + timedelta(minutes=5)
    session.actual_end = START + timedelta(minutes=55)
    assert session.window() == (session.actual_start, session.actual_end)
