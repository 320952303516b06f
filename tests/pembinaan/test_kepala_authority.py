"""The Kepala UPT's authority over participants: allocating, overriding an eligibility refusal
with a recorded reason; and the allocation clash check over the whole allocation period."""

from datetime import date, time

import pytest
import time_machine
from django.urls import reverse

from pembinaan import services
from pembinaan.models import Allocation
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 08:00 +0700", tick=False):
        yield


def test_kepala_allocates_an_eligible_inmate(kepala_client, kepala):
    program = f.program()
    inmate = f.inmate(name="Eko")
    response = kepala_client.post(
        reverse("pembinaan:program_allocate", args=[program.pk]),
        {"inmates": [inmate.pk], "start_date": "2026-03-01"},
    )
    assert response.status_code == 302
    allocation = Allocation.objects.get(program=program, inmate=inmate)
    assert allocation.allocated_by == kepala and allocation.override_reason == ""


def test_kepala_overrides_a_class_refusal_with_a_recorded_reason(kepala_client, kepala):
    program = f.program(target_classes=["akhir"])
    inmate = f.inmate(name="Fajar")  # a tahanan
    url = reverse("pembinaan:program_allocate", args=[program.pk])

    refused = kepala_client.post(
        url, {"inmates": [inmate.pk], "start_date": "2026-03-01"}, follow=True
    )
    assert "Kelas Tahanan tidak termasuk sasaran program" in refused.content.decode()
    assert not Allocation.objects.exists()

    kepala_client.post(
        url,
        {
            "inmates": [inmate.pk],
            "start_date": "2026-03-01",
            "override_reason": "Rekomendasi sidang TPP: bakat karawitan.",
        },
    )
    allocation = Allocation.objects.get(program=program, inmate=inmate)
    assert allocation.override_by == kepala
    assert allocation.override_reason == "Rekomendasi sidang TPP: bakat karawitan."
    assert allocation.history.get().history_user == kepala


def test_kepala_sees_the_override_field(kepala_client):
    program = f.program(target_classes=["akhir"])
    f.inmate(name="Gilang")
    page = kepala_client.get(
        reverse("pembinaan:program_participants", args=[program.pk]), {"q": "Gilang"}
    ).content.decode()
    assert 'name="override_reason"' in page


def test_override_also_covers_an_undetermined_stage(kepala):
    program = f.program()
    unknown = f.inmate(legal_status="narapidana", registration_number="B.I 9/2026")
    outcome = services.allocate_inmates(
        program=program, inmates=[unknown], by=kepala, override_reason="Data pidana menyusul."
    )
    [allocation] = outcome.created
    assert allocation.eligibility_class == "" and allocation.override_by == kepala


def test_override_never_covers_a_status_other_than_aktif(kepala):
    program = f.program(target_classes=["akhir"])
    outcome = services.allocate_inmates(
        program=program, inmates=[f.inmate(status="BON")], by=kepala, override_reason="Coba."
    )
    assert outcome.created == [] and "hanya WBP berstatus Aktif" in outcome.refused[0][1]


def test_petugas_cannot_override(petugas_client):
    program = f.program(target_classes=["akhir"])
    inmate = f.inmate()
    response = petugas_client.post(
        reverse("pembinaan:program_allocate", args=[program.pk]),
        {"inmates": [inmate.pk], "start_date": "2026-03-01", "override_reason": "Coba."},
        follow=True,
    )
    assert "tidak berwenang mengecualikan" in response.content.decode()
    assert not Allocation.objects.exists()


def test_allocation_clash_warning_covers_the_whole_period(petugas):
    ours = f.plan(end=date(2026, 12, 31))
    other = f.plan(end=date(2026, 12, 31))
    far = date(2026, 11, 30)  # nine months after the start: beyond the old 90 days
    f.session(plan_=ours, day=far, at=time(9, 0))
    f.session(plan_=other, day=far, at=time(9, 30))
    inmate = f.inmate(name="Hadi")
    f.allocation(program_=other.program, inmate_=inmate)
    outcome = services.allocate_inmates(program=ours.program, inmates=[inmate], by=petugas)
    assert outcome.warnings == [
        f"Hadi juga peserta {other.program.name} yang sesinya bentrok (mis. 30-11-2026 09:30)."
    ]


def test_sessions_on_different_days_do_not_clash(petugas):
    ours = f.plan()
    other = f.plan()
    f.session(plan_=ours, day=date(2026, 3, 2), at=time(9, 0))
    f.session(plan_=other, day=date(2026, 3, 3), at=time(9, 0))
    inmate = f.inmate()
    f.allocation(program_=other.program, inmate_=inmate)
    outcome = services.allocate_inmates(program=ours.program, inmates=[inmate], by=petugas)
    assert outcome.warnings == []
