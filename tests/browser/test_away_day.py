"""A real day in Chromium: an inmate on BON (at court) is absent from the day's call-out list
and pre-marked on the attendance grid; the Kepala UPT overrides an eligibility refusal."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from absensi.models import Attendance, AttendanceStatus
from pembinaan import services
from pembinaan.models import Allocation
from tests.pembinaan import planning_factories as pf

pytestmark = pytest.mark.browser


@pytest.fixture
def session_with_bon(db, petugas):
    """A session that started five minutes ago; Bambang (A/10) is at court (BON)."""
    start = timezone.localtime() - timedelta(minutes=5)
    session = pf.session(day=start.date(), at=start.time().replace(microsecond=0))
    for name, cell in [("Bambang", "10"), ("Candra", "5"), ("Dimas", "6"), ("Eko", "11")]:
        pf.allocation(
            program_=session.program,
            inmate_=pf.inmate(name=name, block="A", cell=cell),
            start_date=start.date() - timedelta(days=30),
        )
    bambang = session.program.allocations.get(inmate__name="Bambang").inmate
    services.apply_status_change(inmates=[bambang], status="BON", by=petugas)
    return session


def test_bon_inmate_is_left_off_the_call_out_list_and_pre_marked(
    page: Page, login, petugas, session_with_bon
):
    session = session_with_bon
    login(petugas)
    page.get_by_role("button", name="Program & Sesi").click()
    page.get_by_role("link", name="Sesi hari ini").click()
    page.get_by_role("link", name="Daftar panggil sehari").click()

    called = page.locator("table.day-callout")
    expect(called).to_contain_text("Candra")
    names = called.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert names == ["Candra", "Dimas", "Eko"]  # cells 5, 6, 11: natural order, no Bambang
    apart = page.locator("table.callout-suspended")
    expect(apart).to_contain_text("Bambang")
    expect(apart).to_contain_text("Bon/sidang")
    page.emulate_media(media="print")  # for the officers who unlock the cells: A4
    expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.emulate_media(media="screen")

    page.goto(page.url.split("/pembinaan/")[0] + f"/absensi/sesi/{session.pk}/")
    row = page.locator("[data-row]", has_text="Bambang")
    expect(row.get_by_text("Ditangguhkan: Bon/sidang")).to_be_visible()
    expect(row.get_by_role("radio", name="Bon/sidang")).to_be_checked()
    page.get_by_role("button", name="Hadir semua").click()
    expect(page.get_by_text("4 WBP ditandai hadir.")).to_be_visible()
    statuses = dict(
        Attendance.objects.filter(session=session).values_list("inmate__name", "status")
    )
    assert statuses["Bambang"] == AttendanceStatus.BON
    assert sum(s == AttendanceStatus.PRESENT for s in statuses.values()) == 3

    # The session page says who is away on its date, as the lists above do; his page lists it.
    page.goto(page.url.split("/absensi/")[0] + f"/pembinaan/sesi/{session.pk}/")
    row = page.locator("tr.participant-suspended")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Bambang")
    expect(row).to_contain_text("Ditangguhkan: Bon/sidang")
    expect(page.locator("#suspended-count")).to_have_text("ditangguhkan 1")
    bambang = Allocation.objects.get(program=session.program, inmate__name="Bambang").inmate
    page.goto(page.url.split("/pembinaan/")[0] + f"/pembinaan/wbp/{bambang.pk}/")
    expect(page.locator("#penangguhan tr.suspension-row")).to_contain_text("Bon/sidang")


def test_kepala_overrides_an_eligibility_refusal(page: Page, login, kepala):
    program = pf.program(name="Tari Tahap Akhir", target_classes=["akhir"])
    pf.inmate(name="Sutrisno", block="D", cell="1")  # a tahanan
    login(kepala)
    page.goto(page.url.replace("/dasbor/", f"/pembinaan/program/{program.pk}/peserta/"))
    page.get_by_label("Cari WBP").fill("Sutrisno")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("Kelas Tahanan tidak termasuk sasaran program")).to_be_visible()

    page.get_by_label("Pilih Sutrisno").check()
    page.get_by_label("Alasan pengecualian syarat kelas").fill("Rekomendasi sidang TPP.")
    page.get_by_role("button", name="Tambahkan yang dipilih").click()

    expect(page.get_by_text("1 peserta ditambahkan: Sutrisno.")).to_be_visible()
    expect(page.get_by_text("Rekomendasi sidang TPP.")).to_be_visible()
    allocation = Allocation.objects.get(program=program)
    assert allocation.override_by == kepala
    assert allocation.override_reason == "Rekomendasi sidang TPP."
