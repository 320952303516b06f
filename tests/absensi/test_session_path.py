"""Session → attendance → results, one path both ways; what attendance means for pembinaan
(read through its `attendance_requested` hook): no cancelling a session that took place, no
score for a participant recorded absent."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from absensi.models import Attendance, FingerprintDevice, RawPunch
from absensi.services import Entry, record_attendance
from pembinaan import services
from pembinaan.models import SessionStatus
from tests.pembinaan import planning_factories as pf

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
START = timezone.make_aware(datetime.combine(DAY, time(9, 0)))


@pytest.fixture
def session(db):
    s = pf.session(day=DAY, at=time(9, 0))
    for _ in range(3):
        pf.allocation(program_=s.program)
    return s


def _inmates(session):
    return [a.inmate for a in session.participants()]


def _finish(session, by):
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        return services.record_session_times(
            session=session, by=by, start=START, end=START + timedelta(minutes=45), reason="x"
        )


# --- cancelling ---------------------------------------------------------------------------------


def test_a_past_session_with_someone_present_cannot_be_cancelled(session, petugas):
    first = _inmates(session)[0]
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        record_attendance(session=session, entries=[Entry(first.pk, "hadir")], by=petugas)
        with pytest.raises(ValidationError, match="tidak dapat dibatalkan"):
            services.cancel_session(session=session, by=petugas, reason="situasi_keamanan")
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_a_past_session_with_only_absences_can_still_be_cancelled(session, petugas):
    first = _inmates(session)[0]
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        record_attendance(session=session, entries=[Entry(first.pk, "sakit")], by=petugas)
        services.cancel_session(session=session, by=petugas, reason="instruktur_berhalangan")
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    services.uncancel_session(session=session, by=petugas)  # un-cancel as before
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_a_session_not_yet_started_can_be_cancelled_whatever_is_recorded(session, petugas):
    first = _inmates(session)[0]
    with time_machine.travel(START - timedelta(minutes=5), tick=False):
        record_attendance(session=session, entries=[Entry(first.pk, "hadir")], by=petugas)
        services.cancel_session(session=session, by=petugas, reason="situasi_keamanan")
    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED


def test_recording_the_real_times_counts_finger_scans_in_the_real_window(session, petugas):
    inmate = pf.inmate(device_pin="2042")
    pf.allocation(program_=session.program, inmate_=inmate)
    device = FingerprintDevice.objects.create(name="Aula", ip_address="127.0.0.1")
    # The session really ran 13:00–13:45, not in its 09:00 slot: the punch is at 13:02.
    RawPunch.objects.create(
        device=device, device_user_id="2042", timestamp=START + timedelta(hours=4, minutes=2)
    )
    with time_machine.travel(START + timedelta(days=1), tick=False):
        services.record_session_times(
            session=session,
            by=petugas,
            start=START + timedelta(hours=4),
            end=START + timedelta(hours=4, minutes=45),
            reason="Dipindah ke siang karena sidang",
        )
    attendance = Attendance.objects.get(session=session, inmate=inmate)
    assert attendance.status == "hadir" and attendance.method == "sidik_jari"


# --- results and attendance ---------------------------------------------------------------------


def test_no_score_or_predikat_for_a_participant_recorded_absent(session, petugas):
    present, absent, unrecorded = _inmates(session)
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        record_attendance(
            session=session,
            entries=[Entry(present.pk, "hadir"), Entry(absent.pk, "sakit")],
            by=petugas,
        )
    _finish(session, petugas)
    with time_machine.travel(START + timedelta(hours=3), tick=False):
        for row in ({"score": 80}, {"predicate": "B"}):
            with pytest.raises(ValidationError, match="tercatat sakit"):
                services.save_participant_results(
                    session=session, by=petugas, rows=[{"inmate": absent.pk, **row}]
                )
        written = services.save_participant_results(
            session=session,
            by=petugas,
            rows=[
                {"inmate": present.pk, "score": 93},
                {"inmate": unrecorded.pk, "score": 71},
                {"inmate": absent.pk, "behaviour_note": "Dirawat di klinik"},
            ],
        )
    assert written == 3
    results = {r.inmate_id: r for r in session.participant_results.all()}
    assert (results[present.pk].score, results[present.pk].predicate) == (93, "A")
    assert results[unrecorded.pk].predicate == "B"
    assert results[absent.pk].score is None and results[absent.pk].predicate == ""


def test_results_form_shows_attendance_and_refuses_a_score_for_the_absent(
    session, petugas, petugas_client
):
    present, absent, _ = _inmates(session)
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        record_attendance(
            session=session,
            entries=[Entry(present.pk, "hadir"), Entry(absent.pk, "izin", "Kunjungan")],
            by=petugas,
        )
    _finish(session, petugas)
    url = reverse("pembinaan:session_results", args=[session.pk])
    with time_machine.travel(START + timedelta(hours=3), tick=False):
        page = petugas_client.get(url).content.decode()
        rows = [a.inmate_id for a in session.participants()]
        index = rows.index(absent.pk)
        data = {
            "summary": "Latihan",
            "peserta-TOTAL_FORMS": str(len(rows)),
            "peserta-INITIAL_FORMS": str(len(rows)),
        }
        for i, inmate_id in enumerate(rows):
            data[f"peserta-{i}-inmate"] = str(inmate_id)
        data[f"peserta-{index}-score"] = "75"
        refused = petugas_client.post(url, data)
    assert "Izin" in page and "Hadir" in page and "belum dicatat" in page
    assert f'name="peserta-{index}-score"' in page and "disabled" in page
    assert refused.status_code == 200
    assert "nilai dan predikat hanya untuk peserta yang hadir" in refused.content.decode()
    assert not session.participant_results.exists()


# --- one path both ways -------------------------------------------------------------------------


def test_session_page_links_to_attendance_and_shows_each_participants_attendance(
    session, petugas, petugas_client, django_assert_max_num_queries
):
    first, second, _ = _inmates(session)
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        record_attendance(
            session=session,
            entries=[Entry(first.pk, "hadir"), Entry(second.pk, "menolak")],
            by=petugas,
        )
    for _ in range(10):  # more participants, the same number of queries
        pf.allocation(program_=session.program)
    with (
        time_machine.travel(START + timedelta(hours=1), tick=False),
        django_assert_max_num_queries(20),
    ):
        page = petugas_client.get(reverse("pembinaan:session_detail", args=[session.pk]))
    html = page.content.decode()
    assert reverse("absensi:session_attendance", args=[session.pk]) in html
    assert "Hadir 1 · tidak hadir 1 · belum dicatat 11" in html
    assert "Menolak" in html


def test_attendance_grid_links_back_to_the_session_and_on_to_results(
    session, petugas, petugas_client
):
    _finish(session, petugas)
    with time_machine.travel(START + timedelta(hours=3), tick=False):
        html = petugas_client.get(
            reverse("absensi:session_attendance", args=[session.pk])
        ).content.decode()
        results = petugas_client.get(reverse("pembinaan:session_results", args=[session.pk]))
    assert reverse("pembinaan:session_detail", args=[session.pk]) in html
    assert reverse("pembinaan:session_results", args=[session.pk]) in html
    assert reverse("absensi:session_attendance", args=[session.pk]) in results.content.decode()


def test_kepala_sees_the_links_but_not_the_results_form(session, kepala_client):
    html = kepala_client.get(reverse("absensi:session_attendance", args=[session.pk]))
    html = html.content.decode()
    assert reverse("pembinaan:session_detail", args=[session.pk]) in html
    assert reverse("pembinaan:session_results", args=[session.pk]) not in html


def test_a_session_recorded_held_the_next_morning_takes_attendance_then_results(
    session, petugas_client
):
    """Held but never started in the app: the next morning its times are recorded on the
    times page, attendance is saved on the grid and results on the results form."""
    present, absent, late = _inmates(session)
    next_morning = START + timedelta(days=1, hours=-1)  # 08:00 the day after
    detail = reverse("pembinaan:session_detail", args=[session.pk])
    times = reverse("pembinaan:session_times", args=[session.pk])
    grid = reverse("absensi:session_attendance", args=[session.pk])
    results = reverse("pembinaan:session_results", args=[session.pk])
    with time_machine.travel(next_morning, tick=False):
        assert times in petugas_client.get(detail).content.decode()
        recorded = petugas_client.post(
            times, {"start_time": "09:05", "end_time": "09:48", "reason": "Lupa menekan Mulai"}
        )
        assert recorded.status_code == 302
        session.refresh_from_db()
        assert session.status == SessionStatus.FINISHED and session.actual_minutes == 43

        assert petugas_client.get(grid).status_code == 200
        saved = petugas_client.post(
            reverse("absensi:session_attendance_save", args=[session.pk]),
            {
                f"status_{present.pk}": "hadir",
                f"status_{absent.pk}": "sakit",
                f"status_{late.pk}": "terlambat",
            },
        )
        assert saved.status_code == 302
        assert dict(Attendance.objects.filter(session=session).values_list("inmate", "status")) == {
            present.pk: "hadir",
            absent.pk: "sakit",
            late.pk: "terlambat",
        }

        page = petugas_client.get(results)
        assert page.status_code == 200
        rows = [a.inmate_id for a in session.participants()]
        data = {
            "summary": "Latihan gending dasar",
            "peserta-TOTAL_FORMS": str(len(rows)),
            "peserta-INITIAL_FORMS": str(len(rows)),
        }
        for i, inmate_id in enumerate(rows):
            data[f"peserta-{i}-inmate"] = str(inmate_id)
        data[f"peserta-{rows.index(present.pk)}-score"] = "88"
        data[f"peserta-{rows.index(late.pk)}-score"] = "72"
        data[f"peserta-{rows.index(absent.pk)}-behaviour_note"] = "Dirawat di klinik"
        done = petugas_client.post(results, data)
    assert done.status_code == 302, done.content.decode()
    assert session.result.summary == "Latihan gending dasar"
    scores = {r.inmate_id: (r.score, r.predicate) for r in session.participant_results.all()}
    assert scores[present.pk] == (88, "A") and scores[late.pk] == (72, "B")
    assert scores[absent.pk] == (None, "")


def test_a_suspended_participant_without_attendance_gets_no_score_until_recorded_present(
    session, petugas, petugas_client
):
    away, other, _ = _inmates(session)
    with time_machine.travel(START - timedelta(days=1), tick=False):
        services.apply_status_change(inmates=[away], status="BON", by=petugas)
    _finish(session, petugas)
    url = reverse("pembinaan:session_results", args=[session.pk])
    with time_machine.travel(START + timedelta(hours=3), tick=False):
        page = petugas_client.get(url).content.decode()
        with pytest.raises(ValidationError, match="ditangguhkan pada tanggal sesi"):
            services.save_participant_results(
                session=session, by=petugas, rows=[{"inmate": away.pk, "score": 80}]
            )
        assert (
            services.save_participant_results(
                session=session,
                by=petugas,
                rows=[
                    {"inmate": away.pk, "behaviour_note": "Sidang di PN"},
                    {"inmate": other.pk, "score": 80},
                ],
            )
            == 2
        )
        # Back from court in time and recorded present: the recorded presence wins.
        record_attendance(session=session, entries=[Entry(away.pk, "hadir")], by=petugas)
        services.save_participant_results(
            session=session, by=petugas, rows=[{"inmate": away.pk, "score": 90}]
        )
    assert "Ditangguhkan: Bon/sidang" in page
    index = [a.inmate_id for a in session.participants()].index(away.pk)
    field = page.partition(f'name="peserta-{index}-score"')[2].partition(">")[0]
    assert "disabled" in field
    assert session.participant_results.get(inmate=away).score == 90
