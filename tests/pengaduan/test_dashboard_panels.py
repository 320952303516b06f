"""Dashboard panels: each actor's queue with due dates and flags; the month by channel/state.

The dashboard holds placeholders that htmx fills from the panels' own URLs.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pengaduan.models import Status
from tests.pengaduan.factories import bulk_complaints, make_complaint

QUEUE = reverse("pengaduan:queue_panel")
MONTH = reverse("pengaduan:month_panel")


def test_dashboard_holds_the_panel_placeholders(ulp_client, petugas_client):
    page = ulp_client.get(reverse("dashboard")).content.decode()
    assert f'hx-get="{QUEUE}"' in page and f'hx-get="{MONTH}"' in page
    other = petugas_client.get(reverse("dashboard")).content.decode()
    assert QUEUE not in other and MONTH not in other


def test_ulp_panel_shows_the_queue_with_flags(ulp_client, ulp):
    late = bulk_complaints(1, status=Status.DITERIMA, start=1)[0]
    late.due_date = late.due_date.replace(year=2020)
    late.save()
    fresh = make_complaint(ulp=ulp)
    page = ulp_client.get(QUEUE).content.decode()
    assert "Antrean pengaduan saya" in page
    assert late.number in page and fresh.number in page
    assert "1 terlambat" in page and "Terlambat" in page


def test_kepala_panel_lists_overdue_items_of_every_actor(kepala_client, pejabat):
    late = bulk_complaints(1, status=Status.DITINDAKLANJUTI, official=pejabat, start=1)[0]
    late.due_date = late.due_date.replace(year=2020)
    late.save()
    page = kepala_client.get(QUEUE).content.decode()
    assert "Terlambat di semua tahap" in page and late.number in page


def test_pejabat_panel_shows_their_assignments(pejabat_client, pejabat):
    mine = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    page = pejabat_client.get(QUEUE).content.decode()
    assert mine.number in page and "Terlambat di semua tahap" not in page


def test_month_panel_counts_by_channel_and_state(kepala_client, db):
    make_complaint(channel="email")
    make_complaint("ditolak", channel="email")
    page = kepala_client.get(MONTH).content.decode()
    assert "2 diterima" in page
    assert "<td>Email</td><td>2</td>" in page and "<td>Ditolak</td><td>1</td>" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["ulp", "kepala", "pejabat"])
def test_panels_and_dashboard_keep_their_query_count(persona, request, pejabat):
    client = request.getfixturevalue(f"{persona}_client")
    status = {
        "ulp": Status.DITERIMA,
        "kepala": Status.MENUNGGU_ARAHAN,
        "pejabat": Status.DITINDAKLANJUTI,
    }[persona]
    bulk_complaints(2, status=status, official=pejabat, start=1)
    small = [_queries(client, url) for url in (QUEUE, MONTH, reverse("dashboard"))]
    bulk_complaints(30, status=status, official=pejabat, start=100)
    assert [_queries(client, url) for url in (QUEUE, MONTH, reverse("dashboard"))] == small
