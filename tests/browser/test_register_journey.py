"""A petugas imports an SDP export through the UI, sees the preview, commits, finds an inmate."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EXPORT = (
    "no_registrasi;nama;status_hukum;status;blok;kamar;tanggal_penahanan;pidana_tahun\n"
    "B.I 123/2024;Budi Santoso;narapidana;AKTIF;A;3;01/01/2024;3\n"
    "a.ii 7/2025;Siti Aminah;tahanan;;W;1;2025-01-05;\n"
)


def test_petugas_imports_the_register_and_finds_an_inmate(petugas, login, live_server, task_worker):
    task_worker.start()
    page = login(petugas)
    page.get_by_role("link", name="Register WBP").click()
    page.get_by_role("link", name="Impor dari SDP").click()
    page.get_by_label("Berkas ekspor SDP").set_input_files(
        files=[{"name": "wbp.csv", "mimeType": "text/csv", "buffer": EXPORT.encode()}]
    )
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_text("2 baris siap diimpor")).to_be_visible()
    expect(
        page.get_by_role("cell", name="A.II 7/2025")
    ).to_be_visible()  # normalised in the preview

    page.get_by_role("button", name="Simpan impor").click()
    expect(page.get_by_text("Impor wbp.csv selesai: 2 baru")).to_be_visible()
    page.get_by_role("link", name="Buka register WBP").click()
    page.wait_for_url(f"{live_server.url}/pembinaan/wbp/")

    page.get_by_label("Cari nama, no. registrasi atau blok").fill("siti")
    page.get_by_role("button", name="Tampilkan", exact=True).click()
    page.get_by_role("link", name="Siti Aminah").click()
    expect(page.get_by_role("heading", name="Siti Aminah A.II 7/2025")).to_be_visible()
    expect(page.get_by_text("Kelas per")).to_be_visible()


def test_broken_file_is_refused_in_the_preview(petugas, login, task_worker):
    task_worker.start()
    page = login(petugas)
    page.goto(page.url.replace("/dasbor/", "/pembinaan/wbp/impor/"))
    broken = EXPORT.replace("01/01/2024", "31/02/2024").encode()
    page.get_by_label("Berkas ekspor SDP").set_input_files(
        files=[{"name": "wbp.csv", "mimeType": "text/csv", "buffer": broken}]
    )
    page.get_by_role("button", name="Periksa berkas").click()
    expect(page.get_by_text("Berkas tidak dapat diimpor: 1 kesalahan")).to_be_visible()
    expect(page.get_by_text("Tanggal tidak valid: '31/02/2024'")).to_be_visible()
    assert page.get_by_role("button", name="Simpan impor").count() == 0


def _big_register(rows):
    lines = ["NO;NO. REGISTRASI;NAMA WBP;STATUS HUKUM;BLOK;TGL PENAHANAN;LAMA PIDANA;PIN"]
    lines += [
        f"{n};B.I {n}/2024;WBP Nomor {n};narapidana;{'ABCD'[n % 4]};01/01/2024;2 Tahun 6 Bulan;{n}"
        for n in range(1, rows + 1)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_a_large_import_shows_its_progress_then_the_summary(petugas, login, task_worker):
    page = login(petugas)
    page.goto(page.url.replace("/dasbor/", "/pembinaan/wbp/impor/"))
    page.get_by_label("Berkas ekspor SDP").set_input_files(
        files=[{"name": "sdp.csv", "mimeType": "text/csv", "buffer": _big_register(5000)}]
    )
    page.get_by_role("button", name="Periksa berkas").click()
    # The request only queued the preview: the page waits for the worker, with a progress bar.
    expect(page.get_by_text("Menunggu pekerja latar belakang")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Kemajuan tugas")).to_be_visible()
    task_worker.start()
    expect(page.get_by_text("5.000 baris siap diimpor: 5.000 baru")).to_be_visible(timeout=60_000)

    page.get_by_role("button", name="Simpan impor").click()
    expect(page.get_by_text("Impor sdp.csv selesai: 5.000 baru")).to_be_visible(timeout=90_000)


def test_a_large_export_is_downloaded_from_its_link(
    petugas, login, task_worker, settings, tmp_path
):
    from pembinaan.models import Inmate

    settings.JOBS_INLINE_EXPORT_ROWS = 100
    Inmate.objects.bulk_create(
        Inmate(registration_number=f"B.I {n}/2024", name=f"WBP {n}", legal_status="narapidana")
        for n in range(1, 3001)
    )
    task_worker.start()
    page = login(petugas)
    page.get_by_role("link", name="Register WBP").click()
    page.get_by_role("link", name="Ekspor XLSX").click()
    page.get_by_role("button", name="Siapkan berkas XLSX").click()
    link = page.get_by_role("link", name="Unduh register-wbp-")
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "register.xlsx"
    download.value.save_as(path)
    from pembinaan.sdp import parse_sdp_file

    assert len(parse_sdp_file(path.read_bytes(), "register.xlsx").rows) == 3000
