"""The monthly program report (Kanwil's shape): figures, print page, XLSX, query count."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rutan.months import Month
from rutan.reports.monthly_programs import monthly_program_report
from tests.rutan import report_data

MARCH = Month(2026, 3)
URL = reverse("report_monthly_programs")


@pytest.fixture
def data(db):
    return report_data.build()


def _by_name(report):
    return {row["program"].name: row for row in report["rows"]}


def test_each_program_has_its_sessions_participants_and_on_time_share(data):
    rows = _by_name(monthly_program_report(MARCH))

    assert set(rows) == {"Karawitan", "Hadroh", "Tari"}  # Teater had nothing in March
    k, h, t = rows["Karawitan"], rows["Hadroh"], rows["Tari"]
    assert (k["planned"], k["held"], k["cancelled"], k["pending"]) == (4, 2, 1, 1)
    assert (h["planned"], h["held"], h["cancelled"], h["pending"]) == (3, 3, 0, 0)
    assert (t["planned"], t["held"], t["cancelled"], t["pending"]) == (2, 0, 1, 1)
    assert (k["participants"], h["participants"], t["participants"]) == (3, 2, 1)
    assert (k["on_time"], k["on_time_percent"]) == (1, 50.0)
    assert (h["on_time"], h["on_time_percent"]) == (3, 100.0)
    assert t["on_time_percent"] is None  # nothing held: no share
    assert k["cancel_instruktur_berhalangan"] == 1
    assert t["cancel_situasi_keamanan"] == 1


def test_attendance_rate_counts_held_sessions_only(data):
    rows = _by_name(monthly_program_report(MARCH))

    k, h, t = rows["Karawitan"], rows["Hadroh"], rows["Tari"]
    assert (k["present"], k["recorded"], k["attendance_percent"], k["attendees"]) == (3, 5, 60.0, 2)
    assert (h["present"], h["recorded"], h["attendance_percent"], h["attendees"]) == (4, 6, 66.7, 2)
    # Tari's only record is at a session still running; its cancelled one does not count.
    assert (t["present"], t["recorded"], t["attendance_percent"]) == (0, 0, None)


def test_totals_count_each_inmate_once_and_list_cancellations_with_reasons(data):
    report = monthly_program_report(MARCH)
    totals = report["totals"]

    assert (totals["planned"], totals["held"], totals["cancelled"], totals["pending"]) == (
        9,
        5,
        2,
        2,
    )
    assert totals["participants"] == 5
    assert (totals["present"], totals["recorded"], totals["attendance_percent"]) == (7, 11, 63.6)
    assert totals["attendees"] == 3
    assert dict(totals["absence_reasons"]) == {
        "Sakit": 1,
        "Izin": 1,
        "Bon/sidang": 0,
        "Menolak": 1,
        "Bentrok": 0,
        "Lainnya": 1,
    }
    assert (totals["on_time"], totals["on_time_percent"]) == (4, 80.0)
    assert dict(totals["cancel_reasons"]) == {
        "Instruktur berhalangan": 1,
        "Tempat tidak tersedia": 0,
        "Situasi keamanan": 1,
        "Lainnya": 0,
    }
    assert totals["instructors"] == [("Petugas", 1, 1), ("WBP", 1, 1), ("Mitra", 1, 1)]
    assert [(s.program.name, s.cancel_note) for s in report["cancelled"]] == [
        ("Tari", "Razia blok hunian."),
        ("Karawitan", ""),
    ]


def test_print_page_shows_the_figures_letterhead_and_signatures(data, kepala_client):
    response = kepala_client.get(URL, {"bulan": "2026-03"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "LAPORAN PELAKSANAAN PEMBINAAN KESENIAN" in content
    assert "Bulan Maret 2026" in content
    assert "Rumah Tahanan Negara Kelas IIB Magetan".upper() in content  # letterhead
    assert "Mengetahui," in content and "Razia blok hunian." in content
    assert "4 (80,0%)" in content  # Indonesian decimal comma


def test_an_invalid_month_falls_back_to_the_current_month(data, petugas_client, time_machine):
    time_machine.move_to("2026-03-20 10:00+07:00")
    response = petugas_client.get(URL, {"bulan": "bukan-bulan"})

    assert response.status_code == 200
    assert response.context["month"] == MARCH
    assert "format TTTT-BB" in response.content.decode()


def test_xlsx_holds_the_same_figures(data, kepala_client):
    response = kepala_client.get(URL, {"bulan": "2026-03", "format": "xlsx"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "laporan-program-2026-03.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook["Program"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "No.")
    header = rows[header_at]
    body = {r[1]: dict(zip(header, r, strict=True)) for r in rows[header_at + 1 :] if r[1]}
    assert body["Karawitan"]["Sesi direncanakan"] == 4
    assert body["Karawitan"]["Sesi terlaksana"] == 2
    assert body["Karawitan"]["Batal: Instruktur berhalangan"] == 1
    assert body["Karawitan"]["Peserta"] == 3
    assert body["Hadroh"]["Jenis instruktur"] == "Mitra"
    assert body["Tari"]["Instruktur"].startswith("Pelatih Tari")
    total = body["Jumlah"]
    assert (total["Sesi direncanakan"], total["Sesi terlaksana"], total["Peserta"]) == (9, 5, 5)
    assert total["Sesuai waktu layanan (%)"] == 80.0
    assert (total["Hadir"], total["Absensi tercatat"], total["Tingkat kehadiran (%)"]) == (
        7,
        11,
        63.6,
    )
    assert body["Hadroh"]["Tingkat kehadiran (%)"] == 66.7
    absences = dict(list(workbook["Ketidakhadiran"].iter_rows(values_only=True))[5:])
    assert absences == {
        "Sakit": 1,
        "Izin": 1,
        "Bon/sidang": 0,
        "Menolak": 1,
        "Bentrok": 0,
        "Lainnya": 1,
        "Jumlah": 4,
    }
    cancelled = [r for r in workbook["Sesi dibatalkan"].iter_rows(values_only=True)]
    assert ("Tari", "Situasi keamanan", "Razia blok hunian.") in [r[1:] for r in cancelled]


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, {"bulan": "2026-03"}).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_programs_and_sessions(
    data, kepala_client, django_assert_num_queries
):
    small = _queries(kepala_client)
    for _ in range(3):
        report_data.build()  # three more programs' worth of everything

    with django_assert_num_queries(small):
        kepala_client.get(URL, {"bulan": "2026-03"})


def test_on_time_needs_no_time_flag_and_each_flag_is_counted(data, kepala_client):
    """Sesuai waktu layanan: started within the tolerance, not over the slot, not too short."""
    sessions = data.sessions
    sessions["h1"].start_off_time = True  # e.g. started at 07:10 for a 09:00 slot
    sessions["h1"].save()
    sessions["h2"].too_short = True  # e.g. finished after one minute
    sessions["h2"].save()

    report = monthly_program_report(MARCH)
    hadroh = _by_name(report)["Hadroh"]
    totals = report["totals"]

    assert (hadroh["on_time"], hadroh["start_off_time"], hadroh["too_short"]) == (1, 1, 1)
    assert (totals["on_time"], totals["on_time_percent"]) == (2, 40.0)
    assert (totals["start_off_time"], totals["overran"], totals["too_short"]) == (1, 1, 1)
    page = kepala_client.get(URL, {"bulan": "2026-03"}).content.decode()
    assert 'mulai tidak tepat waktu <span id="flag-start">1</span>' in page
