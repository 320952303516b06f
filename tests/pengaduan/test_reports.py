"""The monthly recap (by channel, status, service, deadline compliance) and the register."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from pengaduan import services
from pengaduan.models import Channel, Status
from pengaduan.reports import monthly_recap
from rutan.months import Month
from tests.pengaduan.factories import make_complaint

WIB = ZoneInfo("Asia/Jakarta")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.fixture
def march(ulp, kepala, pejabat):
    cast = {"ulp": ulp, "kepala": kepala, "official": pejabat}
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        answered = make_complaint(Status.DIJAWAB, channel=Channel.EMAIL, **cast)
        make_complaint(Status.DITOLAK, channel=Channel.WHATSAPP, **cast)
        late = make_complaint(channel=Channel.WHATSAPP, **cast)
    with time_machine.travel(at("2026-03-10 09:00"), tick=False):
        services.verify_complaint(complaint=late, by=ulp)  # due 4 March: late
    with time_machine.travel(at("2026-04-01 09:00"), tick=False):
        make_complaint(channel=Channel.POS, **cast)  # another month
    return answered


def test_recap_counts_by_channel_status_and_service(march, ulp):
    recap = monthly_recap(Month(2026, 3), user=ulp)
    assert recap.received == 3
    assert dict(recap.by_channel)["WhatsApp"] == 2
    assert dict(recap.by_channel)["Email"] == 1
    assert dict(recap.by_channel)["Pos layanan pengaduan (langsung)"] == 0
    assert dict(recap.by_status)["Dijawab"] == 1 and dict(recap.by_status)["Ditolak"] == 1
    assert dict(recap.by_service)["Pembinaan Kesenian"] == 3


def test_recap_measures_deadline_compliance(march, ulp):
    recap = monthly_recap(Month(2026, 3), user=ulp)
    steps = {s.status: s for s in recap.steps}
    assert steps[Status.DITERIMA].total == 3  # verified x2, rejected x1
    assert steps[Status.DITERIMA].late == 1
    assert recap.totals.total == 7 and recap.totals.on_time == 6
    assert recap.reply_target_days == 13  # 3+2+2+5+1
    assert (recap.answered_on_time, recap.answered_late, recap.unanswered) == (1, 0, 2)


def test_recap_page_prints_and_exports(ulp_client, march):
    page = ulp_client.get(reverse("pengaduan:recap") + "?bulan=2026-03").content.decode()
    assert "REKAP PENGADUAN LAYANAN" in page and "MARET 2026" in page
    response = ulp_client.get(reverse("pengaduan:recap_xlsx") + "?bulan=2026-03")
    assert response["Content-Disposition"] == 'attachment; filename="rekap-pengaduan-2026-03.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Kanal",
        "Status",
        "Layanan",
        "Kepatuhan waktu",
        "Daftar pengaduan",
    ]
    assert march.number in str(list(workbook["Daftar pengaduan"].values))


def test_register_lists_the_month_in_order(ulp_client, march):
    page = ulp_client.get(reverse("pengaduan:register") + "?bulan=2026-03").content.decode()
    assert "BUKU REGISTER PENGADUAN" in page
    assert "ADU-2026-00001" in page and "ADU-2026-00003" in page
    assert "ADU-2026-00004" not in page  # April
    assert page.index("ADU-2026-00001") < page.index("ADU-2026-00003")
    response = ulp_client.get(reverse("pengaduan:register_xlsx") + "?bulan=2026-03")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert sum(1 for row in rows if row and str(row[1]).startswith("ADU-2026-")) == 3


def test_bad_month_falls_back_to_this_month(ulp_client, db):
    response = ulp_client.get(reverse("pengaduan:recap") + "?bulan=2026-13")
    assert response.status_code == 200
    assert "Bulan tidak sah" in response.content.decode()


def test_spreadsheet_never_runs_a_formula_from_the_public(ulp_client, ulp):
    complaint = make_complaint(ulp=ulp, description='=HYPERLINK("http://evil","klik") pengaduan')
    month = complaint.received_at.astimezone(WIB).strftime("%Y-%m")
    response = ulp_client.get(reverse("pengaduan:register_xlsx") + f"?bulan={month}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"


def test_report_query_count_does_not_grow(ulp_client, ulp, django_assert_max_num_queries):
    for _ in range(2):
        make_complaint(ulp=ulp)
    url = reverse("pengaduan:register") + "?bulan=" + datetime.now(WIB).strftime("%Y-%m")
    with django_assert_max_num_queries(20):
        ulp_client.get(url)
    for _ in range(5):
        make_complaint(ulp=ulp)
    with django_assert_max_num_queries(20):
        ulp_client.get(url)
