"""The complaint desk's charts on the dashboard (ULP, pejabat, Kepala UPT)."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pengaduan.models import Channel, Status
from rutan.months import Month
from rutan.reports.complaints import complaint_charts
from tests.pengaduan.factories import make_complaint

WIB = ZoneInfo("Asia/Jakarta")
MARCH = Month(2026, 3)


@pytest.fixture
def complaints(db, time_machine):
    time_machine.move_to(datetime(2026, 3, 20, 10, 0, tzinfo=WIB))
    make_complaint(channel=Channel.WHATSAPP, received_at=datetime(2026, 3, 2, 9, tzinfo=WIB))
    make_complaint(channel=Channel.WHATSAPP, received_at=datetime(2026, 3, 1, 0, 30, tzinfo=WIB))
    make_complaint(
        Status.DITOLAK, channel=Channel.WEBSITE, received_at=datetime(2026, 3, 5, tzinfo=WIB)
    )
    # 29 Feb does not exist; 28 Feb 23:30 WIB is still February (and 16:30 UTC).
    make_complaint(channel=Channel.EMAIL, received_at=datetime(2026, 2, 28, 23, 30, tzinfo=WIB))


def _series(chart) -> dict:
    return dict(zip(chart["spec"]["labels"], chart["spec"]["datasets"][0]["data"], strict=True))


def test_month_by_channel_and_state_in_local_time(complaints, ulp):
    charts = complaint_charts(MARCH, user=ulp)

    assert charts["total"] == 3
    channels = _series(charts["channel"])
    assert channels["WhatsApp"] == 2 and channels["Website"] == 1 and channels["Email"] == 0
    states = _series(charts["status"])
    assert (states["Diterima"], states["Ditolak"], states["Selesai"]) == (2, 1, 0)


def test_trend_of_received_and_closed_complaints(complaints, ulp):
    trend = complaint_charts(MARCH, user=ulp)["trend"]["spec"]

    received, closed = (d["data"] for d in trend["datasets"])
    assert trend["labels"][-2:] == ["Feb 26", "Mar 26"]
    assert received[-2:] == [1, 3]
    assert closed[-1] == 1  # the rejected one was closed in March


@pytest.mark.parametrize("persona", ["ulp_client", "pejabat_client", "kepala_client"])
def test_complaint_roles_get_the_charts(complaints, persona, request):
    client = request.getfixturevalue(persona)
    # A pejabat's charts count the complaints assigned to him (the rule of his lists).
    make_complaint(Status.DITINDAKLANJUTI, official=request.getfixturevalue("pejabat"))
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert f'hx-get="{reverse("report_complaint_charts")}"' in dashboard

    panel = client.get(reverse("report_complaint_charts")).content.decode()
    data = panel.split('id="grafik-pengaduan-kanal-data" type="application/json">')[1]
    assert json.loads(data.split("<")[0])["datasets"][0]["label"] == "Pengaduan"


def test_petugas_pembinaan_has_no_complaint_charts(complaints, petugas_client):
    assert (
        "report_complaint_charts" not in petugas_client.get(reverse("dashboard")).content.decode()
    )
    assert petugas_client.get(reverse("report_complaint_charts")).status_code == 403


def test_query_count_does_not_grow(complaints, ulp_client, django_assert_num_queries):
    with CaptureQueriesContext(connection) as small:
        ulp_client.get(reverse("report_complaint_charts"))
    for _ in range(4):
        make_complaint(channel=Channel.INSTAGRAM)

    with django_assert_num_queries(len(small.captured_queries)):
        ulp_client.get(reverse("report_complaint_charts"))
