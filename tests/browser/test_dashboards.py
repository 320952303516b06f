"""Each role's dashboard draws its charts in Chromium (Chart.js served by the app).

The chart panels load with htmx after the page; each chart's canvas must get a Chart instance.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pembinaan.models import ArtForm
from pengaduan.models import Channel, ServiceCategory, Status
from tests.pengaduan.factories import make_complaint
from tests.rutan import report_data

pytestmark = pytest.mark.browser

CHART_DRAWN = """(id) => {
    const canvas = document.querySelector(`canvas[data-chart="${id}"]`);
    return canvas !== null && Chart.getChart(canvas) !== undefined;
}"""

GLANCE = ["grafik-tren-data", "grafik-program-data", "grafik-kelas-data"]
COMPLAINTS = ["grafik-pengaduan-kanal-data", "grafik-pengaduan-status-data"]
COMPLAINTS += ["grafik-pengaduan-tren-data"]
# Persona -> the charts their dashboard must draw (canvas data ids) and the table to open.
CHARTS = {
    "kepala": (GLANCE + COMPLAINTS, "grafik-tren"),
    "petugas": (GLANCE, "grafik-tren"),
    "ulp": (COMPLAINTS, "grafik-pengaduan-tren"),
    "pejabat": (COMPLAINTS, "grafik-pengaduan-tren"),
}


@pytest.fixture
def data(db, time_machine, pejabat):
    time_machine.move_to("2026-03-20 10:00+07:00", tick=True)
    # Browser tests flush the database between tests, seeded catalogues included.
    ArtForm.objects.get_or_create(code="karawitan", defaults={"name": "Karawitan"})
    ServiceCategory.objects.get_or_create(name="Pembinaan Kesenian")
    wib = ZoneInfo("Asia/Jakarta")
    for day, channel in [(2, Channel.WHATSAPP), (3, Channel.WEBSITE), (9, Channel.WHATSAPP)]:
        make_complaint(channel=channel, received_at=datetime(2026, 3, day, 9, tzinfo=wib))
    # A pejabat's charts count only what is assigned to him (the one visibility rule).
    make_complaint(
        Status.DITINDAKLANJUTI,
        official=pejabat,
        received_at=datetime(2026, 3, 10, 9, tzinfo=wib),
    )
    return report_data.build()


@pytest.mark.parametrize("persona", sorted(CHARTS))
def test_dashboard_charts_are_drawn(persona, data, request, login, live_server):
    charts, table_of = CHARTS[persona]
    page = login(request.getfixturevalue(persona))
    page.wait_for_function("typeof Chart !== 'undefined'")

    for chart_id in charts:
        page.wait_for_function(CHART_DRAWN, arg=chart_id)
    assert page.evaluate("Chart.getChart(document.querySelector('canvas')) !== undefined")
    # The same numbers are in a table, opened from the chart.
    page.locator(f"[data-bs-target='#{table_of}-table']").click()
    table = page.locator(f"#{table_of}-table")
    table.wait_for(state="visible")
    assert "Mar 26" in table.inner_text()


def test_chart_library_is_served_by_the_app(live_server, page, db):
    response = page.request.get(f"{live_server.url}/static/vendor/chartjs/chart.umd.min.js")
    assert response.ok
    assert page.request.get(f"{live_server.url}/static/js/charts.js").ok
