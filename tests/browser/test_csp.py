"""The pages' scripts work under the Content-Security-Policy (docs/security.md): the complaint
form's anonymous toggle and code-image refresh run, and Chromium reports no violation."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

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
