"""The attendance recap of one program for one month: inmates × sessions with totals."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rutan.months import Month
from rutan.reports.attendance_recap import attendance_recap
from tests.rutan import report_data

MARCH = Month(2026, 3)
URL = reverse("report_attendance_recap")


@pytest.fixture
def data(db):
    return report_data.build()


def test_matrix_has_a_row_per_participant_and_a_column_per_session(data):
    recap = attendance_recap(data.programs["Karawitan"], MARCH)

    assert [s.date.day for s in recap["sessions"]] == [2, 9, 16, 23]
    assert [(inmate.name, cells) for inmate, cells in recap["rows"]] == [
        ("Adi", ["H", "H", "X", ""]),
        ("Budi", ["H", "I", "X", ""]),
        ("Candra", ["S", "", "", ""]),  # Dodi's allocation ended on 1 March: not listed
    ]


def test_totals_per_inmate_per_session_and_overall(data):
    recap = attendance_recap(data.programs["Karawitan"], MARCH)

    assert [(i.present, i.absent) for i, _ in recap["rows"]] == [(2, 0), (1, 1), (0, 1)]
    assert [s.present for s in recap["sessions"]] == [2, 1, 0, 0]
    assert recap["totals"] == {
        "present": 3,
        "absent": 2,
        "attendees": 2,
        "held": 2,
        "sessions": 4,
    }


def test_print_page_shows_the_matrix(data, kepala_client):
    program = data.programs["Karawitan"]
    response = kepala_client.get(URL, {"program": program.pk, "bulan": "2026-03"})

    content = response.content.decode()
    assert "Program Karawitan" in content and "Bulan Maret 2026" in content
    assert '<td class="cell">X</td>' in content
    assert "H</strong> = Hadir" in content


def test_without_a_program_the_page_asks_for_one(data, petugas_client):
    response = petugas_client.get(URL)

    assert response.status_code == 200
    assert response.context["recap"] is None
    assert "Pilih program dan bulan" in response.content.decode()


def test_unknown_program_is_404(data, petugas_client):
    assert petugas_client.get(URL, {"program": 999999}).status_code == 404
    assert petugas_client.get(URL, {"program": "abc"}).status_code == 404


def test_xlsx_holds_the_same_matrix(data, kepala_client):
    program = data.programs["Karawitan"]
    response = kepala_client.get(URL, {"program": program.pk, "bulan": "2026-03", "format": "xlsx"})

    assert "rekap-absensi-karawitan-2026-03.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[4] == (
        "No.",
        "Nama",
        "No. registrasi",
        "Blok/kamar",
        "02/03",
        "09/03",
        "16/03",
        "23/03",
        "Hadir",
        "Tidak hadir",
    )
    assert rows[5][1] == "Adi" and rows[5][4:] == ("H", "H", "X", None, 2, 0)
    assert rows[7][1] == "Candra" and rows[7][4:] == ("S", None, None, None, 0, 1)
    assert rows[8][1:] == ("Hadir per sesi", None, None, 2, 1, 0, 0, 3, 2)


def test_query_count_does_not_grow_with_participants(
    data, kepala_client, django_assert_num_queries
):
    program = data.programs["Karawitan"]
    params = {"program": program.pk, "bulan": "2026-03"}
    with CaptureQueriesContext(connection) as small:
        kepala_client.get(URL, params)
    from tests.pembinaan import planning_factories as f

    for _ in range(5):
        f.allocation(program_=program)

    with django_assert_num_queries(len(small.captured_queries)):
        response = kepala_client.get(URL, params)
    assert len(response.context["recap"]["rows"]) == 8
