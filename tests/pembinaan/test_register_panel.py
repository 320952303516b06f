"""The dashboard's register panel: its figures from one pass over the register (issue 15)."""

from datetime import date

from django.urls import reverse

from pembinaan.views.register import register_figures
from tests.pembinaan import planning_factories as pf

DAY = date(2026, 3, 2)


def test_figures_by_class_block_and_status(db):
    pf.inmate(block="Blok 10")
    pf.inmate(block="Blok 2")
    pf.inmate(block="Blok 2")
    pf.narapidana(klass="awal", block="Blok 2")
    pf.inmate(block="Blok 2", status="BON")  # away: counted by status, not as held
    pf.inmate(block="Blok 9", status="BEBAS")
    figures = register_figures(DAY)
    assert figures["total_active"] == 4
    assert dict(figures["classes"])["Tahanan"] == 3
    assert dict(figures["classes"])["Tahap Awal"] == 1
    assert figures["blocks"] == [("Blok 2", 3), ("Blok 10", 1)]  # natural order, held only
    statuses = dict(figures["statuses"])
    assert (statuses["Aktif"], statuses["Bon (sementara keluar)"], statuses["Bebas"]) == (4, 1, 1)


def test_one_query_for_every_figure(db, django_assert_num_queries):
    for n in range(12):
        pf.inmate(block=f"Blok {n % 4}", status="AKTIF" if n % 3 else "SAKIT")
    with django_assert_num_queries(1):
        register_figures(DAY)


def test_panel_on_the_dashboard(petugas_client, db):
    pf.inmate(block="Blok 7")
    body = petugas_client.get(reverse("dashboard")).content.decode()
    assert "Blok 7" in body
