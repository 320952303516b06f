"""A petugas presses "Sinkronkan sekarang": the worker syncs the emulated terminal, and the device
page updates by itself with the counts in the message, the stored total and the run table."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from absensi.models import FingerprintDevice
from devtools.zk_emulator import DeviceState, ZKEmulator
from tests.absensi.conftest import device_now, wall_clock_offset
from tests.absensi.factories import device_users, make_inmate, punches

pytestmark = pytest.mark.browser

PINS = ["1042", "2077", "3105"]


@pytest.fixture
def terminal():
    state = DeviceState(
        users=device_users(PINS),
        attendance=punches(PINS, device_now() - timedelta(hours=2), 12),
        clock_offset=wall_clock_offset(),
    )
    with ZKEmulator(state, None, udp=True) as emulator:
        yield emulator


def test_sync_shows_its_counts_and_the_page_updates(
    petugas, login, live_server, task_worker, terminal
):
    device = FingerprintDevice.objects.create(
        name="Mesin Aula", ip_address="127.0.0.1", port=terminal.port
    )
    make_inmate("Agus Santoso", pin="1042")
    task_worker.start()
    page = login(petugas)
    page.goto(f"{live_server.url}/absensi/mesin/{device.pk}/")
    expect(page.get_by_text("Mesin ini belum pernah disinkronkan.")).to_be_visible()

    page.get_by_role("button", name="Sinkronkan sekarang").click()

    status = page.locator("#sync-status")
    expect(status).to_have_attribute("data-status", "berhasil", timeout=30_000)
    expect(status).to_contain_text("Berhasil: 12 catatan diambil, 12 baru, 0 duplikat")
    expect(status).to_contain_text("8 rekaman dengan PIN tak dikenal")
    expect(status).not_to_contain_text("0 catatan diambil, 0 baru")
    # The page reloaded itself: the stored total and the run table show the new run.
    expect(page.locator(".card", has_text="Rekaman tersimpan")).to_contain_text("12")
    row = page.locator("table tbody tr").first
    expect(row).to_contain_text("Berhasil")
    expect(row).to_contain_text("Berhasil: 12 catatan diambil, 12 baru, 0 duplikat")
