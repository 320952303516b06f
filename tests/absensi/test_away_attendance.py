"""Attendance of inmates who are away: suspended participants pre-marked absent with the
matching reason, absences recorded in advance, late arrival (terlambat) and sub-reasons."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from absensi.models import Attendance, AttendanceStatus
from absensi.services import (
    Entry,
    mark_all_present,
    mark_selected,
    record_attendance,
    suspended_participants,
)
from pembinaan import services as pservices
from rutan.reports.common import ABSENCES, PRESENT, STATUS_CODES
from tests.pembinaan import planning_factories as pf

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)
START = timezone.make_aware(datetime.combine(DAY, time(9, 0)))
DURING = START + timedelta(minutes=5)
DAY_BEFORE = START - timedelta(days=1)


@pytest.fixture
def session(db):
    s = pf.session(day=DAY, at=time(9, 0))
    for cell in ("1", "2", "3", "4"):
        pf.allocation(program_=s.program, inmate_=pf.inmate(name=f"Peserta {cell}", cell=cell))
    return s


def _people(session):
    return [a.inmate for a in session.participants()]


def _url(name, session):
    return reverse(f"absensi:{name}", args=[session.pk])


# --- suspended participants ---------------------------------------------------------------


@time_machine.travel(DURING, tick=False)
def test_bon_and_a_petugas_suspension_are_pre_marked(session, petugas):
    a, b, *_ = _people(session)
    pservices.apply_status_change(inmates=[a], status="BON", by=petugas, on=date(2026, 3, 1))
    pservices.suspend_allocation(
        allocation=session.program.allocations.get(inmate=b),
        by=petugas,
        start_date=DAY,
        end_date=DAY,
        reason="izin",
        note="Kunjungan penasihat hukum",
    )
    away = suspended_participants(session)
    assert (away[a.pk].status, away[a.pk].label) == (AttendanceStatus.BON, "Bon/sidang")
    assert (away[b.pk].status, away[b.pk].note) == ("izin", "Kunjungan penasihat hukum")
    assert len(away) == 2


@time_machine.travel(DURING, tick=False)
def test_grid_pre_marks_the_suspended_absent_and_saving_records_it(
    session, petugas_client, petugas
):
    a, b, *_ = _people(session)
    pservices.apply_status_change(inmates=[a], status="SAKIT", by=petugas, on=date(2026, 3, 1))

    page = petugas_client.get(_url("session_attendance", session)).content.decode()
    assert "Ditangguhkan: Sakit · belum disimpan" in page
    assert f'id="id_status_{a.pk}-sakit" value="sakit" autocomplete="off" checked' in page
    assert "1 peserta sedang ditangguhkan" in page

    petugas_client.post(
        _url("session_attendance_save", session),
        {f"status_{a.pk}": "sakit", f"note_{a.pk}": "Otomatis: status registrasi Sakit."},
    )
    assert Attendance.objects.get(inmate=a).status == AttendanceStatus.SICK


@time_machine.travel(DURING, tick=False)
def test_hadir_semua_gives_the_suspended_their_absence(session, petugas):
    a, *others = _people(session)
    pservices.apply_status_change(inmates=[a], status="BON", by=petugas, on=date(2026, 3, 1))
    assert mark_all_present(session=session, by=petugas) == 4
    assert Attendance.objects.get(inmate=a).status == AttendanceStatus.BON
    assert set(Attendance.objects.filter(inmate__in=others).values_list("status", flat=True)) == {
        AttendanceStatus.PRESENT
    }


@time_machine.travel(DURING, tick=False)
def test_a_resumed_participant_is_not_pre_marked(session, petugas):
    a = _people(session)[0]
    pservices.apply_status_change(inmates=[a], status="BON", by=petugas, on=date(2026, 2, 20))
    pservices.apply_status_change(inmates=[a], status="AKTIF", by=petugas, on=date(2026, 3, 1))
    assert suspended_participants(session) == {}


@time_machine.travel(DURING, tick=False)
def test_grid_queries_do_not_grow_with_suspended_participants(
    session, petugas_client, petugas, django_assert_max_num_queries
):
    pservices.apply_status_change(
        inmates=_people(session)[:1], status="BON", by=petugas, on=date(2026, 3, 1)
    )
    with django_assert_max_num_queries(30) as counted:
        petugas_client.get(_url("session_attendance", session))
    more = [pf.allocation(program_=session.program).inmate for _ in range(20)]
    pservices.apply_status_change(inmates=more, status="SAKIT", by=petugas, on=date(2026, 3, 1))
    with django_assert_max_num_queries(len(counted.captured_queries)):
        petugas_client.get(_url("session_attendance", session))


# --- absences in advance ------------------------------------------------------------------


@time_machine.travel(DAY_BEFORE, tick=False)
def test_absences_can_be_recorded_the_day_before(session, petugas):
    a, b, *_ = _people(session)
    changed = record_attendance(
        session=session,
        entries=[
            Entry(a.pk, AttendanceStatus.EXCUSED, "Tidak wajib hadir", "kerja"),
            Entry(b.pk, AttendanceStatus.BON, "", "sidang"),
        ],
        by=petugas,
    )
    assert changed == 2
    assert Attendance.objects.get(inmate=b).sub_reason == "sidang"


@time_machine.travel(DAY_BEFORE, tick=False)
@pytest.mark.parametrize("status", [AttendanceStatus.PRESENT, AttendanceStatus.LATE])
def test_presence_cannot_be_recorded_in_advance(session, petugas, status):
    a = _people(session)[0]
    with pytest.raises(ValidationError, match="hanya ketidakhadiran"):
        record_attendance(session=session, entries=[Entry(a.pk, status)], by=petugas)
    with pytest.raises(ValidationError, match="hanya ketidakhadiran"):
        mark_all_present(session=session, by=petugas)


@time_machine.travel(DAY_BEFORE, tick=False)
def test_grid_in_advance_allows_only_absences(session, petugas_client):
    a = _people(session)[0]
    page = petugas_client.get(_url("session_attendance", session)).content.decode()
    assert 'id="advance-notice"' in page
    assert "Hadir semua" not in page
    assert f'id="id_status_{a.pk}-hadir" value="hadir" autocomplete="off" disabled' in page
    assert f'id="id_status_{a.pk}-izin" value="izin" autocomplete="off">' in page

    response = petugas_client.post(
        _url("session_attendance_save", session),
        {f"status_{a.pk}": "izin", f"sub_{a.pk}": "kunjungan", f"note_{a.pk}": ""},
    )
    assert response.status_code == 302
    saved = Attendance.objects.get(inmate=a)
    assert (saved.status, saved.sub_reason) == ("izin", "kunjungan")


# --- terlambat and sub-reasons --------------------------------------------------------------


@time_machine.travel(DURING, tick=False)
def test_late_arrival_counts_as_taking_part(session, petugas, petugas_client):
    a, b, *_ = _people(session)
    record_attendance(
        session=session,
        entries=[
            Entry(a.pk, AttendanceStatus.LATE, "Datang 09:20", "kamar_terlambat"),
            Entry(b.pk, AttendanceStatus.PRESENT),
        ],
        by=petugas,
    )
    assert Attendance.objects.present().count() == 2
    listing = petugas_client.get(reverse("absensi:session_list"), {"tanggal": "2026-03-02"})
    assert "2/4 tercatat" in listing.content.decode()


@time_machine.travel(DURING, tick=False)
def test_a_sub_reason_of_another_reason_is_refused(session, petugas):
    a = _people(session)[0]
    with pytest.raises(ValidationError, match="tidak sesuai dengan alasan"):
        record_attendance(
            session=session, entries=[Entry(a.pk, AttendanceStatus.SICK, "", "sidang")], by=petugas
        )


@time_machine.travel(DURING, tick=False)
def test_the_database_refuses_a_mismatched_sub_reason(session, petugas):
    a = _people(session)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            session=session,
            inmate=a,
            status=AttendanceStatus.PRESENT,
            sub_reason="klinik",
            recorded_at=DURING,
            recorded_by=petugas,
        )


@time_machine.travel(DURING, tick=False)
def test_grid_form_refuses_a_mismatched_sub_reason(session, petugas_client):
    a = _people(session)[0]
    response = petugas_client.post(
        _url("session_attendance_save", session),
        {f"status_{a.pk}": "hadir", f"sub_{a.pk}": "klinik"},
    )
    assert response.status_code == 400
    assert "Rincian ini tidak sesuai" in response.content.decode()
    assert not Attendance.objects.exists()


@time_machine.travel(DURING, tick=False)
def test_multi_select_with_a_sub_reason(session, petugas):
    a, b, *_ = _people(session)
    mark_selected(
        session=session,
        inmate_ids=[a.pk, b.pk],
        status=AttendanceStatus.SICK,
        sub_reason="klinik",
        by=petugas,
    )
    assert set(Attendance.objects.values_list("sub_reason", flat=True)) == {"klinik"}


@time_machine.travel(DURING, tick=False)
def test_changing_only_the_sub_reason_is_a_change_with_history(session, petugas):
    a = _people(session)[0]
    record_attendance(session=session, entries=[Entry(a.pk, "sakit", "", "klinik")], by=petugas)
    changed = record_attendance(
        session=session, entries=[Entry(a.pk, "sakit", "", "rumah_sakit")], by=petugas
    )
    assert changed == 1
    row = Attendance.objects.get()
    assert row.sub_reason == "rumah_sakit" and row.history.count() == 2


def test_reports_count_a_late_arrival_as_present_and_bon_as_an_absence():
    assert AttendanceStatus.LATE in PRESENT and AttendanceStatus.LATE not in ABSENCES
    assert AttendanceStatus.BON in ABSENCES and STATUS_CODES[AttendanceStatus.BON] == "D"
