"""The dashboard's register panel: its figures from one pass over the register (issue 15)."""

from datetime import date

from django.urls import reverse

from pembinaan.services import register_figures
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


def test_the_dashboard_loads_the_figures_after_it_shows(petugas_client, db):
    pf.inmate(block="Blok 7")
    panel = reverse("pembinaan:register_panel")
    dashboard = petugas_client.get(reverse("dashboard")).content.decode()
    assert f'hx-get="{panel}"' in dashboard and "Blok 7" not in dashboard
    figures = petugas_client.get(panel)
    assert figures.status_code == 200
    assert "Blok 7" in figures.content.decode() and "1 aktif" in figures.content.decode()


def test_figures_are_for_register_readers(ulp_client, db):
    assert ulp_client.get(reverse("pembinaan:register_panel")).status_code == 403
