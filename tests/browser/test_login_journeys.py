"""Each role logs in through the real login form in Chromium and reaches its dashboard."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("persona", ["petugas", "kepala", "ulp", "pejabat", "admin_user"])
def test_role_logs_in_and_sees_dashboard(persona, request, login, live_server):
    user = request.getfixturevalue(persona)
    page = login(user)
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server.url}/masuk/")


def test_public_sees_service_standard(page, live_server, db):
    page.goto(live_server.url)
    expect(
        page.get_by_role("heading", name="Standar Pelayanan: Pembinaan Kesenian")
    ).to_be_visible()
    assert page.locator("link[href*='bootstrap.min.css']").count() == 1
    # The stylesheet is served by the app itself (no CDN).
    response = page.request.get(f"{live_server.url}/static/vendor/bootstrap/css/bootstrap.min.css")
    assert response.ok
