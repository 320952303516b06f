"""Dashboard panels: each actor's queue with due dates and flags; the month by channel/state."""

from django.urls import reverse

from pengaduan.models import Status
from tests.pengaduan.factories import bulk_complaints, make_complaint


def test_ulp_panel_shows_the_queue_with_flags(ulp_client, ulp):
    late = bulk_complaints(1, status=Status.DITERIMA, start=1)[0]
    late.due_date = late.due_date.replace(year=2020)
    late.save()
    fresh = make_complaint(ulp=ulp)
    page = ulp_client.get(reverse("dashboard")).content.decode()
    assert "Antrean pengaduan saya" in page
    assert late.number in page and fresh.number in page
    assert "1 terlambat" in page
    assert "Pengaduan " in page and "Menurut kanal" in page  # this month's panel


def test_kepala_panel_lists_overdue_items_of_every_actor(kepala_client, pejabat):
    late = bulk_complaints(1, status=Status.DITINDAKLANJUTI, official=pejabat, start=1)[0]
    late.due_date = late.due_date.replace(year=2020)
    late.save()
    page = kepala_client.get(reverse("dashboard")).content.decode()
    assert "Terlambat di semua tahap" in page and late.number in page


def test_pejabat_panel_shows_their_assignments(pejabat_client, pejabat):
    mine = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    page = pejabat_client.get(reverse("dashboard")).content.decode()
    assert mine.number in page and "Terlambat di semua tahap" not in page


def test_petugas_pembinaan_gets_no_complaint_panels(petugas_client, db):
    page = petugas_client.get(reverse("dashboard")).content.decode()
    assert "Antrean pengaduan saya" not in page
