"""The attendance pages: the session list, the grid (tablet form), its actions and history."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from absensi.models import Attendance, AttendanceStatus
from tests.pembinaan import planning_factories as pf

DAY = date(2026, 3, 2)
START = timezone.make_aware(datetime.combine(DAY, time(9, 0)))


@pytest.fixture
def session(db):
    s = pf.session(day=DAY, at=time(9, 0))
    for _ in range(6):
        pf.allocation(program_=s.program)
    return s


@pytest.fixture(autouse=True)
def _during_the_session():
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        yield


def _people(session):
    return [a.inmate for a in session.participants()]


def _url(name, session):
    return reverse(f"absensi:{name}", args=[session.pk])


def test_session_list_shows_the_progress(session, petugas_client):
    response = petugas_client.get(reverse("absensi:session_list"), {"tanggal": "2026-03-05"})

    body = response.content.decode()
    assert response.status_code == 200
    assert session.program.name in body and "0/6 tercatat" in body


def test_grid_lists_every_participant_with_every_status(session, petugas_client):
    response = petugas_client.get(_url("session_attendance", session))

    body = response.content.decode()
    assert response.status_code == 200
    for inmate in _people(session):
        assert inmate.name in body
    for label in ("Hadir", "Sakit", "Izin", "Menolak", "Bentrok", "Sesi dibatalkan", "Lainnya"):
        assert label in body
    assert "Hadir semua" in body


def test_grid_queries_do_not_grow_with_participants(
    session, petugas_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        petugas_client.get(_url("session_attendance", session))
    for _ in range(34):
        pf.allocation(program_=session.program)
    with django_assert_max_num_queries(25):
        response = petugas_client.get(_url("session_attendance", session))
    assert response.content.decode().count('name="inmate"') == 40


def test_saving_the_grid(session, petugas_client, petugas):
    a, b, *_ = _people(session)
    data = {
        f"status_{a.pk}": "hadir",
        f"status_{b.pk}": "lainnya",
        f"note_{b.pk}": "Dipanggil petugas blok",
    }

    response = petugas_client.post(_url("session_attendance_save", session), data)

    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("inmate", "status")) == {
        a.pk: AttendanceStatus.PRESENT,
        b.pk: AttendanceStatus.OTHER,
    }
    assert Attendance.objects.get(inmate=b).recorded_by == petugas


def test_lainnya_without_note_is_shown_back(session, petugas_client):
    a = _people(session)[0]

    response = petugas_client.post(
        _url("session_attendance_save", session), {f"status_{a.pk}": "lainnya"}
    )

    assert response.status_code == 400
    assert "Keterangan wajib diisi" in response.content.decode()
    assert not Attendance.objects.exists()


def test_hadir_semua_then_multi_select(session, petugas_client):
    a, b, *_ = _people(session)
    petugas_client.post(_url("session_mark_all", session))

    response = petugas_client.post(
        _url("session_mark_selected", session),
        {"inmate": [a.pk, b.pk], "status": "sakit", "note": ""},
        follow=True,
    )

    assert "2 WBP ditandai Sakit" in response.content.decode()
    assert Attendance.objects.present().count() == 4
    assert Attendance.objects.filter(status="sakit").count() == 2


def test_multi_select_without_selection_is_an_error(session, petugas_client):
    response = petugas_client.post(
        _url("session_mark_selected", session), {"status": "sakit"}, follow=True
    )

    assert "Pilih minimal satu WBP" in response.content.decode()


def test_locked_grid_is_read_only_for_petugas(session, petugas_client, settings):
    settings.ATTENDANCE_EDIT_WINDOW_DAYS = 0  # closes at the end (logins last 8 hours)
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        page = petugas_client.get(_url("session_attendance", session))
        saved = petugas_client.post(_url("session_mark_all", session), follow=True)

    assert "terkunci" in page.content.decode()
    assert "Hadir semua" not in page.content.decode()
    assert "terkunci" in saved.content.decode()
    assert not Attendance.objects.exists()


def test_admin_can_still_edit_a_locked_grid(session, admin_client_, settings):
    settings.ATTENDANCE_EDIT_WINDOW_DAYS = 0
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        page = admin_client_.get(_url("session_attendance", session))
        admin_client_.post(_url("session_mark_all", session))

    assert "Hadir semua" in page.content.decode()
    assert Attendance.objects.count() == 6


def test_kepala_sees_the_grid_read_only(session, kepala_client):
    page = kepala_client.get(_url("session_attendance", session))

    assert page.status_code == 200 and "Hadir semua" not in page.content.decode()
    assert kepala_client.post(_url("session_mark_all", session)).status_code == 403


def test_unknown_session_is_404(db, petugas_client):
    assert (
        petugas_client.get(reverse("absensi:session_attendance", args=[999999])).status_code == 404
    )


def test_history_shows_who_changed_what(session, petugas_client):
    a = _people(session)[0]
    petugas_client.post(_url("session_attendance_save", session), {f"status_{a.pk}": "hadir"})
    petugas_client.post(_url("session_attendance_save", session), {f"status_{a.pk}": "izin"})

    body = petugas_client.get(_url("session_history", session)).content.decode()

    assert "Dicatat" in body and "Diubah" in body and "Izin" in body and a.name in body
