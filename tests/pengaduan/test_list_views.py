"""The ULP, Kepala UPT and pejabat lists: what they show, and a query count that does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pengaduan.models import Status
from tests.pengaduan.factories import bulk_complaints, make_complaint

# Which rows each persona's queue holds.
QUEUES = {
    "ulp": Status.DITERIMA,
    "kepala": Status.MENUNGGU_ARAHAN,
    "pejabat": Status.DITINDAKLANJUTI,
}


def _fill(count, persona, pejabat, start):
    official = pejabat if persona == "pejabat" else None
    if persona == "pejabat":
        bulk_complaints(count, status=QUEUES[persona], official=official, start=start)
    else:
        bulk_complaints(count, status=QUEUES[persona], official=pejabat, start=start)
        bulk_complaints(count, status=Status.DITINDAKLANJUTI, official=pejabat, start=start + 500)


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", list(QUEUES))
@pytest.mark.parametrize("url_name", ["pengaduan:inbox", "pengaduan:complaint_list"])
def test_list_query_count_does_not_grow_with_rows(persona, url_name, request, pejabat):
    client = request.getfixturevalue(f"{persona}_client")
    url = reverse(url_name)
    _fill(3, persona, pejabat, start=1)
    small = _count_queries(client, url)
    _fill(40, persona, pejabat, start=100)
    large = _count_queries(client, url)
    assert small == large, (small, large)
    assert large <= 20


def test_ulp_queue_holds_the_ulp_steps_with_due_flags(ulp_client, ulp, pejabat):
    received = make_complaint(ulp=ulp)
    reviewing = make_complaint(Status.DITELAAH, ulp=ulp)
    approving = make_complaint(Status.MENUNGGU_PERSETUJUAN, ulp=ulp, official=pejabat)
    elsewhere = make_complaint(Status.MENUNGGU_ARAHAN, ulp=ulp)
    incomplete = make_complaint(Status.PERLU_KELENGKAPAN, ulp=ulp)
    content = ulp_client.get(reverse("pengaduan:inbox")).content.decode()
    for complaint in (received, reviewing, approving, incomplete):
        assert complaint.number in content
    queue = content.split("Menunggu kelengkapan dari pelapor")[0]
    assert elsewhere.number not in queue and incomplete.number not in queue


def test_kepala_queue_and_overdue_section(kepala_client, kepala):
    waiting = make_complaint(Status.MENUNGGU_ARAHAN, kepala=kepala)
    late = bulk_complaints(1, status=Status.DITELAAH, start=900)[0]
    late.due_date = late.due_date.replace(year=2020)
    late.save()
    content = kepala_client.get(reverse("pengaduan:inbox")).content.decode()
    queue, overdue = content.split("Terlambat di semua tahap")
    assert waiting.number in queue
    assert late.number in overdue and "Terlambat" in overdue


def test_pejabat_queue_holds_only_their_assignments(pejabat_client, pejabat, user_factory):
    mine = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    other = user_factory("pejabat2", "pejabat_pelayanan")
    theirs = make_complaint(Status.DITINDAKLANJUTI, official=other)
    content = pejabat_client.get(reverse("pengaduan:inbox")).content.decode()
    assert mine.number in content and theirs.number not in content


def test_list_filters(ulp_client, ulp):
    late = bulk_complaints(1, status=Status.DITERIMA, start=1)[0]
    late.due_date = late.due_date.replace(year=2020)
    late.save()
    fresh = make_complaint(ulp=ulp)
    url = reverse("pengaduan:complaint_list")
    overdue_only = ulp_client.get(url + "?flag=terlambat").content.decode()
    assert late.number in overdue_only and fresh.number not in overdue_only
    by_number = ulp_client.get(url + f"?q={fresh.number}").content.decode()
    assert fresh.number in by_number and late.number not in by_number
    by_status = ulp_client.get(url + "?status=ditolak").content.decode()
    assert fresh.number not in by_status
    assert ulp_client.get(url + "?status=NGAWUR&halaman=99").status_code == 200
