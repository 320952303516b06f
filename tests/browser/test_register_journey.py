"""A petugas imports an SDP export through the UI, sees the preview, commits, finds an inmate."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EXPORT = (
    "no_registrasi;nama;status_hukum;status;blok;kamar;tanggal_penahanan;pidana_tahun\n"
    "B.I 123/2024;Budi Santoso;narapidana;AKTIF;A;3;01/01/2024;3\n"
    "a.ii 7/2025;Siti Aminah;tahanan;;W;1;2025-01-05;\n"
)


def test_petugas_imports_the_register_and_finds_an_inmate(petugas, login, live_server):
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
    page.wait_for_url(f"{live_server.url}/pembinaan/wbp/")
    expect(page.get_by_text("Impor wbp.csv selesai: 2 baru")).to_be_visible()

    page.get_by_label("Cari nama, no. registrasi atau blok").fill("siti")
    page.get_by_role("button", name="Tampilkan", exact=True).click()
    page.get_by_role("link", name="Siti Aminah").click()
    expect(page.get_by_role("heading", name="Siti Aminah A.II 7/2025")).to_be_visible()
    expect(page.get_by_text("Kelas per")).to_be_visible()


def test_broken_file_is_refused_in_the_preview(petugas, login):
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
