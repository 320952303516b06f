"""Participants: eligibility, capacity, overrides, clashes, ending allocations."""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from pembinaan import services
from pembinaan.models import Allocation, EndReason, RegistrationStatus
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-03-01 08:00 +0700", tick=False):
        yield


def test_eligible_inmates_are_allocated_together(petugas):
    program = f.program(by=petugas, target_classes=["tahanan", "awal"])
    inmates = [f.inmate(), f.narapidana(klass="awal")]
    outcome = services.allocate_inmates(program=program, inmates=inmates, by=petugas)
    assert len(outcome.created) == 2 and outcome.refused == []
    allocation = Allocation.objects.get(inmate=inmates[1])
    assert allocation.eligibility_class == "awal"
    assert allocation.start_date == date(2026, 3, 1)
    assert allocation.history.count() == 1


def test_inmate_outside_target_classes_is_refused_with_reason(petugas):
    program = f.program(by=petugas, target_classes=["awal"])
    tahanan = f.inmate(name="Budi")
    outcome = services.allocate_inmates(program=program, inmates=[tahanan], by=petugas)
    assert outcome.created == []
    [(inmate, reason)] = outcome.refused
    assert inmate == tahanan
    assert reason == "Kelas Tahanan tidak termasuk sasaran program (Tahap Awal)."


@pytest.mark.parametrize("status", ["BON", "SAKIT", "PINDAH", "BEBAS", "MENINGGAL"])
def test_inmate_not_aktif_is_refused(petugas, status):
    program = f.program(by=petugas)
    outcome = services.allocate_inmates(
        program=program, inmates=[f.inmate(status=status)], by=petugas
    )
    assert outcome.created == []
    assert "hanya WBP berstatus Aktif" in outcome.refused[0][1]


def test_narapidana_without_stage_data_is_refused(petugas):
    program = f.program(by=petugas)
    unknown = f.inmate(legal_status="narapidana", registration_number="B.I 1/2026")
    outcome = services.allocate_inmates(program=program, inmates=[unknown], by=petugas)
    assert "data pidana belum lengkap" in outcome.refused[0][1]


def test_allocations_beyond_capacity_are_refused(petugas):
    program = f.program(by=petugas, capacity=2)
    f.allocation(program_=program)
    inmates = [f.inmate(name="A"), f.inmate(name="B")]
    outcome = services.allocate_inmates(program=program, inmates=inmates, by=petugas)
    assert [a.inmate.name for a in outcome.created] == ["A"]
    assert outcome.refused == [(inmates[1], "Kapasitas program penuh (2 peserta).")]


def test_already_allocated_inmate_is_refused(petugas):
    program = f.program(by=petugas)
    inmate = f.inmate()
    services.allocate_inmates(program=program, inmates=[inmate], by=petugas)
    outcome = services.allocate_inmates(program=program, inmates=[inmate], by=petugas)
    assert outcome.refused[0][1] == "Sudah menjadi peserta program ini."


def test_override_of_class_refusal_is_recorded(admin_user):
    program = f.program(target_classes=["akhir"])
    inmate = f.inmate()
    outcome = services.allocate_inmates(
        program=program, inmates=[inmate], by=admin_user, override_reason="Rekomendasi wali."
    )
    [allocation] = outcome.created
    assert allocation.override_by == admin_user
    assert allocation.override_reason == "Rekomendasi wali."


def test_override_does_not_cover_status_or_capacity(admin_user):
    program = f.program(target_classes=["akhir"], capacity=1)
    f.allocation(program_=program)
    outcome = services.allocate_inmates(
        program=program,
        inmates=[f.inmate(status="BEBAS"), f.inmate()],
        by=admin_user,
        override_reason="Rekomendasi wali.",
    )
    assert outcome.created == []
    assert len(outcome.refused) == 2


def test_petugas_without_permission_cannot_override(petugas):
    program = f.program(by=petugas, target_classes=["akhir"])
    with pytest.raises(PermissionDenied):
        services.allocate_inmates(
            program=program, inmates=[f.inmate()], by=petugas, override_reason="Coba."
        )


def test_inactive_program_takes_no_participants(petugas):
    program = f.program(by=petugas, status="selesai")
    with pytest.raises(ValidationError, match="program yang aktif"):
        services.allocate_inmates(program=program, inmates=[f.inmate()], by=petugas)


def test_clash_with_another_programs_session_is_a_warning(petugas):
    ours = f.plan()
    other = f.plan()
    f.session(plan_=ours, day=date(2026, 3, 2), at=time(9, 0))
    f.session(plan_=other, day=date(2026, 3, 2), at=time(9, 30))
    inmate = f.inmate(name="Joko")
    f.allocation(program_=other.program, inmate_=inmate)
    outcome = services.allocate_inmates(program=ours.program, inmates=[inmate], by=petugas)
    assert len(outcome.created) == 1
    assert outcome.warnings and outcome.warnings[0].startswith("Joko juga peserta")


def test_ending_an_allocation_records_reason_and_frees_a_place(petugas):
    program = f.program(by=petugas, capacity=1)
    allocation = f.allocation(program_=program)
    services.end_allocation(allocation=allocation, by=petugas, reason=EndReason.HEALTH)
    allocation.refresh_from_db()
    assert allocation.end_date == date(2026, 3, 1)
    assert allocation.end_reason == "kesehatan" and allocation.ended_by == petugas
    outcome = services.allocate_inmates(program=program, inmates=[f.inmate()], by=petugas)
    assert len(outcome.created) == 1


def test_other_end_reason_needs_a_note(petugas):
    allocation = f.allocation(program_=f.program(by=petugas))
    with pytest.raises(ValidationError):
        services.end_allocation(allocation=allocation, by=petugas, reason="lainnya")


def test_status_change_to_bebas_ends_allocations_automatically(petugas):
    inmate = f.inmate()
    a1 = f.allocation(program_=f.program(), inmate_=inmate)
    a2 = f.allocation(program_=f.program(), inmate_=inmate)
    untouched = f.allocation(program_=f.program())
    ended = services.end_allocations_for_status_change(
        inmates=[inmate], status=RegistrationStatus.BEBAS, by=petugas
    )
    assert ended == 2
    for allocation in (a1, a2):
        allocation.refresh_from_db()
        assert allocation.end_reason == "bebas" and allocation.end_date == date(2026, 3, 1)
        assert allocation.history.first().history_type == "~"
    untouched.refresh_from_db()
    assert untouched.end_date is None


@pytest.mark.parametrize(
    ("status", "reason"), [("PINDAH", "pindah"), ("MENINGGAL", "meninggal"), ("SAKIT", None)]
)
def test_status_change_reason_follows_status(status, reason):
    allocation = f.allocation(program_=f.program())
    services.end_allocations_for_status_change(
        inmates=[allocation.inmate_id], status=status, by=None
    )
    allocation.refresh_from_db()
    assert (allocation.end_reason or None) == reason
