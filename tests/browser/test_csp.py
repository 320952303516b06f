"""The pages' scripts work under the Content-Security-Policy (docs/security.md): the complaint
form's anonymous toggle and code-image refresh run, a reply template is inserted into a draft,
and Chromium reports no violation."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from pengaduan.models import Status
from tests.pengaduan.factories import make_complaint

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_complaint_form_scripts_run_under_the_policy(page, live_server):
    cache.clear()  # rate-limit counters of earlier live-server tests
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/pengaduan/ajukan/")

    page.locator("input[name=identity_mode][value=anonim]").check()
    expect(page.locator("#id_reporter_name")).to_be_disabled()
    expect(page.locator("#anonymous-note")).to_be_visible()

    image = page.locator("img.captcha")
    before = image.get_attribute("src")
    page.get_by_role("button", name="Ganti gambar kode keamanan").click()
    expect(image).not_to_have_attribute("src", before, timeout=20_000)

    assert page.evaluate("window.cspViolations") == []


def test_reply_template_is_inserted_under_the_policy(page, live_server, login, pejabat):
    complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    page.add_init_script(RECORD_VIOLATIONS)
    login(pejabat)
    page.goto(f"{live_server.url}/pengaduan/{complaint.pk}/")
    draft = page.locator("#id_draf_klarifikasi_draft")
    draft.fill("Catatan awal.")
    page.get_by_role("button", name="Sisipkan").click()
    expect(draft).to_have_value(re.compile(rf"^Catatan awal\.\n\n.*{complaint.number}", re.S))
    assert page.url.endswith(f"/pengaduan/{complaint.pk}/")  # inserted here, no reload
    assert page.evaluate("window.cspViolations") == []
