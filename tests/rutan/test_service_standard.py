"""The whole published standard: the fourteen components of Permenpan RB No. 15/2014, only
those with content shown (the seed holds six), printable as one A4 page for the service point."""

import re

from django.urls import reverse

from rutan.models import ServiceStandard

SEEDED = [
    "requirements",
    "procedure",
    "completion_time",
    "cost",
    "products",
    "complaint_procedure",
]


def shown(page: str) -> list[str]:
    return re.findall(r'data-component="([a-z_]+)"', page)


def test_fourteen_components_in_the_order_of_the_regulation():
    fields = [field for field, _title, _list in ServiceStandard.COMPONENTS]
    assert len(fields) == 14 == len(set(fields))
    assert fields[0] == "legal_basis" and fields[-1] == "performance_evaluation"


def test_the_public_page_shows_only_what_the_seed_holds(anon_client, db):
    page = anon_client.get(reverse("home")).content.decode()
    assert shown(page) == SEEDED
    assert "Dasar Hukum" not in page and "Jumlah Pelaksana" not in page
    assert "Petugas pembinaan membuat program pembinaan kesenian" in page


def test_an_admin_fills_and_publishes_another_component(anon_client, db):
    standard = ServiceStandard.load()
    standard.legal_basis = "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik\n\n" + (
        "Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan"
    )
    standard.service_guarantee = "Kami sanggup menyelenggarakan pelayanan sesuai standar."
    standard.cost = ""  # emptied: hidden
    standard.save()
    page = anon_client.get(reverse("home")).content.decode()
    assert shown(page) == [
        "legal_basis",
        "requirements",
        "procedure",
        "completion_time",
        "products",
        "complaint_procedure",
        "service_guarantee",
    ]
    assert "<li>Undang-Undang Nomor 22 Tahun 2022 tentang Pemasyarakatan</li>" in page
    assert "Jaminan Pelayanan (Maklumat Pelayanan)" in page
    assert "Tidak dipungut biaya" not in page
    assert standard.history.first().legal_basis.startswith("Undang-Undang Nomor 25")


def test_the_printable_standard_is_one_a4_sheet(anon_client, db):
    response = anon_client.get(reverse("standard_print"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "css/print.css" in page and "css/standard-print.css" in page
    assert 'class="print-sheet"' in page and "letterhead" in page
    assert "STANDAR PELAYANAN PEMBINAAN KESENIAN" in page
    assert shown(page) == SEEDED
    assert "081231395151" in page  # the complaint channels from the unit's profile
    home = anon_client.get(reverse("home")).content.decode()
    assert reverse("standard_print") in home


def test_the_skm_block_renders_nothing_without_an_index(anon_client, db):
    page = anon_client.get(reverse("home")).content.decode()
    assert "Indeks Kepuasan" not in page


def test_the_pages_query_count_is_fixed(anon_client, db, django_assert_max_num_queries):
    standard = ServiceStandard.load()
    for field, _title, _list in ServiceStandard.COMPONENTS:
        if not getattr(standard, field):
            setattr(standard, field, "Butir satu\nButir dua")
    standard.save()
    with django_assert_max_num_queries(6):
        anon_client.get(reverse("home"))
    with django_assert_max_num_queries(6):
        anon_client.get(reverse("standard_print"))
