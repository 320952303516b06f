"""Per-inmate monthly participation in arts activities (SPPN), by block and class."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from rutan.months import Month
from rutan.reports.participation import participation_rows, participation_totals
from tests.rutan import report_data

MARCH = Month(2026, 3)
URL = reverse("report_participation")
ON = date(2026, 3, 31)


@pytest.fixture
def data(db):
    return report_data.build()


def _figures(**filters):
    return [
        (i.name, i.programs, i.present, i.absent)
        for i in participation_rows(MARCH, on=ON, **filters)
    ]


def test_each_participant_has_sessions_attended_and_missed(data):
    assert _figures() == [
        ("Adi", 2, 5, 0),
        ("Budi", 1, 1, 1),
        ("Candra", 1, 0, 1),
        ("Eko", 1, 1, 2),
        ("Fajar", 1, 0, 0),  # present only at a session still running
    ]


def test_totals_and_the_sppn_target(data):
    totals = participation_totals(MARCH, on=ON)

    assert totals == {"inmates": 5, "present": 7, "absent": 4, "reaching_target": 1, "target": 4}


def test_filters_by_block_and_class(data):
    assert [row[0] for row in _figures(block="A")] == ["Adi", "Budi"]
    assert [row[0] for row in _figures(klass="awal")] == ["Adi", "Eko"]
    assert [row[0] for row in _figures(block="B", klass="tahanan")] == ["Candra"]


def test_page_filters_and_paginates(data, petugas_client, settings):
    settings.REPORT_PAGE_SIZE = 2
    response = petugas_client.get(URL, {"bulan": "2026-03", "blok": "A"})

    content = response.content.decode()
    assert [i.name for i in response.context["page"]] == ["Adi", "Budi"]
    assert "Bulan Maret 2026 · Blok A" in content
    assert "Tahap Awal" in content

    page2 = petugas_client.get(URL, {"bulan": "2026-03", "halaman": 3})
    assert [i.name for i in page2.context["page"]] == ["Fajar"]


def test_xlsx_holds_every_row_whatever_the_page_size(data, kepala_client, settings):
    settings.REPORT_PAGE_SIZE = 2
    response = kepala_client.get(URL, {"bulan": "2026-03", "format": "xlsx"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[4]
    body = {r[1]: dict(zip(header, r, strict=True)) for r in rows[5:]}
    assert set(body) == {"Adi", "Budi", "Candra", "Eko", "Fajar", "Jumlah 5 WBP"}
    assert (body["Adi"]["Sesi dihadiri"], body["Adi"]["Mencapai 4 sesi"]) == (5, "Ya")
    assert body["Candra"]["Kelas"] == "Tahanan"
    total = body["Jumlah 5 WBP"]
    assert (total["Sesi dihadiri"], total["Tidak hadir"], total["Mencapai 4 sesi"]) == (7, 4, 1)


def test_an_unknown_block_is_ignored_with_a_message(data, kepala_client):
    response = kepala_client.get(URL, {"bulan": "2026-03", "blok": "Z"})

    assert response.context["month"] == MARCH
    assert response.context["totals"]["inmates"] == 5


def test_query_count_does_not_grow(data, kepala_client, django_assert_num_queries):
    params = {"bulan": "2026-03"}
    with CaptureQueriesContext(connection) as small:
        kepala_client.get(URL, params)
    for _ in range(3):
        report_data.build()

    with django_assert_num_queries(len(small.captured_queries)):
        response = kepala_client.get(URL, params)
    assert response.context["totals"]["inmates"] == 20
