"""The monthly recap (by channel, status, service, deadline compliance) and the register."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from pengaduan import services
from pengaduan.models import OPEN_STATES, Channel, Complaint, Status
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
    assert (recap.answered_on_time, recap.answered_late, recap.unanswered) == (1, 0, 1)
    assert recap.rejected == 1  # in its own row, not "belum dijawab"


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
        "Waktu jawaban",
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


# --- Closed without a reply: each in its own row, never "belum dijawab" ----------------------


@pytest.fixture
def closed_in_march(ulp, kepala, pejabat):
    """March 2026: one answered, one open with the pejabat, one open at ULP, and one each
    rejected, referred, merged and withdrawn (nothing in other months)."""
    cast = {"ulp": ulp, "kepala": kepala, "official": pejabat}
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        make_complaint(Status.DIJAWAB, **cast)
        make_complaint(Status.DITINDAKLANJUTI, **cast)
        main = make_complaint(**cast)
        make_complaint(Status.DITOLAK, **cast)
        make_complaint(Status.DIRUJUK, **cast)
        duplicate = make_complaint(**cast)
        services.merge_complaint(duplicate=duplicate, main=main, by=ulp, reason="Sama.")
        waiting = make_complaint(Status.PERLU_KELENGKAPAN, **cast)
    with time_machine.travel(at("2026-04-20 09:00"), tick=False):
        services.withdraw_incomplete(complaint=waiting, today=date(2026, 4, 20))


def test_recap_counts_rejected_referred_merged_and_withdrawn_apart(closed_in_march, ulp):
    recap = monthly_recap(Month(2026, 3), user=ulp)
    assert (recap.answered_on_time, recap.answered_late) == (1, 0)
    assert (recap.rejected, recap.referred, recap.merged, recap.withdrawn) == (1, 1, 1, 1)
    assert recap.unanswered == 2  # only the two still open
    assert sum(n for _, n in recap.reply_rows) == recap.received == 7


@pytest.mark.parametrize("persona", ["ulp", "pejabat", "kepala"])
def test_recap_rows_match_the_list_filtered_by_status(closed_in_march, persona, request):
    user = request.getfixturevalue(persona)
    client = request.getfixturevalue(f"{persona}_client")
    recap = monthly_recap(Month(2026, 3), user=user)
    listed = {}
    for status in (Status.DITOLAK, Status.DIRUJUK, Status.DIGABUNG, Status.DICABUT):
        page = client.get(reverse("pengaduan:complaint_list"), {"status": status})
        listed[status] = page.context["page"].paginator.count
    assert listed == {
        Status.DITOLAK: recap.rejected,
        Status.DIRUJUK: recap.referred,
        Status.DIGABUNG: recap.merged,
        Status.DICABUT: recap.withdrawn,
    }
    still_open = Complaint.objects.visible_to(user).filter(status__in=OPEN_STATES)
    assert recap.unanswered == still_open.filter(answered_at=None).count()


def test_recap_page_and_xlsx_show_the_closed_rows(closed_in_march, ulp_client):
    page = ulp_client.get(reverse("pengaduan:recap") + "?bulan=2026-03").content.decode()
    for label in ("Ditolak", "Dirujuk ke instansi lain", "Digabung (duplikat)", "Dicabut"):
        assert label in page
    assert "Belum dijawab (masih diproses)" in page
    response = ulp_client.get(reverse("pengaduan:recap_xlsx") + "?bulan=2026-03")
    sheet = load_workbook(io.BytesIO(response.content))["Waktu jawaban"]
    rows = {row[0]: row[1] for row in sheet.values if row and row[0]}
    assert rows["Ditolak"] == 1 and rows["Dirujuk ke instansi lain"] == 1
    assert rows["Digabung (duplikat)"] == 1 and rows["Dicabut"] == 1
    assert rows["Belum dijawab (masih diproses)"] == 2 and rows["Jumlah"] == 7
