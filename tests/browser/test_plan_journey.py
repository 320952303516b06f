"""Acceptance point 1 of the programs issue, in Chromium: program → work plan → returned →
revised → approved → sessions → participants (one refused) → session run and results →
call-out list and work plan printed."""

import pytest
import time_machine
from playwright.sync_api import Page, expect

from pembinaan.models import ArtForm, Program, Session, SessionStatus, WorkPlanStatus
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.browser

# A Monday morning, before the 09:00 slot (server time; the browser keeps its own clock).
NOW = "2027-03-01 07:00 +0700"


@pytest.fixture
def monday_morning():
    with time_machine.travel(NOW, tick=True):
        yield


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url("**/masuk/")


def assert_prints_cleanly(page: Page) -> None:
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
    expect(page.locator(".letterhead")).to_contain_text("RUMAH TAHANAN NEGARA KELAS IIB MAGETAN")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.emulate_media(media="screen")


def test_plan_journey(page: Page, login, live_server, petugas, kepala, monday_morning):
    # The live server's database is flushed between tests: the seeded catalogue may be gone.
    ArtForm.objects.get_or_create(code="karawitan", defaults={"name": "Karawitan"})
    f.venue(name="Pendopo Seni")
    f.inmate(name="Sutrisno", block="D", cell="1")
    f.narapidana(klass="awal", name="Wahyudi", block="D", cell="2")
    f.narapidana(klass="akhir", name="Yanto", block="D", cell="2")
    url = live_server.url

    # A petugas creates a program ...
    login(petugas)
    page.goto(f"{url}/pembinaan/program/baru/")
    page.get_by_label("Nama program").fill("Karawitan Pagi")
    page.get_by_label("Cabang seni").select_option(label="Karawitan")
    page.get_by_label("Tempat").select_option(label="Pendopo Seni")
    page.get_by_label("Kapasitas peserta").fill("10")
    page.get_by_label("Tahanan", exact=True).check()
    page.get_by_label("Tahap Awal", exact=True).check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Karawitan Pagi")).to_be_visible()
    expect(page.get_by_text("45 menit")).to_be_visible()

    # ... and a work plan, sees its planned sessions, and submits it.
    page.get_by_role("link", name="Rencana kerja baru").click()
    page.get_by_label("Periode mulai").fill("2027-03-01")
    page.get_by_label("Periode selesai").fill("2027-03-31")
    page.get_by_label("Tujuan").fill("Menguasai gending dasar.")
    page.get_by_label("Tanggal yang dilewati").fill("15-03-2027 Kunjungan Kanwil")
    page.locator("#id_jadwal-0-weekday").select_option(label="Senin")
    page.locator("#id_jadwal-0-start_time").fill("09:00")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Sesi yang direncanakan (4)")).to_be_visible()  # 1, 8, 22, 29
    page.get_by_role("button", name="Ajukan ke Kepala UPT").click()
    expect(page.locator("#plan-status")).to_have_text("Diajukan")
    plan_url = page.url
    log_out(page)

    # The Kepala UPT returns it with a note from the inbox.
    login(kepala)
    page.get_by_role("link", name="Buka kotak keputusan").click()
    item = page.locator(".inbox-item", has_text="Rencana kerja Karawitan Pagi")
    expect(item.get_by_text("Sen, 1 Mar 2027 09:00")).to_be_visible()
    item.get_by_placeholder("Catatan/alasan").fill("Tambahkan target yang terukur.")
    item.get_by_role("button", name="Kembalikan").click()
    expect(page.get_by_text("Rencana kerja dikembalikan untuk perbaikan.")).to_be_visible()
    log_out(page)

    # The petugas sees it returned on the dashboard, revises and resubmits.
    login(petugas)
    page.get_by_role("link", name="Rencana kerja Karawitan Pagi").click()
    expect(page.locator(".alert-info")).to_contain_text("Tambahkan target yang terukur.")
    page.get_by_role("link", name="Ubah").click()
    page.get_by_label("Tujuan").fill("Peserta memainkan 3 gending dasar di akhir bulan.")
    page.get_by_role("button", name="Simpan draf").click()
    page.get_by_role("button", name="Ajukan ke Kepala UPT").click()
    expect(page.locator("#plan-status")).to_have_text("Diajukan")
    log_out(page)

    # The Kepala UPT approves it in one click; the sessions appear.
    login(kepala)
    page.goto(f"{url}/pembinaan/rencana-kerja/kotak-masuk/")
    page.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("Tidak ada rencana kerja yang menunggu keputusan.")).to_be_visible()
    page.goto(plan_url)
    expect(page.locator("#plan-status")).to_have_text("Disetujui")
    assert Session.objects.filter(program__name="Karawitan Pagi").count() == 4
    log_out(page)

    # Participants: two allocated, one refused with its reason.
    login(petugas)
    program = Program.objects.get(name="Karawitan Pagi")
    page.goto(f"{url}/pembinaan/program/{program.pk}/peserta/")
    page.get_by_placeholder("Nama, no. registrasi atau blok").fill("D")
    page.get_by_role("button", name="Cari").click()
    for name in ["Sutrisno", "Wahyudi", "Yanto"]:
        page.get_by_label(f"Pilih {name}").check()
    page.get_by_role("button", name="Tambahkan yang dipilih").click()
    expect(page.get_by_text("2 peserta ditambahkan: Sutrisno, Wahyudi.")).to_be_visible()
    expect(
        page.get_by_text("Kelas Tahap Akhir tidak termasuk sasaran program (Tahanan, Tahap Awal).")
    ).to_be_visible()

    # Today's session: start, finish, record the results.
    page.goto(f"{url}/pembinaan/sesi/")
    page.get_by_role("link", name="Karawitan Pagi").click()
    page.get_by_role("button", name="Mulai sesi").click()
    expect(page.locator("#session-status")).to_have_text("Berlangsung")
    page.get_by_role("button", name="Selesaikan sesi").click()
    expect(page.locator("#session-status")).to_have_text("Selesai")
    page.get_by_role("link", name="Catat hasil").click()
    page.get_by_label("Ringkasan kegiatan").fill("Latihan Lancaran Manyar Sewu.")
    page.locator("input[name='peserta-0-score']").fill("85")
    page.locator("select[name='peserta-1-predicate']").select_option(label="Baik")
    page.get_by_role("button", name="Simpan hasil").click()
    expect(page.get_by_text("Hasil sesi disimpan.")).to_be_visible()
    expect(page.get_by_text("Latihan Lancaran Manyar Sewu.")).to_be_visible()
    session = Session.objects.get(program=program, date="2027-03-01")
    assert session.status == SessionStatus.FINISHED and not session.overran
    assert sorted(r.score or 0 for r in session.participant_results.all()) == [0, 85]

    # The call-out list and the work plan print cleanly.
    page.get_by_role("link", name="Daftar panggil").click()
    expect(page.get_by_text("Blok D")).to_be_visible()
    expect(page.get_by_text("Jumlah peserta: 2 orang.")).to_be_visible()
    assert_prints_cleanly(page)
    page.goto(plan_url)
    page.get_by_role("link", name="Cetak").click()
    sign = page.locator("#approval-signature")
    expect(sign).to_contain_text("Mengetahui,")
    expect(sign).to_contain_text("Kepala Rutan")
    expect(sign).to_contain_text(str(kepala))
    expect(sign).to_contain_text("1 Maret 2027")
    assert_prints_cleanly(page)
    assert program.plans.get().approved_revision.status == WorkPlanStatus.APPROVED
