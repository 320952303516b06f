"""A petugas takes the attendance of a 40-participant session on the grid in a few clicks."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from absensi.models import Attendance, AttendanceStatus
from tests.pembinaan import planning_factories as pf

pytestmark = pytest.mark.browser


@pytest.fixture
def session_of_40(db):
    start = timezone.localtime() - timedelta(minutes=5)
    session = pf.session(day=start.date(), at=start.time().replace(microsecond=0))
    for i in range(40):
        inmate = pf.inmate(name=f"Peserta {i + 1:02d}", block="B", cell=str(i // 10 + 1))
        pf.allocation(
            program_=session.program, inmate_=inmate, start_date=start.date() - timedelta(days=30)
        )
    return session


def test_forty_participants_in_a_few_clicks(petugas, login, live_server, session_of_40):
    session = session_of_40
    page = login(petugas)
    page.get_by_role("link", name="Absensi", exact=True).click()
    page.get_by_role("link", name=session.program.name).click()  # 1
    assert page.locator("[data-row]").count() == 40

    page.get_by_role("button", name="Hadir semua").click()  # 2
    expect(page.get_by_text("40 WBP ditandai hadir.")).to_be_visible()

    page.get_by_label("Pilih Peserta 07").check()  # 3
    page.get_by_label("Pilih Peserta 31").check()  # 4
    page.get_by_label("Tandai terpilih sebagai").select_option(label="Sakit")  # 5
    page.get_by_role("button", name="Terapkan ke terpilih").click()  # 6
    expect(page.get_by_text("2 WBP ditandai Sakit.")).to_be_visible()

    row = page.locator("[data-row]", has_text="Peserta 12")
    row.get_by_text("Lainnya", exact=True).click()  # 7
    page.get_by_label("Keterangan Peserta 12").fill("Dipanggil ke klinik")  # 8
    page.get_by_role("button", name="Simpan absensi").click()  # 9
    expect(page.get_by_text("Absensi disimpan (1 perubahan).")).to_be_visible()

    statuses = dict(
        Attendance.objects.filter(session=session).values_list("inmate__name", "status")
    )
    assert len(statuses) == 40
    assert [n for n, s in statuses.items() if s == AttendanceStatus.SICK] == [
        "Peserta 07",
        "Peserta 31",
    ]
    assert statuses["Peserta 12"] == AttendanceStatus.OTHER
    assert sum(s == AttendanceStatus.PRESENT for s in statuses.values()) == 37
    expect(page.get_by_text("Belum dicatat: 0")).to_be_visible()


def test_lainnya_without_a_note_is_refused_in_the_browser(petugas, login, session_of_40):
    page = login(petugas)
    page.goto(page.url.replace("/dasbor/", f"/absensi/sesi/{session_of_40.pk}/"))

    page.locator("[data-row]", has_text="Peserta 01").get_by_text("Lainnya", exact=True).click()
    page.get_by_role("button", name="Simpan absensi").click()

    expect(page.get_by_text("Keterangan wajib diisi").first).to_be_visible()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "viewport", [{"width": 800, "height": 1280}, {"width": 1280, "height": 800}]
)
def test_forty_participants_on_a_tablet(viewport, petugas, login, session_of_40):
    """On a 10-inch tablet, either way round, the grid of 40 fits the screen's width (no
    sideways scrolling), its status buttons are touch-sized, and marking one works."""
    page = login(petugas)
    page.set_viewport_size(viewport)
    page.goto(page.url.replace("/dasbor/", f"/absensi/sesi/{session_of_40.pk}/"))
    assert page.locator("[data-row]").count() == 40

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    row = page.locator("[data-row]", has_text="Peserta 40")
    row.scroll_into_view_if_needed()
    button = row.get_by_text("Sakit", exact=True)
    box = button.bounding_box()
    assert box is not None and box["height"] >= 30 and box["width"] >= 30
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]

    button.click()
    page.get_by_role("button", name="Simpan absensi").click()
    expect(page.get_by_text("Absensi disimpan (1 perubahan).")).to_be_visible()
    assert Attendance.objects.get(inmate__name="Peserta 40").status == AttendanceStatus.SICK
