"""The daily attendance summary: per session present, absent by reason, not yet recorded."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pembinaan.models import SessionStatus
from rutan.reports.daily_attendance import daily_attendance
from tests.rutan import report_data

URL = reverse("report_daily_attendance")
NINTH = date(2026, 3, 9)


@pytest.fixture
def data(db):
    return report_data.build()


def test_each_session_shows_participants_statuses_and_what_is_missing(data):
    rows = {s.program.name: s for s in daily_attendance(NINTH)["rows"]}

    k, h = rows["Karawitan"], rows["Hadroh"]
    assert (k.participants, k.recorded, k.n_hadir, k.n_izin, k.not_recorded) == (3, 2, 1, 1, 1)
    assert (h.participants, h.recorded, h.n_hadir, h.n_menolak, h.not_recorded) == (2, 2, 1, 1, 0)


def test_totals_of_the_day(data):
    totals = daily_attendance(NINTH)["totals"]

    assert totals["sessions"] == 2
    assert (totals["participants"], totals["recorded"], totals["not_recorded"]) == (5, 4, 1)
    assert (totals["n_hadir"], totals["n_izin"], totals["n_menolak"], totals["n_sakit"]) == (
        2,
        1,
        1,
        0,
    )


def test_a_cancelled_session_has_nothing_left_to_record(data):
    (session,) = daily_attendance(date(2026, 3, 16))["rows"]

    assert session.status == SessionStatus.CANCELLED
    assert (session.participants, session.n_dibatalkan, session.not_recorded) == (2, 2, 0)


def test_a_day_without_sessions_has_zero_totals(data):
    report = daily_attendance(date(2026, 3, 1))

    assert report["rows"] == []
    assert report["totals"]["participants"] == 0


def test_print_page_and_default_day(data, petugas_client, time_machine):
    time_machine.move_to("2026-03-09 15:00+07:00")
    response = petugas_client.get(URL)

    content = response.content.decode()
    assert response.context["day"] == NINTH
    assert "RINGKASAN ABSENSI HARIAN PEMBINAAN KESENIAN" in content
    assert "Senin, 9 Maret 2026" in content
    assert "Jumlah (2 sesi)" in content


def test_xlsx_holds_the_same_figures(data, kepala_client):
    response = kepala_client.get(URL, {"tanggal": "2026-03-09", "format": "xlsx"})

    assert "absensi-harian-2026-03-09.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[4]
    body = {r[1]: dict(zip(header, r, strict=True)) for r in rows[5:]}
    assert body["Karawitan"]["Peserta"] == 3
    assert body["Karawitan"]["Izin"] == 1
    assert body["Karawitan"]["Belum dicatat"] == 1
    assert body["Hadroh"]["Jam"] == "13:00"
    assert (
        body["Jumlah"]["Peserta"],
        body["Jumlah"]["Hadir"],
        body["Jumlah"]["Belum dicatat"],
    ) == (
        5,
        2,
        1,
    )


def test_query_count_does_not_grow(data, kepala_client, django_assert_num_queries):
    with CaptureQueriesContext(connection) as small:
        kepala_client.get(URL, {"tanggal": "2026-03-09"})
    for _ in range(3):
        report_data.build()

    with django_assert_num_queries(len(small.captured_queries)):
        response = kepala_client.get(URL, {"tanggal": "2026-03-09"})
    assert len(response.context["report"]["rows"]) == 8
