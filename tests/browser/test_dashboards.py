"""Each role's dashboard draws its charts in Chromium (Chart.js served by the app)."""

import pytest

from tests.rutan import report_data

pytestmark = pytest.mark.browser

CHART_DRAWN = """(id) => {
    const canvas = document.querySelector(`canvas[data-chart="${id}"]`);
    return canvas !== null && Chart.getChart(canvas) !== undefined;
}"""

# Persona -> the charts their dashboard must draw (canvas data ids).
CHARTS = {
    "kepala": ["grafik-tren-data", "grafik-program-data", "grafik-kelas-data"],
    "petugas": ["grafik-tren-data", "grafik-program-data", "grafik-kelas-data"],
}


@pytest.fixture
def data(db, time_machine):
    time_machine.move_to("2026-03-20 10:00+07:00", tick=True)
    return report_data.build()


@pytest.mark.parametrize("persona", sorted(CHARTS))
def test_dashboard_charts_are_drawn(persona, data, request, login, live_server):
    page = login(request.getfixturevalue(persona))
    page.wait_for_function("typeof Chart !== 'undefined'")

    for chart_id in CHARTS[persona]:
        page.wait_for_function(CHART_DRAWN, arg=chart_id)
    assert page.evaluate("Chart.getChart(document.querySelector('canvas')) !== undefined")
    # The same numbers are in a table, opened from the chart.
    page.get_by_role("button", name="Tabel angka").first.click()
    table = page.locator("#grafik-tren-table")
    table.wait_for(state="visible")
    assert "Mar 26" in table.inner_text()


def test_chart_library_is_served_by_the_app(live_server, page, db):
    response = page.request.get(f"{live_server.url}/static/vendor/chartjs/chart.umd.min.js")
    assert response.ok
    assert page.request.get(f"{live_server.url}/static/js/charts.js").ok
