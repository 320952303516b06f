"""The satisfaction survey in Chromium: answered on a phone-sized screen, the kiosk's
thank-you screen returning to an empty form by itself, and the public standard page showing
the latest published index."""

from datetime import date

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from pengaduan.models import SurveyChannel, SurveyPeriod, SurveyResponse
from tests.pengaduan.survey_factories import make_responses

pytestmark = pytest.mark.browser

SLOW = 20_000
PHONE = {"width": 360, "height": 740}
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(autouse=True)
def _patient_expectations():
    expect.set_options(timeout=SLOW)
    yield
    expect.set_options(timeout=5_000)


def answer_every_question(page, choice: int) -> None:
    questions = page.get_by_test_id("skm-question")
    expect(questions).to_have_count(9)
    for i in range(9):
        questions.nth(i).locator("label").nth(choice - 1).click()


def test_survey_answered_on_a_phone(page, live_server, settings):
    settings.CAPTCHA_TEST_MODE = True  # the answer "PASSED" is accepted (tests only)
    cache.clear()  # rate-limit counters of earlier live-server tests
    page.set_viewport_size(PHONE)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/survei/")
    expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
    # One column, no sideways scrolling, answers big enough to tap.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    first = page.get_by_test_id("skm-question").first.locator("label").first
    assert first.bounding_box()["height"] >= 36
    assert first.bounding_box()["width"] >= PHONE["width"] * 0.7

    answer_every_question(page, 4)
    page.get_by_label("Usia").select_option(label="30–39 tahun")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Pendidikan terakhir").select_option(label="SMA/sederajat")
    page.get_by_label("Pekerjaan utama").select_option(label="Mengurus rumah tangga")
    page.get_by_label("Saran dan masukan (tidak wajib)").fill("Pentas seni dibuka untuk keluarga.")
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="Kirim jawaban").click()

    expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
    stored = SurveyResponse.objects.get()
    assert set(stored.scores().values()) == {4}
    assert stored.channel == SurveyChannel.ONLINE
    assert stored.suggestion == "Pentas seni dibuka untuk keluarga."
    assert page.evaluate("window.cspViolations") == []


def test_kiosk_returns_to_an_empty_form(page, live_server, login, settings, ulp):
    settings.PENGADUAN_SURVEY_KIOSK_RESET_SECONDS = 3
    cache.clear()
    page.set_viewport_size({"width": 800, "height": 1280})  # a tablet
    login(ulp)
    page.goto(f"{live_server.url}/survei/kiosk/aktifkan/")
    page.get_by_role("button", name="Aktifkan mode kios di perangkat ini").click()
    page.wait_for_url(f"{live_server.url}/survei/kiosk/")
    expect(page.get_by_role("link", name="Masuk petugas")).to_have_count(0)

    answer_every_question(page, 2)
    page.get_by_label("Usia").select_option(label="50–59 tahun")
    page.get_by_label("Laki-laki").check()
    page.get_by_label("Pendidikan terakhir").select_option(label="SMP/sederajat")
    page.get_by_label("Pekerjaan utama").select_option(label="Petani/nelayan/buruh")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_test_id("kiosk-thanks")).to_be_visible()

    # Back to a fresh form by itself, nothing chosen.
    page.wait_for_url(f"{live_server.url}/survei/kiosk/", timeout=SLOW)
    expect(page.get_by_test_id("skm-question")).to_have_count(9)
    assert page.locator("input:checked").count() == 0
    assert page.get_by_label("Usia").input_value() == ""
    assert SurveyResponse.objects.get().channel == SurveyChannel.KIOSK
    # Nothing of the answers in the browser's storage (htmx keeps only the last staff path).
    assert page.evaluate("window.localStorage.length") == 0
    assert set(page.evaluate("Object.keys(window.sessionStorage)")) <= {
        "htmx-current-path-for-history"
    }


def test_standard_page_shows_the_published_index(page, live_server, db):
    make_responses([32, 31, 29, 40, 33, 34, 36, 28, 30], 10, on=date(2026, 3, 10))
    SurveyPeriod.objects.create(year=2026, semester=1, published=True, published_on=date.today())
    page.set_viewport_size(PHONE)
    page.goto(live_server.url)
    expect(page.get_by_test_id("skm-index-value")).to_have_text("81,39")
    expect(page.get_by_test_id("skm-index-category")).to_contain_text("B · Baik")
    expect(page.get_by_test_id("skm-index")).to_contain_text("Semester I 2026 · 10 responden")
