"""Call-out lists: natural cell order, suspended participants listed apart, and the day-wide
list across programs for the officers who unlock the cells."""

from datetime import date, time

import pytest
import time_machine
from django.urls import reverse

from pembinaan import services
from pembinaan.models import CancelReason, Inmate, SessionStatus
from pembinaan.registration import natural_sort_key
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-02 07:00 +0700", tick=False):
        yield


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("5", "000005"),
        ("10A", "000010a"),
        ("  Blok   2 ", "blok 000002"),
        ("007", "000007"),
        ("0", "000000"),
        ("", ""),
        (None, ""),
    ],
)
def test_natural_sort_key(text, key):
    assert natural_sort_key(text) == key


def test_natural_sort_keys_sort_cells_naturally():
    cells = ["10", "11", "5", "6", "2B", "2A"]
    assert sorted(cells, key=natural_sort_key) == ["2A", "2B", "5", "6", "10", "11"]


def test_stage_date_service_fills_the_sort_keys():
    inmate = Inmate(block="Blok 3", cell="12")
    services.apply_stage_dates(inmate)
    assert (inmate.block_sort_key, inmate.cell_sort_key) == ("blok 000003", "000012")


def test_database_orders_cells_naturally():
    for cell in ["10", "11", "5", "6"]:
        f.inmate(name=f"Kamar {cell}", block="A", cell=cell)
    names = list(Inmate.objects.in_cell_order().values_list("cell", flat=True))
    assert names == ["5", "6", "10", "11"]


def _session_with(cells, program=None, at=time(9, 0)):
    plan = f.plan(program_=program) if program else f.plan()
    session = f.session(plan_=plan, day=MONDAY, at=at)
    allocations = [
        f.allocation(
            program_=session.program,
            inmate_=f.inmate(name=f"WBP {block}{cell}", block=block, cell=cell),
        )
        for block, cell in cells
    ]
    return session, allocations


def test_session_callout_sorts_cells_naturally_and_leaves_out_the_suspended(
    petugas_client, petugas
):
    session, allocations = _session_with([("A", "10"), ("A", "5"), ("A", "11"), ("A", "6")])
    away = allocations[2]  # A11
    services.apply_status_change(inmates=[away.inmate], status="BON", by=petugas)

    page = petugas_client.get(reverse("pembinaan:session_callout", args=[session.pk]))
    text = page.content.decode()
    called, _, apart = text.partition("Tidak dipanggil")
    assert called.index("WBP A5") < called.index("WBP A6") < called.index("WBP A10")
    assert "WBP A11" not in called
    assert "WBP A11" in apart and "Bon/sidang" in apart


def test_day_callout_groups_all_programs_by_block_and_cell(petugas_client, petugas):
    morning, _ = _session_with([("B", "2"), ("A", "10")], at=time(9, 0))
    afternoon, [shared, _] = _session_with([("A", "10"), ("A", "9")], at=time(13, 0))
    # One inmate in both programs: one line with both sessions.
    both = morning.program.allocations.get(inmate__cell="10").inmate
    shared.inmate = both
    shared.save()
    cancelled, _ = _session_with([("C", "1")], at=time(10, 0))
    cancelled.status = SessionStatus.CANCELLED
    cancelled.cancel_reason = CancelReason.SECURITY
    cancelled.save()
    sick, _ = _session_with([("A", "1")], at=time(15, 0))
    services.apply_status_change(
        inmates=[sick.program.allocations.get().inmate], status="SAKIT", by=petugas
    )

    response = petugas_client.get(reverse("pembinaan:day_callout"), {"tanggal": "2026-03-02"})

    assert response.status_code == 200
    text = response.content.decode()
    called, _, apart = text.partition("Tidak dipanggil")
    assert called.index("Blok A") < called.index("WBP A9") < called.index("WBP A10")
    assert called.index("WBP A10") < called.index("Blok B") < called.index("WBP B2")
    assert called.count("WBP A10") == 1
    assert morning.program.name in called and afternoon.program.name in called
    assert "WBP C1" not in text  # cancelled session: nobody called
    assert "WBP A1<" not in called and "WBP A1<" in apart and "Sakit" in apart
    assert "3 WBP dipanggil" in text


def test_day_callout_defaults_to_today_and_prints_on_a4(petugas_client):
    response = petugas_client.get(reverse("pembinaan:day_callout"))
    text = response.content.decode()
    assert "Senin, 2 Maret 2026" in text
    assert "css/print.css" in text and "Tidak ada WBP yang dipanggil" in text


def test_day_callout_with_a_bad_date_shows_today(petugas_client):
    response = petugas_client.get(reverse("pembinaan:day_callout"), {"tanggal": "kemarin"})
    assert response.status_code == 200


def test_session_list_links_to_the_day_callout(petugas_client):
    text = petugas_client.get(reverse("pembinaan:session_list")).content.decode()
    assert reverse("pembinaan:day_callout") + "?tanggal=2026-03-02" in text


def test_callout_query_counts_do_not_grow_with_rows(
    petugas_client, petugas, django_assert_max_num_queries
):
    def build(n: int):
        session, allocations = _session_with([("A", str(i)) for i in range(n)])
        services.apply_status_change(inmates=[allocations[0].inmate], status="BON", by=petugas)
        return session

    small = build(2)
    big = build(20)
    url = reverse("pembinaan:session_callout", args=[small.pk])
    with django_assert_max_num_queries(20) as counted:
        assert petugas_client.get(url).status_code == 200
    with django_assert_max_num_queries(len(counted.captured_queries)):
        assert (
            petugas_client.get(reverse("pembinaan:session_callout", args=[big.pk])).status_code
            == 200
        )

    day = reverse("pembinaan:day_callout")
    with django_assert_max_num_queries(20) as counted:
        assert petugas_client.get(day, {"tanggal": "2026-03-09"}).status_code == 200  # empty
    with django_assert_max_num_queries(len(counted.captured_queries) + 2):
        assert petugas_client.get(day, {"tanggal": "2026-03-02"}).status_code == 200


# --- the session page: who is suspended on the session's date ---------------------------------


def test_session_page_shows_the_suspended_like_the_callout_and_the_grid(petugas_client, petugas):
    session, [bon, izin, back, here] = _session_with(
        [("A", "1"), ("A", "2"), ("A", "3"), ("A", "4")]
    )
    services.apply_status_change(inmates=[bon.inmate], status="BON", by=petugas)
    services.suspend_allocation(
        allocation=izin,
        by=petugas,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 2),
        reason="izin",
        note="Kunjungan keluarga",
    )
    services.suspend_allocation(  # from the next day on: still called out on this one
        allocation=back, by=petugas, start_date=date(2026, 3, 3), end_date=None, reason="sakit"
    )

    page = petugas_client.get(reverse("pembinaan:session_detail", args=[session.pk]))
    html = page.content.decode()
    marked = {
        name
        for name in ("WBP A1", "WBP A2", "WBP A3", "WBP A4")
        if f'{name}<div class="small text-danger-emphasis suspension">' in html
    }
    assert marked == {"WBP A1", "WBP A2"}
    assert "Ditangguhkan: Bon/sidang" in html
    assert "Ditangguhkan: Izin (tidak wajib hadir) (Kunjungan keluarga)" in html
    assert "ditangguhkan 2" in html

    callout = petugas_client.get(reverse("pembinaan:session_callout", args=[session.pk]))
    _, _, apart = callout.content.decode().partition("Tidak dipanggil")
    assert {n for n in ("WBP A1", "WBP A2", "WBP A3", "WBP A4") if n in apart} == marked
    grid = petugas_client.get(reverse("absensi:session_attendance", args=[session.pk]))
    assert grid.content.decode().count("data-away>Ditangguhkan:") == len(marked)
    assert here.inmate.name in html


def test_session_page_query_count_does_not_grow_with_suspended_participants(
    petugas_client, petugas, django_assert_max_num_queries
):
    def build(n: int):
        session, allocations = _session_with([("A", str(i)) for i in range(n)])
        services.apply_status_change(
            inmates=[a.inmate for a in allocations[: n // 2]], status="BON", by=petugas
        )
        return session

    small, big = build(2), build(20)
    with django_assert_max_num_queries(25) as counted:
        petugas_client.get(reverse("pembinaan:session_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(counted.captured_queries)):
        page = petugas_client.get(reverse("pembinaan:session_detail", args=[big.pk]))
    assert "ditangguhkan 10" in page.content.decode()
