"""One pager and one sort for every staff list (rutan.listing and its two partials)."""

from datetime import date, time

import pytest
from django.test import RequestFactory
from django.urls import reverse

from pembinaan.models import Program, WorkPlanStatus
from pengaduan.models import Complaint, Status
from rutan import listing
from tests.pembinaan import planning_factories as f
from tests.pengaduan.factories import bulk_complaints

pytestmark = pytest.mark.django_db


def _request(query: str = ""):
    return RequestFactory().get(f"/?{query}")


def _names(response, key="page"):
    return [str(getattr(item, "name", item)) for item in response.context[key]]


# --- the helper -----------------------------------------------------------------------------


SORTS = {"nama": ("name", "pk"), "kapasitas": ("capacity", "name", "pk")}


@pytest.fixture
def programs(petugas):
    return [
        f.program(name=name, capacity=capacity, by=petugas)
        for name, capacity in (("Hadroh", 20), ("Angklung", 5), ("Karawitan", 10))
    ]


def test_sort_uses_the_requested_key_ascending(programs):
    queryset, sorting = listing.sort(
        _request("urut=kapasitas"), Program.objects.all(), SORTS, default="nama"
    )
    assert [p.capacity for p in queryset] == [5, 10, 20]
    assert (sorting.key, sorting.field, sorting.descending) == ("kapasitas", "kapasitas", False)


def test_sort_descending_with_a_minus(programs):
    queryset, sorting = listing.sort(
        _request("urut=-nama"), Program.objects.all(), SORTS, default="nama"
    )
    assert [p.name for p in queryset] == ["Karawitan", "Hadroh", "Angklung"]
    assert sorting.descending


@pytest.mark.parametrize("query", ["urut=password", "urut=--nama", "urut=", "urut=name"])
def test_sort_refuses_keys_it_does_not_offer(programs, query):
    queryset, sorting = listing.sort(_request(query), Program.objects.all(), SORTS, default="nama")
    assert sorting.key == "nama"
    assert [p.name for p in queryset] == ["Angklung", "Hadroh", "Karawitan"]


def test_empty_values_come_last_in_both_directions(ulp):
    rows = bulk_complaints(3, status=Status.DITERIMA)
    Complaint.objects.filter(pk=rows[1].pk).update(due_date=None)
    options = {"jatuh_tempo": ("due_date", "id")}
    for query in ("urut=jatuh_tempo", "urut=-jatuh_tempo"):
        queryset, _ = listing.sort(
            _request(query), Complaint.objects.all(), options, default="jatuh_tempo"
        )
        assert list(queryset)[-1].pk == rows[1].pk


def test_nulls_last_only_where_a_value_can_be_empty():
    # NULLS LAST on a NOT NULL column would keep PostgreSQL from reading the page off an index.
    queryset, _ = listing.sort(
        _request("urut=-diterima"),
        Complaint.objects.all(),
        {"diterima": ("received_at", "id"), "tempo": ("due_date", "assigned_to__username", "pk")},
        default="diterima",
    )
    sql = str(queryset.query).upper()
    assert "NULLS" not in sql.split("ORDER BY")[1]
    queryset, _ = listing.sort(
        _request("urut=tempo"),
        Complaint.objects.all(),
        {"diterima": ("received_at", "id"), "tempo": ("due_date", "assigned_to__username", "pk")},
        default="diterima",
    )
    order = str(queryset.query).upper().split("ORDER BY")[1]
    # due_date is nullable; the assignee's username is reached through a nullable relation.
    assert order.count("NULLS LAST") == 2


@pytest.mark.parametrize("value", ["", "abc", "0", "-3", "999"])
def test_paginate_never_fails_on_a_bad_page_number(programs, value):
    page = listing.paginate(
        _request(f"halaman={value}"), Program.objects.order_by("name"), per_page=2
    )
    assert page.number in (1, 2)


# --- every list -----------------------------------------------------------------------------


def test_inmate_list_sorts_by_its_columns(petugas_client):
    f.inmate(name="Budi", block="C")
    f.inmate(name="Ahmad", block="B")
    f.inmate(name="Cahyo", block="A")
    url = reverse("pembinaan:inmate_list")
    assert _names(petugas_client.get(url)) == ["Ahmad", "Budi", "Cahyo"]
    assert _names(petugas_client.get(url + "?urut=blok")) == ["Cahyo", "Ahmad", "Budi"]
    response = petugas_client.get(url + "?urut=-nama")
    assert _names(response) == ["Cahyo", "Budi", "Ahmad"]
    html = response.content.decode()
    assert "?urut=nama" in html  # clicking the sorted column again reverses it
    assert 'name="urut" value="-nama"' in html  # the filter form keeps the order


def test_program_list_sorts_and_its_status_tabs_keep_the_order(petugas_client, programs):
    url = reverse("pembinaan:program_list")
    response = petugas_client.get(url + "?status=semua&urut=-nama")
    assert _names(response) == ["Karawitan", "Hadroh", "Angklung"]
    html = response.content.decode()
    assert "?status=aktif&amp;urut=-nama" in html
    assert "?status=semua&amp;urut=cabang_seni" in html


def test_plan_list_keeps_the_program_filter_and_the_order_on_page_two(petugas_client, settings):
    wanted = f.program(name="Karawitan")
    other = f.program(name="Hadroh")
    for n in range(55):
        f.plan(program_=wanted, start=date(2026, 1, 1) + (date(2026, 1, 2) - date(2026, 1, 1)) * n)
    f.plan(program_=other)
    url = reverse("pembinaan:plan_list")
    first = petugas_client.get(f"{url}?program={wanted.pk}&urut=periode")
    html = first.content.decode()
    assert f"?program={wanted.pk}&amp;urut=periode&amp;halaman=2" in html
    second = petugas_client.get(f"{url}?program={wanted.pk}&urut=periode&halaman=2")
    plans = list(second.context["page"])
    assert len(plans) == 5
    assert {p.program_id for p in plans} == {wanted.pk}
    periods = [p.latest_revision.period_start for p in plans]
    assert (
        periods == sorted(periods)
        and periods[0] > first.context["page"][49].latest_revision.period_start
    )


def test_plan_list_sorts_by_status(petugas_client, petugas):
    f.plan(program_=f.program(name="B"), status=WorkPlanStatus.SUBMITTED)
    f.plan(program_=f.program(name="A"), status=WorkPlanStatus.APPROVED, decided_by=petugas)
    url = reverse("pembinaan:plan_list")
    statuses = [
        p.latest_revision.status for p in petugas_client.get(url + "?urut=status").context["page"]
    ]
    assert statuses == sorted(statuses)


def test_session_list_sorts_the_day_by_program(petugas_client, petugas):
    day = date(2026, 3, 2)
    late = f.plan(
        program_=f.program(name="Angklung"), status=WorkPlanStatus.APPROVED, decided_by=petugas
    )
    early = f.plan(
        program_=f.program(name="Hadroh"), status=WorkPlanStatus.APPROVED, decided_by=petugas
    )
    f.session(plan_=late, day=day, at=time(14, 0))
    f.session(plan_=early, day=day, at=time(8, 0))
    url = reverse("pembinaan:session_list")

    def names(query):
        by_day = petugas_client.get(f"{url}?tanggal={day}{query}").context["by_day"]
        return [s.program.name for s in by_day[0][1]]

    assert names("") == ["Hadroh", "Angklung"]  # by time
    assert names("&urut=program") == ["Angklung", "Hadroh"]
    html = petugas_client.get(f"{url}?tanggal={day}&urut=program").content.decode()
    assert "?tanggal=2026-03-03&amp;urut=program" in html  # next day keeps the order


def test_complaint_list_sorts_and_pages_with_the_filters(ulp_client, settings):
    settings.PENGADUAN_LIST_PAGE_SIZE = 5
    bulk_complaints(12, status=Status.DITELAAH)
    url = reverse("pengaduan:complaint_list")
    response = ulp_client.get(f"{url}?status={Status.DITELAAH}&urut=nomor")
    numbers = [c.number for c in response.context["page"]]
    assert numbers == sorted(numbers)
    assert f"?status={Status.DITELAAH}&amp;urut=nomor&amp;halaman=2" in response.content.decode()
    last = ulp_client.get(f"{url}?status={Status.DITELAAH}&urut=-nomor&halaman=3")
    assert [c.number for c in last.context["page"]] == ["ADU-2099-00002", "ADU-2099-00001"]
