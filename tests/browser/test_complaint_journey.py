"""The complaint desk end to end in Chromium: the public submits with an attachment and gets a
number and a code; ULP verifies and recommends; the Kepala UPT gives arahan to a pejabat; the
pejabat drafts; ULP publishes; the complainant opens the tracking page and reads the reply."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.pengaduan.factories import png_bytes

pytestmark = pytest.mark.browser

# The suite shares two cores with other work: allow slow page loads before failing.
SLOW = 20_000


@pytest.fixture(autouse=True)
def _patient_expectations():
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=5_000)


def log_out(page, live_server):
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server.url}/masuk/")


def open_complaint(page, live_server, number):
    page.goto(f"{live_server.url}/pengaduan/")
    page.get_by_role("link", name=number).first.click()
    expect(page.get_by_role("heading", name=re.compile(f"Pengaduan {number}"))).to_be_visible()


def test_complaint_journey(page, live_server, login, settings, tmp_path, ulp, kepala, pejabat):
    settings.CAPTCHA_TEST_MODE = True  # the answer "PASSED" is accepted (tests only)
    cache.clear()  # rate-limit counters of earlier live-server tests
    photo = tmp_path / "bukti.png"
    photo.write_bytes(png_bytes(size=(40, 30)))

    # The public submits a complaint with an attachment.
    page.goto(live_server.url)
    page.get_by_role("link", name="Ajukan pengaduan").first.click()
    page.get_by_label("Nama", exact=True).fill("Sri Wahyuni")
    page.get_by_label("Email", exact=True).fill("sri@example.com")
    page.get_by_label("Layanan yang diadukan").select_option(label="Pembinaan Kesenian")
    page.get_by_label("Apa yang terjadi?").fill(
        "Latihan karawitan hari Rabu dibatalkan tanpa pemberitahuan kepada keluarga."
    )
    page.get_by_label("Apa yang Anda harapkan?").fill("Jadwal diumumkan lebih awal.")
    page.get_by_label("Lampiran").set_input_files(photo)
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_label("Saya telah membaca pemberitahuan privasi").check()
    page.get_by_role("button", name="Kirim pengaduan").click()
    page.wait_for_url(f"{live_server.url}/pengaduan/ajukan/terkirim/")
    number = page.get_by_test_id("complaint-number").inner_text().strip()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"ADU-\d{4}-\d{5}", number)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    page.context.clear_cookies()

    # ULP verifies, reviews and recommends.
    login(ulp)
    open_complaint(page, live_server, number)
    expect(page.get_by_role("link", name=re.compile(r"lampiran-\d+\.png"))).to_be_visible()
    page.get_by_label("Catatan verifikasi").fill("Identitas dan uraian lengkap.")
    page.get_by_role("button", name="Verifikasi pengaduan").click()
    expect(page.get_by_text("Pengaduan diverifikasi.")).to_be_visible()
    page.get_by_label("Telaah").fill("Jadwal latihan berubah tanpa pengumuman.")
    page.get_by_label("Rekomendasi kepada Kepala UPT").fill("Minta Kasubsi memperbaiki jadwal.")
    page.get_by_role("button", name="Kirim rekomendasi ke Kepala UPT").click()
    expect(page.get_by_text("Rekomendasi dikirim kepada Kepala UPT.")).to_be_visible()
    log_out(page, live_server)

    # The Kepala UPT gives arahan and names the pejabat.
    login(kepala)
    expect(page.get_by_role("link", name=number).first).to_be_visible()  # dashboard queue (htmx)
    open_complaint(page, live_server, number)
    page.get_by_label("Pejabat terkait").select_option(label=str(pejabat))
    page.get_by_label("Arahan").fill("Perbaiki jadwal dan jelaskan kepada pelapor.")
    page.get_by_role("button", name="Berikan arahan").click()
    expect(page.get_by_text("Arahan diberikan; pejabat terkait diberi tahu.")).to_be_visible()
    log_out(page, live_server)

    # The pejabat records the correction and drafts the clarification.
    login(pejabat)
    open_complaint(page, live_server, number)
    expect(page.get_by_text("Sri Wahyuni")).to_be_visible()  # identified, not rahasia
    page.get_by_label("Perbaikan yang dilakukan").fill("Jadwal kini diumumkan tiap Senin.")
    page.get_by_label("Draf klarifikasi kepada pelapor").fill("Draf: jadwal sudah diperbaiki.")
    page.get_by_role("button", name="Kirim draf ke ULP").click()
    expect(
        page.get_by_text("Perbaikan dan draf klarifikasi dikirim kepada ULP untuk diperiksa.")
    ).to_be_visible()
    log_out(page, live_server)

    # ULP edits the draft and publishes it.
    login(ulp)
    open_complaint(page, live_server, number)
    reply = page.get_by_label("Jawaban yang diterbitkan")
    expect(reply).to_have_value("Draf: jadwal sudah diperbaiki.")
    reply.fill("Terima kasih. Jadwal latihan karawitan kini diumumkan setiap Senin di pos layanan.")
    page.get_by_role("button", name="Terbitkan jawaban").click()
    expect(page.get_by_text("Jawaban diterbitkan dan dapat dibaca pelapor")).to_be_visible()
    log_out(page, live_server)
    page.context.clear_cookies()

    # The complainant opens the tracking page with number and code and reads the reply.
    page.goto(live_server.url)
    page.get_by_role("link", name="Lacak pengaduan").first.click()
    page.get_by_label("Nomor pengaduan").fill(number)
    page.get_by_label("Kode pelacakan").fill(code)
    page.get_by_role("button", name="Lihat status").click()
    page.wait_for_url(f"{live_server.url}/pengaduan/lacak/{number}/")
    expect(page.get_by_test_id("status-text")).to_contain_text("sudah dijawab")
    expect(page.get_by_test_id("public-reply")).to_contain_text(
        "Jadwal latihan karawitan kini diumumkan setiap Senin"
    )
    expect(page.get_by_role("button", name="Ajukan sanggahan")).to_be_visible()
    body = page.content()
    assert "Draf: jadwal sudah diperbaiki." not in body
    assert "Sri Wahyuni" not in body and "sri@example.com" not in body
