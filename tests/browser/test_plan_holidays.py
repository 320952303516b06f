"""A December plan in Chromium: the holiday calendar (filled from the `holidays` library, plus
the cuti bersama an admin entered) makes the plan's preview skip 24 and 25 December and list
them; the Kepala UPT sees the same in the inbox."""

import pytest
import time_machine
from playwright.sync_api import Page, expect

from rutan.calendar import fill_national_holidays
from rutan.models import Holiday, HolidayKind
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def late_november():
    with time_machine.travel("2026-11-30 08:00 +0700", tick=True):
        yield


def test_plan_preview_skips_christmas(
    page: Page, login, live_server, petugas, kepala, late_november
):
    fill_national_holidays()  # as the daily timer does: 2026 and 2027
    Holiday.objects.create(
        date="2026-12-24", name="Cuti bersama Hari Raya Natal", kind=HolidayKind.CUTI_BERSAMA
    )
    program = f.program(by=petugas, name="Teater Akhir Tahun")

    login(petugas)
    page.goto(f"{live_server.url}/pembinaan/program/{program.pk}/")
    page.get_by_role("link", name="Rencana kerja baru").click()
    page.get_by_label("Periode mulai").fill("2026-12-01")
    page.get_by_label("Periode selesai").fill("2026-12-31")
    page.get_by_label("Tujuan").fill("Pementasan akhir tahun.")
    page.locator("#id_jadwal-0-weekday").select_option(label="Kamis")
    page.locator("#id_jadwal-0-start_time").fill("09:00")
    page.locator("#id_jadwal-1-weekday").select_option(label="Jumat")
    page.locator("#id_jadwal-1-start_time").fill("09:00")
    page.get_by_role("button", name="Simpan draf").click()

    # Thursdays 3, 10, 17, 31 and Fridays 4, 11, 18: 24 and 25 December are skipped.
    expect(page.get_by_text("Sesi yang direncanakan (7)")).to_be_visible()
    skipped = page.locator(".skipped-holidays")
    expect(skipped).to_contain_text("Dilewati karena hari libur (2)")
    expect(skipped).to_contain_text("Jum, 25 Des 2026: Hari Raya Natal")
    expect(skipped).to_contain_text("Kam, 24 Des 2026: Cuti bersama Hari Raya Natal")
    expect(page.locator(".planned-sessions")).not_to_contain_text("25 Des 2026")
    page.get_by_role("button", name="Ajukan ke Kepala UPT").click()
    expect(page.locator("#plan-status")).to_have_text("Diajukan")
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/")

    login(kepala)
    page.goto(f"{live_server.url}/pembinaan/rencana-kerja/kotak-masuk/")
    item = page.locator(".inbox-item", has_text="Teater Akhir Tahun")
    expect(item.locator(".skipped-holidays")).to_contain_text("Jum, 25 Des 2026: Hari Raya Natal")
