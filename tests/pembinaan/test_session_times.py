"""A session's actual times after the fact: recorded or corrected with a reason, the three
time flags recomputed, the edit window (petugas) and who may act after it."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pembinaan import services
from pembinaan.models import Program, SessionStatus
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
SLOT = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
NEXT_MORNING = timezone.make_aware(datetime(2026, 3, 3, 8, 0))


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def session_at_ten(**fields):
    return f.session(day=DAY, at=time(10, 0), **fields)


def test_a_session_never_started_is_recorded_held_the_next_morning(petugas):
    session = session_at_ten()
    with time_machine.travel(NEXT_MORNING, tick=False):
        session = services.record_session_times(
            session=session, by=petugas, start=at(10, 5), end=at(10, 48), reason="Lupa menekan"
        )
    session.refresh_from_db()
    assert session.status == SessionStatus.FINISHED
    assert (session.actual_start, session.actual_end) == (at(10, 5), at(10, 48))
    assert session.finished_by == petugas and session.times_recorded_by == petugas
    assert session.on_time
    change = session.history.get(history_change_reason="Lupa menekan")
    assert change.history_user == petugas and change.status == SessionStatus.FINISHED


def test_a_long_reason_is_kept_whole_on_the_session(petugas):
    reason = "Sesi terlaksana sesuai jadwal; tombol Mulai tidak ditekan karena listrik padam. " * 5
    with time_machine.travel(NEXT_MORNING, tick=False):
        session = services.record_session_times(
            session=session_at_ten(), by=petugas, start=at(10), end=at(10, 45), reason=reason
        )
    session.refresh_from_db()
    assert session.times_note == reason.strip()
    assert session.history.filter(times_note=reason.strip()).exists()


def test_finishing_the_next_morning_is_refused_instead_of_a_long_overrun(petugas):
    session = session_at_ten()
    with time_machine.travel(SLOT, tick=False):
        services.start_session(session=session, by=petugas)
    with (
        time_machine.travel(NEXT_MORNING, tick=False),
        pytest.raises(ValidationError, match="hari lain"),
    ):
        services.finish_session(session=session, by=petugas)
    session.refresh_from_db()
    assert session.status == SessionStatus.RUNNING and not session.overran


def test_a_running_session_is_finished_with_its_corrected_times(petugas):
    session = session_at_ten()
    with time_machine.travel(SLOT, tick=False):
        services.start_session(session=session, by=petugas)
    with time_machine.travel(NEXT_MORNING, tick=False):
        session = services.record_session_times(
            session=session, by=petugas, start=at(10), end=at(10, 45), reason="Lupa diakhiri"
        )
    assert session.status == SessionStatus.FINISHED and session.actual_minutes == 45
    assert session.on_time


def test_start_off_time_overrun_and_short_are_separate_flags(petugas, settings):
    settings.SESSION_START_TOLERANCE_MINUTES = 15
    settings.SESSION_MIN_MINUTES = 30
    session = session_at_ten()
    cases = [
        ((10, 16), (10, 50), {"start_off_time": True, "overran": False, "too_short": False}),
        ((7, 10), (7, 11), {"start_off_time": True, "overran": False, "too_short": True}),
        ((10, 0), (10, 50), {"start_off_time": False, "overran": True, "too_short": False}),
        ((10, 0), (10, 29), {"start_off_time": False, "overran": False, "too_short": True}),
        ((9, 45), (10, 30), {"start_off_time": False, "overran": False, "too_short": False}),
    ]
    with time_machine.travel(NEXT_MORNING, tick=False):
        for start, end, flags in cases:
            session = services.record_session_times(
                session=session, by=petugas, start=at(*start), end=at(*end), reason="Koreksi"
            )
            assert services.time_flags(session) == flags
            session.refresh_from_db()
            assert {k: getattr(session, k) for k in flags} == flags
    assert session.history.filter(history_change_reason="Koreksi").count() == len(cases)


def test_the_start_tolerance_and_minimum_are_settings(petugas, settings):
    settings.SESSION_START_TOLERANCE_MINUTES = 30
    settings.SESSION_MIN_MINUTES = 10
    with time_machine.travel(NEXT_MORNING, tick=False):
        session = services.record_session_times(
            session=session_at_ten(), by=petugas, start=at(10, 25), end=at(10, 40), reason="x"
        )
    assert session.on_time


def test_a_slot_shorter_than_the_minimum_is_short_only_below_the_slot(petugas, settings):
    settings.SESSION_MIN_MINUTES = 30
    program = f.program(session_minutes=20)
    session = f.session(plan_=f.plan(program_=program), day=DAY, at=time(10, 0))
    with time_machine.travel(NEXT_MORNING, tick=False):
        session = services.record_session_times(
            session=session, by=petugas, start=at(10), end=at(10, 20), reason="x"
        )
    assert not session.too_short and session.on_time


@pytest.mark.parametrize(
    ("start", "end", "reason", "message"),
    [
        ((10, 0), (10, 45), "  ", "alasan"),
        ((10, 45), (10, 0), "x", "sesudah jam mulai"),
        ((1, 0), (10, 0), "x", "lebih dari 8 jam"),
    ],
)
def test_bad_times_are_refused_in_indonesian(petugas, start, end, reason, message):
    with (
        time_machine.travel(NEXT_MORNING, tick=False),
        pytest.raises(ValidationError, match=message),
    ):
        services.record_session_times(
            session=session_at_ten(), by=petugas, start=at(*start), end=at(*end), reason=reason
        )


def test_times_must_be_on_the_session_date_and_not_in_the_future(petugas):
    session = session_at_ten()
    with (
        time_machine.travel(NEXT_MORNING + timedelta(hours=2), tick=False),
        pytest.raises(ValidationError, match="tanggal sesi"),
    ):
        services.record_session_times(
            session=session,
            by=petugas,
            start=at(7, day=date(2026, 3, 3)),
            end=at(7, 45, day=date(2026, 3, 3)),
            reason="x",
        )
    with (
        time_machine.travel(at(10, 30), tick=False),
        pytest.raises(ValidationError, match="masa depan"),
    ):
        services.record_session_times(
            session=session, by=petugas, start=at(10), end=at(10, 45), reason="x"
        )


def test_a_cancelled_session_cannot_be_recorded_held(petugas):
    session = session_at_ten()
    services.cancel_session(session=session, by=petugas, reason="instruktur_berhalangan")
    with (
        time_machine.travel(NEXT_MORNING, tick=False),
        pytest.raises(ValidationError, match="dibatalkan"),
    ):
        services.record_session_times(
            session=session, by=petugas, start=at(10), end=at(10, 45), reason="x"
        )


def test_after_the_window_only_the_kepala_upt_and_admins_correct_times(
    petugas, kepala, admin_user, settings
):
    settings.RESULT_EDIT_WINDOW_DAYS = 7
    session = session_at_ten()
    late = SLOT + timedelta(days=8)
    with time_machine.travel(late, tick=False):
        with pytest.raises(ValidationError, match="Kepala UPT atau admin"):
            services.record_session_times(
                session=session, by=petugas, start=at(10), end=at(10, 45), reason="x"
            )
        services.record_session_times(
            session=session, by=kepala, start=at(10), end=at(10, 45), reason="Laporan instruktur"
        )
        services.record_session_times(
            session=session, by=admin_user, start=at(10), end=at(10, 40), reason="Koreksi"
        )
    session.refresh_from_db()
    assert session.times_recorded_by == admin_user and session.actual_minutes == 40


def test_program_on_time_share_uses_every_flag(petugas):
    plan = f.plan()
    for day, start, end in [(2, (9, 0), (9, 45)), (9, (9, 30), (10, 10)), (16, (9, 0), (9, 5))]:
        session = f.session(plan_=plan, day=date(2026, 3, day))
        with time_machine.travel(at(8, day=date(2026, 3, day + 1)), tick=False):
            services.record_session_times(
                session=session,
                by=petugas,
                start=at(*start, day=session.date),
                end=at(*end, day=session.date),
                reason="x",
            )
    program = Program.objects.with_figures(date(2026, 3, 2)).get(pk=plan.program_id)
    assert (program.finished_count, program.on_time_count) == (3, 1)


# --- the page ---------------------------------------------------------------------------------


def test_times_page_records_a_held_session(petugas_client):
    session = session_at_ten()
    url = reverse("pembinaan:session_times", args=[session.pk])
    with time_machine.travel(NEXT_MORNING, tick=False):
        assert petugas_client.get(url).status_code == 200
        response = petugas_client.post(
            url, {"start_time": "10:02", "end_time": "10:44", "reason": "Lupa menekan Mulai"}
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.FINISHED and session.actual_minutes == 42
    with time_machine.travel(NEXT_MORNING, tick=False):
        page = petugas_client.get(url).content.decode()
    assert "Lupa menekan Mulai" in page


def test_times_page_shows_a_refusal_in_the_form(petugas_client):
    session = session_at_ten()
    url = reverse("pembinaan:session_times", args=[session.pk])
    with time_machine.travel(NEXT_MORNING, tick=False):
        response = petugas_client.post(
            url, {"start_time": "10:40", "end_time": "10:00", "reason": "x"}
        )
    assert response.status_code == 200
    assert "Jam selesai harus sesudah jam mulai" in response.content.decode()


def test_session_page_offers_recording_a_session_not_started_on_its_day(petugas_client):
    session = session_at_ten()
    with time_machine.travel(NEXT_MORNING, tick=False):
        page = petugas_client.get(reverse("pembinaan:session_detail", args=[session.pk]))
    assert reverse("pembinaan:session_times", args=[session.pk]) in page.content.decode()


def test_a_session_still_ahead_offers_no_recording_of_times(petugas_client):
    session = session_at_ten()
    with time_machine.travel(SLOT - timedelta(days=1), tick=False):
        page = petugas_client.get(reverse("pembinaan:session_detail", args=[session.pk]))
    html = page.content.decode()
    assert reverse("pembinaan:session_times", args=[session.pk]) not in html
    assert "tidak dimulai di aplikasi" not in html


def test_kepala_corrects_times_on_the_page_after_the_window(kepala_client, settings):
    settings.RESULT_EDIT_WINDOW_DAYS = 7
    session = session_at_ten()
    url = reverse("pembinaan:session_times", args=[session.pk])
    with time_machine.travel(SLOT + timedelta(days=20), tick=False):
        response = kepala_client.post(
            url, {"start_time": "10:00", "end_time": "10:45", "reason": "Laporan instruktur"}
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.FINISHED and session.on_time


def test_petugas_page_after_the_window_says_who_may_correct(petugas_client, settings):
    settings.RESULT_EDIT_WINDOW_DAYS = 7
    session = session_at_ten()
    with time_machine.travel(SLOT + timedelta(days=20), tick=False):
        page = petugas_client.get(reverse("pembinaan:session_times", args=[session.pk]))
    assert "hanya Kepala UPT atau admin" in page.content.decode()


def test_finish_button_the_next_morning_explains_where_to_record_the_end(petugas, petugas_client):
    session = session_at_ten()
    with time_machine.travel(SLOT, tick=False):
        services.start_session(session=session, by=petugas)
    with time_machine.travel(NEXT_MORNING, tick=False):
        response = petugas_client.post(
            reverse("pembinaan:session_finish", args=[session.pk]), follow=True
        )
    assert "Catat/koreksi waktu pelaksanaan" in response.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.RUNNING


def test_times_in_the_future_are_refused_on_the_page_not_a_500(petugas, client):
    """A petugas recording a session that has not ended yet (pressed too early, or a session of
    tomorrow) gets the service's Indonesian message on the form."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    session = f.session(day=tomorrow, at=time(9, 0))
    client.force_login(petugas)
    response = client.post(
        reverse("pembinaan:session_times", args=[session.pk]),
        {"start_time": "09:00", "end_time": "09:45", "reason": "Uji"},
    )
    assert response.status_code == 200
    assert "tidak boleh di masa depan" in response.content.decode()
    session.refresh_from_db()
    assert session.actual_end is None
