"""The attendance export for SDP: the documented columns, CSV in UTF-8 with BOM and `;` for
Indonesian Excel, XLSX, the period filter, and a large period run as a job."""

import csv
import io
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from absensi import jobs as ajobs
from absensi.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    FingerprintDevice,
    RawPunch,
)
from rutan.jobs import run_job
from rutan.models import Job, JobStatus
from tests.pembinaan import planning_factories as pf

pytestmark = pytest.mark.django_db

DOCUMENTED = [
    "tanggal",
    "jam_mulai",
    "jam_selesai",
    "mulai_aktual",
    "selesai_aktual",
    "id_sesi",
    "program",
    "cabang_seni",
    "no_registrasi",
    "nama_wbp",
    "status_kehadiran",
    "keterangan_status",
    "cara_pencatatan",
    "waktu_sidik_jari",
    "catatan",
]


@pytest.fixture
def march(petugas):
    """Two sessions in March (one fingerprint, one manual absence) and one in April."""
    first = pf.session(day=date(2026, 3, 2), at=time(9, 0))
    second = pf.session(plan_=first.plan, day=date(2026, 3, 9), at=time(9, 0))
    april = pf.session(plan_=first.plan, day=date(2026, 4, 6), at=time(9, 0))
    budi = pf.inmate(name="Budi Santoso", registration_number="B.I 12/2025")
    tricky = pf.inmate(name="=HYPERLINK(1)", registration_number="B.I 13/2025")
    device = FingerprintDevice.objects.create(name="Aula", ip_address="10.0.0.5")
    punch = RawPunch.objects.create(
        device=device, device_user_id="1042", timestamp=first.planned_start - timedelta(minutes=3)
    )
    now = timezone.now()
    Attendance.objects.create(
        session=first,
        inmate=budi,
        status=AttendanceStatus.PRESENT,
        method=AttendanceMethod.FINGERPRINT,
        punch=punch,
        recorded_at=now,
    )
    Attendance.objects.create(
        session=second,
        inmate=budi,
        status=AttendanceStatus.SICK,
        note="Klinik; kontrol",
        recorded_at=now,
        recorded_by=petugas,
    )
    Attendance.objects.create(
        session=second,
        inmate=tricky,
        status=AttendanceStatus.PRESENT,
        recorded_at=now,
        recorded_by=petugas,
    )
    Attendance.objects.create(
        session=april,
        inmate=budi,
        status=AttendanceStatus.PRESENT,
        recorded_at=now,
        recorded_by=petugas,
    )
    return first, second


def _get(client, **params):
    return client.get(reverse("absensi:attendance_export"), params)


def test_csv_has_the_documented_columns_bom_and_semicolons(petugas_client, march):
    first, second = march
    response = _get(petugas_client, mulai="2026-03-01", sampai="2026-03-31", format="csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="absensi-2026-03-01-sd-2026-03-31.csv"' in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(DOCUMENTED)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == DOCUMENTED
    assert len(rows) == 4  # header + 3 entries of March; April left out
    present = dict(zip(DOCUMENTED, rows[1], strict=True))
    assert present["tanggal"] == "2026-03-02" and present["jam_mulai"] == "09:00"
    assert present["jam_selesai"] == "09:45" and present["id_sesi"] == str(first.pk)
    assert present["no_registrasi"] == "B.I 12/2025" and present["nama_wbp"] == "Budi Santoso"
    assert present["status_kehadiran"] == "hadir" and present["cara_pencatatan"] == "sidik_jari"
    assert present["waktu_sidik_jari"] == "2026-03-02 08:57:00"
    sick = dict(zip(DOCUMENTED, rows[3], strict=True))
    assert (sick["status_kehadiran"], sick["keterangan_status"]) == ("sakit", "Sakit")
    assert sick["catatan"] == "Klinik; kontrol"  # the separator inside a field is quoted
    assert rows[2][DOCUMENTED.index("nama_wbp")] == "'=HYPERLINK(1)"  # never a formula


def test_xlsx_has_the_same_columns(petugas_client, march):
    response = _get(petugas_client, mulai="2026-03-01", sampai="2026-03-31", format="xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == DOCUMENTED
    assert len(values) == 4
    assert values[1][DOCUMENTED.index("nama_wbp")] == "Budi Santoso"


def test_documentation_lists_every_column():
    with open("docs/absensi.md", encoding="utf-8") as manual:
        text = manual.read()
    for name in DOCUMENTED:
        assert f"`{name}`" in text
    assert ajobs.COLUMN_NAMES == DOCUMENTED


def test_the_form_page_and_a_bad_period(petugas_client):
    assert "Ekspor absensi untuk SDP" in _get(petugas_client).content.decode()
    response = _get(petugas_client, mulai="2026-03-31", sampai="2026-03-01", format="csv")
    assert response.status_code == 200
    assert "Tanggal akhir periode tidak boleh sebelum tanggal awal." in response.content.decode()


def test_a_large_period_is_prepared_as_a_job(petugas_client, petugas, march, settings):
    settings.JOBS_INLINE_EXPORT_ROWS = 2
    params = {"mulai": "2026-03-01", "sampai": "2026-03-31", "format": "csv"}

    offer = _get(petugas_client, **params)
    assert "berisi 3 catatan kehadiran" in offer.content.decode()

    queued = petugas_client.post(reverse("absensi:attendance_export"), params)
    job = Job.objects.get()
    assert queued.status_code == 302 and queued.url == reverse("job_detail", args=[job.pk])
    assert job.owner == petugas and job.kind == ajobs.KIND_EXPORT

    run_job(str(job.pk))

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result_name.endswith(".csv")
    download = petugas_client.get(reverse("job_download", args=[job.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert len(text.splitlines()) == 4


def test_the_export_has_a_constant_query_count(
    petugas_client, petugas, march, django_assert_max_num_queries
):
    params = {"mulai": "2026-03-01", "sampai": "2026-04-30", "format": "csv"}
    with django_assert_max_num_queries(20) as few:
        _get(petugas_client, **params)
    session = pf.session(day=date(2026, 4, 13), at=time(9, 0))
    for n in range(5):
        Attendance.objects.create(
            session=session,
            inmate=pf.inmate(name=f"WBP {n}"),
            status=AttendanceStatus.PRESENT,
            recorded_at=timezone.now(),
            recorded_by=petugas,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        _get(petugas_client, **params)
