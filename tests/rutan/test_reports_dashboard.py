"""The month at a glance on the dashboard (Kepala UPT, petugas pembinaan) and its charts."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rutan.months import Month
from rutan.reports.glance import month_glance
from tests.rutan import report_data

MARCH = Month(2026, 3)


@pytest.fixture
def data(db, time_machine):
    time_machine.move_to("2026-03-20 10:00+07:00")
    return report_data.build()


def test_month_figures_count_held_against_planned_to_date(data):
    figures = month_glance(MARCH, today=date(2026, 3, 20))["figures"]

    assert (figures["planned"], figures["planned_to_date"], figures["held"]) == (9, 8, 5)
    assert figures["held_to_date_percent"] == 62.5
    assert (figures["cancelled"], figures["on_time"], figures["on_time_percent"]) == (2, 4, 80.0)
    assert (figures["present"], figures["recorded"], figures["attendance_percent"]) == (7, 11, 63.6)


def test_trend_covers_twelve_months_with_zeros_for_empty_ones(data):
    trend = month_glance(MARCH)["trend"]

    assert trend["labels"][0] == "Apr 25" and trend["labels"][-1] == "Mar 26"
    assert trend["planned"] == [0] * 10 + [1, 9]
    assert trend["held"] == [0] * 10 + [1, 5]
    assert trend["on_time_percent"][-2:] == [100.0, 80.0]
    assert trend["on_time_percent"][0] is None
    assert trend["attendance_percent"][-2:] == [100.0, 63.6]


def test_programs_and_classes_of_the_month(data):
    glance = month_glance(MARCH)

    assert glance["by_program"]["labels"] == ["Karawitan", "Hadroh", "Tari"]
    assert glance["by_program"]["held"] == [2, 3, 0]
    classes = dict(zip(glance["by_class"]["labels"], glance["by_class"]["values"], strict=True))
    assert classes == {
        "Tahanan": 1,
        "Tahap Awal": 2,
        "Tahap Lanjutan Pertama": 1,
        "Tahap Lanjutan Kedua": 0,
        "Tahap Akhir": 1,
    }


@pytest.mark.parametrize("persona", ["kepala_client", "petugas_client", "admin_client_"])
def test_reporting_roles_get_the_glance_placeholder_and_chart_library(data, persona, request):
    response = request.getfixturevalue(persona).get(reverse("dashboard"))

    content = response.content.decode()
    assert f'hx-get="{reverse("report_glance_panel")}"' in content
    assert "Sekilas bulan Maret 2026" in content
    assert "vendor/chartjs/chart.umd.min.js" in content


def test_glance_panel_sends_the_chart_data(data, kepala_client):
    content = kepala_client.get(reverse("report_glance_panel")).content.decode()

    assert "63,6%" in content  # attendance rate
    spec = json.loads(
        content.split('id="grafik-tren-data" type="application/json">')[1].split("<")[0]
    )
    assert spec["datasets"][0] == {"label": "Direncanakan", "data": [0] * 10 + [1, 9]}


@pytest.mark.parametrize("persona", ["ulp_client", "pejabat_client"])
def test_complaint_roles_do_not_see_the_programs_glance(data, persona, request):
    response = request.getfixturevalue(persona).get(reverse("dashboard"))

    assert "Sekilas bulan" not in response.content.decode()


@pytest.mark.parametrize("name", ["dashboard", "report_glance_panel"])
def test_query_count_does_not_grow(data, name, kepala_client, django_assert_num_queries):
    with CaptureQueriesContext(connection) as small:
        kepala_client.get(reverse(name))
    for _ in range(3):
        report_data.build()

    with django_assert_num_queries(len(small.captured_queries)):
        kepala_client.get(reverse(name))
