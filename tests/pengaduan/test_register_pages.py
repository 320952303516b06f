"""The complaint register on screen is paged; printing and the XLSX keep the whole month."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pengaduan import services
from pengaduan.models import Channel, IdentityMode, Referral, ServiceCategory
from pengaduan.views import reports as report_views
from tests.pengaduan.factories import make_complaint

WIB = ZoneInfo("Asia/Jakarta")
REGISTER = reverse("pengaduan:register")


@pytest.fixture
def five_in_march(ulp, monkeypatch):
    monkeypatch.setattr(report_views, "REGISTER_PAGE_SIZE", 2)
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        return [make_complaint(ulp=ulp) for _ in range(5)]


def test_register_shows_one_page_numbered_from_its_first_row(ulp_client, five_in_march):
    first = ulp_client.get(REGISTER, {"bulan": "2026-03"}).content.decode()
    second = ulp_client.get(REGISTER, {"bulan": "2026-03", "halaman": "2"}).content.decode()
    numbers = [c.number for c in five_in_march]
    assert numbers[0] in first and numbers[1] in first and numbers[2] not in first
    assert numbers[2] in second and numbers[3] in second and numbers[0] not in second
    assert "<td>3</td>" in second  # the register's running number goes on
    assert "Halaman 2 dari 3" in second
    assert "semua=1" in first


def test_whole_month_for_printing_and_xlsx_keep_every_row(ulp_client, five_in_march):
    page = ulp_client.get(REGISTER, {"bulan": "2026-03", "semua": "1"}).content.decode()
    assert all(c.number in page for c in five_in_march)
    assert "<td>5</td>" in page and "Halaman" not in page
    response = ulp_client.get(reverse("pengaduan:register_xlsx"), {"bulan": "2026-03"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert sum(1 for row in rows if row and str(row[1]).startswith("ADU-")) == 5


def test_register_queries_do_not_grow_with_the_month(
    ulp_client, ulp, five_in_march, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as small:
        ulp_client.get(REGISTER, {"bulan": "2026-03"})
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=WIB), tick=False):
        for _ in range(5):
            make_complaint(ulp=ulp)
    with django_assert_num_queries(len(small.captured_queries)):
        ulp_client.get(REGISTER, {"bulan": "2026-03"})


def test_register_shows_the_lapor_id_the_referral_reference_and_the_merge(ulp_client, ulp):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=WIB), tick=False):
        main = make_complaint(ulp=ulp)
        duplicate = make_complaint(ulp=ulp)
        services.merge_complaint(duplicate=duplicate, main=main, by=ulp, reason="Sama.")
        referred = make_complaint(ulp=ulp)
        services.refer_complaint(
            complaint=referred,
            by=ulp,
            destination=Referral.LAPOR,
            reason="Kewenangan pusat.",
            reference="7654321",
        )
        intake = services.Intake(
            identity_mode=IdentityMode.ANONIM,
            service=ServiceCategory.objects.first(),
            description="Diteruskan dari SP4N-LAPOR!.",
            lapor_id="1234567",
        )
        services.log_complaint(
            intake=intake, channel=Channel.LAPOR, received_at=timezone.now(), by=ulp
        )
    page = ulp_client.get(REGISTER, {"bulan": "2026-03"}).content.decode()
    assert f"Digabung ke {main.number}: Sama." in page
    assert "Dirujuk ke SP4N-LAPOR! (nomor rujukan 7654321): Kewenangan pusat." in page
    assert "SP4N-LAPOR! (ID 1234567)" in page
    response = ulp_client.get(reverse("pengaduan:register_xlsx"), {"bulan": "2026-03"})
    cells = [
        c.value
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        for c in row
    ]
    assert f"Digabung ke {main.number}: Sama." in cells
    assert "SP4N-LAPOR! (ID 1234567)" in cells
