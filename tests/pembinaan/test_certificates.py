"""Certificates of participation: who completed a program, the numbered letter, who issues."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from absensi.models import Attendance
from absensi.services import Entry, record_attendance
from pembinaan import services
from pembinaan.models import ParticipationCertificate, ProgramStatus, SessionStatus
from rutan.models import UnitProfile
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

DAYS = [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23)]
ISSUED = timezone.make_aware(datetime(2026, 11, 30, 10, 0))


def _program_with_sessions(attended_days: int, *, by):
    """Four held sessions; the participant attended the first `attended_days`."""
    plan = f.plan()
    allocation = f.allocation(program_=plan.program, start_date=date(2026, 3, 1))
    for number, day in enumerate(DAYS):
        start = timezone.make_aware(datetime.combine(day, time(9, 0)))
        session = f.session(
            plan_=plan,
            day=day,
            status=SessionStatus.FINISHED,
            actual_start=start,
            actual_end=start + timedelta(minutes=45),
        )
        status = "hadir" if number < attended_days else "sakit"
        with time_machine.travel(start + timedelta(minutes=5), tick=False):
            record_attendance(session=session, entries=[Entry(allocation.inmate_id, status)], by=by)
    f.session(plan_=plan, day=date(2026, 3, 30))  # scheduled, never held: not counted
    return allocation


def _end(allocation, reason="selesai", on=date(2026, 4, 1)):
    allocation.end_date, allocation.end_reason = on, reason
    allocation.save()
    return allocation


def test_completed_allocation_gets_a_numbered_certificate_with_its_figures(petugas):
    UnitProfile.objects.update_or_create(
        pk=1, defaults={"head_name": "Drs. Kepala", "head_nip": "1"}
    )
    allocation = _end(_program_with_sessions(3, by=petugas))
    with time_machine.travel(ISSUED, tick=False):
        first = services.issue_certificate(allocation=allocation, by=petugas)
        other = _end(_program_with_sessions(4, by=petugas))
        second = services.issue_certificate(allocation=other, by=petugas)
    assert first.number == "001/SK-PK/XI/2026" and second.number == "002/SK-PK/XI/2026"
    assert (first.sessions_held, first.sessions_attended, first.attendance_percent) == (4, 3, 75)
    assert (first.period_start, first.period_end) == (date(2026, 3, 1), date(2026, 3, 31))
    assert first.signer_name == "Drs. Kepala" and first.issued_by == petugas
    assert first.history.count() == 1


def test_the_sequence_restarts_each_year(petugas):
    assert services.certificate_number(sequence=7, on=date(2027, 1, 4)) == "007/SK-PK/I/2027"


def test_attendance_below_the_threshold_gets_no_certificate(petugas, settings):
    settings.CERTIFICATE_MIN_ATTENDANCE_PERCENT = 75
    allocation = _end(_program_with_sessions(2, by=petugas))
    check = services.certificate_check(allocation)
    assert (check.held, check.attended, check.eligible) == (4, 2, False)
    with pytest.raises(ValidationError, match="di bawah batas 75%"):
        services.issue_certificate(allocation=allocation, by=petugas)
    settings.CERTIFICATE_MIN_ATTENDANCE_PERCENT = 50
    assert services.certificate_check(allocation).eligible


@pytest.mark.parametrize("reason", ["bebas", "ditarik", None])
def test_an_allocation_not_completed_gets_no_certificate(petugas, reason):
    allocation = _program_with_sessions(4, by=petugas)
    if reason:
        _end(allocation, reason)
    with pytest.raises(ValidationError, match="belum selesai"):
        services.issue_certificate(allocation=allocation, by=petugas)


def test_a_finished_program_completes_its_running_allocations(petugas):
    allocation = _program_with_sessions(4, by=petugas)
    allocation.program.status = ProgramStatus.FINISHED
    allocation.program.save()
    with time_machine.travel(ISSUED, tick=False):
        certificate = services.issue_certificate(allocation=allocation, by=petugas)
    assert certificate.period_end == DAYS[-1]


def test_one_certificate_per_allocation(petugas):
    allocation = _end(_program_with_sessions(4, by=petugas))
    services.issue_certificate(allocation=allocation, by=petugas)
    with pytest.raises(ValidationError, match="sudah diterbitkan"):
        services.issue_certificate(allocation=allocation, by=petugas)
    assert ParticipationCertificate.objects.count() == 1


def test_who_may_issue(petugas, kepala, ulp):
    allocation = _end(_program_with_sessions(4, by=petugas))
    with pytest.raises(ValidationError, match="tidak berwenang"):
        services.issue_certificate(allocation=allocation, by=ulp)
    assert services.issue_certificate(allocation=allocation, by=kepala).issued_by == kepala


def test_kepala_issues_and_prints_from_the_participants_page(petugas, kepala_client):
    allocation = _end(_program_with_sessions(4, by=petugas))
    participants = reverse("pembinaan:program_participants", args=[allocation.program_id])
    check_url = reverse("pembinaan:certificate_check", args=[allocation.pk])
    assert check_url in kepala_client.get(participants).content.decode()
    assert "4 (100%)" in kepala_client.get(check_url).content.decode()
    with time_machine.travel(ISSUED, tick=False):
        response = kepala_client.post(reverse("pembinaan:certificate_issue", args=[allocation.pk]))
    certificate = ParticipationCertificate.objects.get()
    assert response["Location"] == reverse("pembinaan:certificate_print", args=[certificate.pk])
    page = kepala_client.get(response["Location"]).content.decode()
    assert "Nomor: 001/SK-PK/XI/2026" in page and "4 dari 4 sesi" in page
    assert "letterhead" in page and "Kepala Rutan" in page
    # Once issued, the check page leads to the same letter.
    assert kepala_client.get(check_url)["Location"] == response["Location"]
    assert certificate.number in kepala_client.get(participants).content.decode()


def test_refusal_is_shown_on_the_check_page(petugas, petugas_client):
    allocation = _program_with_sessions(4, by=petugas)
    page = petugas_client.get(reverse("pembinaan:certificate_check", args=[allocation.pk]))
    assert "belum selesai" in page.content.decode()
    posted = petugas_client.post(
        reverse("pembinaan:certificate_issue", args=[allocation.pk]), follow=True
    )
    assert "belum selesai" in posted.content.decode()
    assert not ParticipationCertificate.objects.exists()


def test_a_late_arrival_counts_as_attended_like_in_the_figures(petugas):
    allocation = _end(_program_with_sessions(3, by=petugas))
    first = allocation.program.sessions.order_by("date").first()
    Attendance.objects.filter(session=first, inmate=allocation.inmate).update(status="terlambat")
    check = services.certificate_check(allocation)
    assert (check.held, check.attended) == (4, 3)
