"""Inmates who are away: a BON or SAKIT status suspends their allocations, AKTIF resumes them,
PINDAH/BEBAS/MENINGGAL still end them; a petugas suspends one allocation for a period."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pembinaan import services
from pembinaan.models import (
    Allocation,
    AllocationSuspension,
    EndReason,
    Inmate,
    SuspensionReason,
)
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-10 08:00 +0700", tick=False):
        yield


def _allocated(**inmate_fields) -> Allocation:
    return f.allocation(program_=f.program(), inmate_=f.inmate(**inmate_fields))


def test_bon_suspends_every_open_allocation_with_reason_bon(petugas):
    inmate = f.inmate()
    first = f.allocation(program_=f.program(), inmate_=inmate)
    second = f.allocation(program_=f.program(), inmate_=inmate)

    touched = services.apply_status_change(inmates=[inmate], status="BON", by=petugas)

    assert touched == 2
    for allocation in (first, second):
        [row] = allocation.suspensions.all()
        assert (row.start_date, row.end_date, row.reason) == (TODAY, None, SuspensionReason.BON)
        assert row.from_status and row.created_by == petugas
        assert row.history.count() == 1
    assert Allocation.objects.suspended_on(TODAY).count() == 2
    assert Allocation.objects.active().count() == 2  # suspended, not ended


def test_sakit_suspends_with_reason_sakit(petugas):
    allocation = _allocated()
    services.apply_status_change(inmates=[allocation.inmate], status="SAKIT", by=petugas)
    assert allocation.suspensions.get().reason == SuspensionReason.SICK


def test_back_to_aktif_resumes_from_that_day(petugas):
    allocation = _allocated()
    services.apply_status_change(
        inmates=[allocation.inmate], status="BON", by=petugas, on=date(2026, 3, 5)
    )

    services.apply_status_change(inmates=[allocation.inmate], status="AKTIF", by=petugas)

    row = allocation.suspensions.get()
    assert row.end_date == date(2026, 3, 9)  # inclusive: the day before the return
    assert Allocation.objects.suspended_on(date(2026, 3, 9)).exists()
    assert not Allocation.objects.suspended_on(TODAY).exists()
    assert row.history.count() == 2  # who and when it was lifted


def test_away_and_back_the_same_day_leaves_no_suspension_but_history(petugas):
    allocation = _allocated()
    services.apply_status_change(inmates=[allocation.inmate], status="BON", by=petugas)
    services.apply_status_change(inmates=[allocation.inmate], status="AKTIF", by=petugas)
    assert not allocation.suspensions.exists()
    assert AllocationSuspension.history.filter(history_type="-").count() == 1


def test_bon_then_sakit_switches_the_reason(petugas):
    allocation = _allocated()
    services.apply_status_change(
        inmates=[allocation.inmate], status="BON", by=petugas, on=date(2026, 3, 1)
    )
    services.apply_status_change(inmates=[allocation.inmate], status="SAKIT", by=petugas)
    rows = list(allocation.suspensions.order_by("start_date"))
    assert [(r.reason, r.end_date) for r in rows] == [
        ("bon", date(2026, 3, 9)),
        ("sakit", None),
    ]


def test_the_same_status_again_changes_nothing(petugas):
    allocation = _allocated()
    services.apply_status_change(inmates=[allocation.inmate], status="BON", by=petugas)
    assert services.apply_status_change(inmates=[allocation.inmate], status="BON", by=petugas) == 0
    assert allocation.suspensions.count() == 1


@pytest.mark.parametrize(
    ("status", "reason"),
    [("PINDAH", EndReason.TRANSFERRED), ("BEBAS", EndReason.RELEASED), ("MENINGGAL", "meninggal")],
)
def test_leaving_statuses_still_end_the_allocation(petugas, status, reason):
    allocation = _allocated()
    services.apply_status_change(inmates=[allocation.inmate], status=status, by=petugas)
    allocation.refresh_from_db()
    assert allocation.end_date == TODAY and allocation.end_reason == reason


def test_only_one_open_status_suspension_per_allocation_in_the_database(petugas):
    allocation = _allocated()
    AllocationSuspension.objects.create(
        allocation=allocation, start_date=TODAY, reason="bon", from_status=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationSuspension.objects.create(
            allocation=allocation, start_date=TODAY, reason="sakit", from_status=True
        )


SDP_HEADER = "no_registrasi,nama,status_hukum,status\n"


def test_sdp_import_suspends_and_resumes(petugas):
    inmate = f.inmate(registration_number="A.II 7/2026", name="Budi")
    allocation = f.allocation(program_=f.program(), inmate_=inmate)
    bon = (SDP_HEADER + "A.II 7/2026,Budi,tahanan,BON\n").encode()

    services.commit_sdp_import(data=bon, filename="sdp.csv", by=petugas)

    assert Inmate.objects.get(pk=inmate.pk).status == "BON"
    assert allocation.suspensions.get().reason == "bon"

    aktif = (SDP_HEADER + "A.II 7/2026,Budi,tahanan,AKTIF\n").encode()
    with time_machine.travel("2026-03-12 08:00 +0700", tick=False):
        services.commit_sdp_import(data=aktif, filename="sdp2.csv", by=petugas)
    assert allocation.suspensions.get().end_date == date(2026, 3, 11)


def test_admin_status_edit_suspends(admin_client_):
    allocation = _allocated(registration_number="A.II 8/2026", name="Cahyo")
    inmate = allocation.inmate
    response = admin_client_.post(
        f"/admin/pembinaan/inmate/{inmate.pk}/change/",
        {
            "registration_number": inmate.registration_number,
            "name": inmate.name,
            "legal_status": "tahanan",
            "status": "SAKIT",
            "block": "C",
            "cell": "10",
            "remisi_days": 0,
            "sentence_kind": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    inmate.refresh_from_db()
    assert inmate.status == "SAKIT" and inmate.cell_sort_key == "000010"
    assert allocation.suspensions.get().reason == "sakit"


# --- suspension by a petugas -------------------------------------------------------------


def test_petugas_suspends_one_allocation_for_a_period(petugas):
    allocation = _allocated()
    row = services.suspend_allocation(
        allocation=allocation,
        by=petugas,
        start_date=date(2026, 3, 12),
        end_date=date(2026, 3, 14),
        reason="izin",
        note="Kegiatan kerohanian",
    )
    assert not row.from_status and row.created_by == petugas
    assert row.history.get().history_user == petugas
    assert not Allocation.objects.suspended_on(date(2026, 3, 11)).exists()
    assert Allocation.objects.suspended_on(date(2026, 3, 12)).exists()
    assert Allocation.objects.suspended_on(date(2026, 3, 14)).exists()
    assert not Allocation.objects.suspended_on(date(2026, 3, 15)).exists()


def test_overlapping_suspension_is_refused(petugas):
    allocation = _allocated()
    services.suspend_allocation(
        allocation=allocation, by=petugas, start_date=TODAY, end_date=None, reason="sakit"
    )
    with pytest.raises(ValidationError, match="penangguhan lain"):
        services.suspend_allocation(
            allocation=allocation,
            by=petugas,
            start_date=date(2026, 4, 1),
            end_date=date(2026, 4, 2),
            reason="izin",
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": "lainnya"}, "Jelaskan alasan lainnya"),
        ({"reason": "liburan"}, "Pilih alasan"),
        ({"end_date": date(2026, 3, 9)}, "tidak boleh sebelum"),
        ({"start_date": date(2026, 2, 1), "end_date": None}, "sebelum keikutsertaan"),
    ],
)
def test_bad_suspension_is_refused_with_a_message(petugas, fields, message):
    allocation = _allocated()
    values = {"start_date": TODAY, "end_date": date(2026, 3, 20), "reason": "izin", **fields}
    with pytest.raises(ValidationError, match=message):
        services.suspend_allocation(allocation=allocation, by=petugas, **values)


def test_lift_ends_the_suspension_the_day_before(petugas):
    allocation = _allocated()
    row = services.suspend_allocation(
        allocation=allocation, by=petugas, start_date=date(2026, 3, 2), end_date=None, reason="izin"
    )
    services.lift_suspension(suspension=row, by=petugas)
    row.refresh_from_db()
    assert row.end_date == date(2026, 3, 9)


def test_status_suspension_cannot_be_lifted_by_hand(petugas):
    allocation = _allocated()
    services.apply_status_change(inmates=[allocation.inmate], status="BON", by=petugas)
    with pytest.raises(ValidationError, match="status registrasi"):
        services.lift_suspension(suspension=allocation.suspensions.get(), by=petugas)


def test_suspend_and_lift_views(petugas_client, petugas):
    allocation = _allocated()
    url = f"/pembinaan/peserta/{allocation.pk}/tangguhkan/"
    response = petugas_client.post(
        url, {"start_date": "2026-03-10", "end_date": "", "reason": "bon", "note": "PN Magetan"}
    )
    assert response.status_code == 302
    row = allocation.suspensions.get()
    assert (row.reason, row.note, row.end_date) == ("bon", "PN Magetan", None)
    page = petugas_client.get(f"/pembinaan/program/{allocation.program_id}/peserta/")
    assert "Ditangguhkan 10-03-2026–…: Bon/sidang (PN Magetan)" in page.content.decode()

    petugas_client.post(f"/pembinaan/penangguhan/{row.pk}/cabut/")
    assert not allocation.suspensions.exists()  # it began today: removed, history kept


def test_suspend_view_shows_the_rule_message(petugas_client):
    allocation = _allocated()
    response = petugas_client.post(
        f"/pembinaan/peserta/{allocation.pk}/tangguhkan/",
        {"start_date": "2026-03-10", "reason": "lainnya"},
        follow=True,
    )
    assert "Jelaskan alasan lainnya." in response.content.decode()
