"""Drift: participants whose stage moved out of their program's target classes are listed on
the program page and the petugas' dashboard, with "end allocation" / "keep with reason"."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pembinaan import services
from pembinaan.models import Allocation, EndReason, Inmate
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-10 08:00 +0700", tick=False):
        yield


def _moved(allocation: Allocation, klass: str) -> None:
    Inmate.objects.filter(pk=allocation.inmate_id).update(stage_override=klass)


@pytest.fixture
def drifted():
    """An 'awal' program with two participants; Dodi's stage moved to lanjutan pertama."""
    program = f.program(target_classes=["awal"], name="Karawitan Awal")
    f.allocation(program_=program, inmate_=f.narapidana(klass="awal", name="Ani"))
    moved = f.allocation(
        program_=program,
        inmate_=f.narapidana(klass="awal", name="Dodi"),
        eligibility_class="awal",
    )
    _moved(moved, "lanjutan_pertama")
    return moved


def test_drifted_lists_only_participants_outside_the_targets(drifted):
    rows = list(Allocation.objects.drifted(TODAY, [drifted.program]))
    assert rows == [drifted]
    assert rows[0].klass == "lanjutan_pertama"


def test_allocated_on_purpose_with_an_override_is_not_drift(admin_user):
    program = f.program(target_classes=["akhir"])
    services.allocate_inmates(
        program=program, inmates=[f.inmate()], by=admin_user, override_reason="Bakat."
    )
    assert not Allocation.objects.drifted(TODAY, [program]).exists()


def test_ended_allocations_and_undetermined_stages_are_not_drift(drifted):
    program = drifted.program
    f.allocation(
        program_=program,
        inmate_=f.inmate(legal_status="narapidana", registration_number="B.I 5/2026"),
    )
    services.end_allocation(allocation=drifted, by=program.created_by, reason=EndReason.FINISHED)
    assert not Allocation.objects.drifted(TODAY, [program]).exists()


def test_programs_with_different_targets_in_one_query(drifted, django_assert_num_queries):
    other = f.program(target_classes=["lanjutan_pertama"])
    f.allocation(program_=other, inmate_=f.narapidana(klass="lanjutan_pertama"))
    with django_assert_num_queries(1):
        rows = list(Allocation.objects.drifted(TODAY, [drifted.program, other]))
    assert rows == [drifted]


def test_keep_with_reason_records_it_and_leaves_the_list(drifted, petugas):
    services.keep_drifted_allocation(allocation=drifted, by=petugas, reason="Persiapan pentas.")
    drifted.refresh_from_db()
    assert drifted.drift_kept_class == "lanjutan_pertama"
    assert drifted.drift_kept_by == petugas and drifted.drift_kept_reason == "Persiapan pentas."
    assert drifted.history.first().history_user == petugas
    assert not Allocation.objects.drifted(TODAY, [drifted.program]).exists()

    _moved(drifted, "lanjutan_kedua")  # the stage moves again: listed again
    assert Allocation.objects.drifted(TODAY, [drifted.program]).exists()


def test_keep_needs_a_reason_and_a_real_drift(drifted, petugas):
    with pytest.raises(ValidationError, match="Tuliskan alasan"):
        services.keep_drifted_allocation(allocation=drifted, by=petugas, reason=" ")
    on_target = drifted.program.allocations.get(inmate__name="Ani")
    with pytest.raises(ValidationError, match="masih termasuk sasaran"):
        services.keep_drifted_allocation(allocation=on_target, by=petugas, reason="Tetap.")


def test_program_page_lists_drift_with_both_actions(drifted, petugas_client):
    page = petugas_client.get(reverse("pembinaan:program_detail", args=[drifted.program_id]))
    text = page.content.decode()
    assert "tidak lagi termasuk sasaran program (1)" in text
    assert "Dodi" in text and "Tahap Lanjutan Pertama" in text
    assert reverse("pembinaan:allocation_end", args=[drifted.pk]) in text
    assert reverse("pembinaan:allocation_keep", args=[drifted.pk]) in text


def test_end_from_the_program_page(drifted, petugas_client, petugas):
    response = petugas_client.post(
        reverse("pembinaan:allocation_end", args=[drifted.pk]),
        {"reason": "kelas", "on": "2026-03-10", "next": "program"},
    )
    assert response.url == reverse("pembinaan:program_detail", args=[drifted.program_id])
    drifted.refresh_from_db()
    assert drifted.end_reason == EndReason.CLASS_CHANGED and drifted.ended_by == petugas
    assert drifted.history.count() == 2


def test_keep_from_the_dashboard(drifted, petugas_client):
    dashboard = petugas_client.get(reverse("dashboard")).content.decode()
    assert 'id="drift-panel"' in dashboard and "Dodi" in dashboard
    assert "Karawitan Awal" in dashboard
    response = petugas_client.post(
        reverse("pembinaan:allocation_keep", args=[drifted.pk]),
        {"reason": "Persiapan pentas.", "next": "dashboard"},
    )
    assert response.url == reverse("dashboard")
    assert 'id="drift-panel"' not in petugas_client.get(reverse("dashboard")).content.decode()


def test_keep_view_without_reason_says_so(drifted, petugas_client):
    response = petugas_client.post(
        reverse("pembinaan:allocation_keep", args=[drifted.pk]), {"reason": ""}, follow=True
    )
    assert "Tuliskan alasan peserta tetap ikut." in response.content.decode()


def test_kepala_sees_no_drift_panel(drifted, kepala_client):
    assert 'id="drift-panel"' not in kepala_client.get(reverse("dashboard")).content.decode()


def test_dashboard_drift_panel_query_count_does_not_grow(
    petugas_client, django_assert_max_num_queries
):
    def build(n):
        program = f.program(target_classes=["awal"])
        for _ in range(n):
            allocation = f.allocation(program_=program, inmate_=f.narapidana(klass="awal"))
            _moved(allocation, "akhir")

    build(1)
    with django_assert_max_num_queries(60) as counted:
        petugas_client.get(reverse("dashboard"))
    build(12)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        petugas_client.get(reverse("dashboard"))
