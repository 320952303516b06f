"""Certificates of participation (surat keterangan mengikuti pembinaan kesenian).

An inmate *completed* a program when
- the allocation ended with the reason "Selesai", or the program itself is finished (status
  "Selesai") while the allocation was still running or ended "Selesai"; and
- they attended at least CERTIFICATE_MIN_ATTENDANCE_PERCENT (default 75) percent of the
  program's sessions held (finished) during the allocation, with at least one held.

The figures are counted when the certificate is issued and kept on it (docs/pembinaan.md).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from pembinaan.models import (
    Allocation,
    EndReason,
    ParticipationCertificate,
    ProgramStatus,
    Session,
    SessionStatus,
)
from pembinaan.services.sessions import attendance_marks
from rutan.models import UnitProfile, User

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
NUMBER_CODE = "SK-PK"


def certificate_number(*, sequence: int, on: date) -> str:
    """`NNN/SK-PK/<month in Roman numerals>/<year>`, e.g. 007/SK-PK/XI/2026."""
    return f"{sequence:03d}/{NUMBER_CODE}/{ROMAN_MONTHS[on.month - 1]}/{on.year}"


@dataclass(frozen=True)
class CertificateCheck:
    """Whether an allocation earns a certificate, and the figures it would show."""

    allocation: Allocation
    held: int
    attended: int
    period_start: date
    period_end: date
    refusal: str  # empty when the inmate completed the program

    @property
    def eligible(self) -> bool:
        return not self.refusal

    @property
    def percent(self) -> int | None:
        return round(100 * self.attended / self.held) if self.held else None


def held_sessions(allocation: Allocation):
    """The program's finished sessions during the allocation (end date exclusive)."""
    sessions = Session.objects.filter(
        program_id=allocation.program_id,
        status=SessionStatus.FINISHED,
        date__gte=allocation.start_date,
    )
    if allocation.end_date is not None:
        sessions = sessions.filter(date__lt=allocation.end_date)
    return sessions


def certificate_check(allocation: Allocation) -> CertificateCheck:
    """Count the sessions held and attended and say whether the program was completed."""
    dates = list(held_sessions(allocation).values_list("pk", "date"))
    marks = attendance_marks(session_ids=[pk for pk, _ in dates], inmate_ids=[allocation.inmate_id])
    attended = sum(1 for mark in marks.values() if mark.attended)
    held = len(dates)
    period_start = allocation.start_date
    if allocation.end_date is not None:
        period_end = max(allocation.end_date - timedelta(days=1), period_start)
    else:
        period_end = max([day for _, day in dates] or [period_start])
    program_finished = allocation.program.status == ProgramStatus.FINISHED
    ended_finished = allocation.end_reason == EndReason.FINISHED
    threshold = settings.CERTIFICATE_MIN_ATTENDANCE_PERCENT
    refusal = ""
    if not (ended_finished or (program_finished and allocation.end_date is None)):
        refusal = (
            "Keikutsertaan belum selesai: akhiri dengan alasan \u201cSelesai\u201d atau tunggu "
            "program berstatus Selesai."
        )
    elif held == 0:
        refusal = "Belum ada sesi yang terlaksana selama keikutsertaan ini."
    elif 100 * attended < threshold * held:
        refusal = (
            f"Kehadiran {attended} dari {held} sesi ({round(100 * attended / held)}%) di bawah "
            f"batas {threshold}% untuk surat keterangan."
        )
    return CertificateCheck(allocation, held, attended, period_start, period_end, refusal)


def issue_certificate(*, allocation: Allocation, by: User) -> ParticipationCertificate:
    """Issue the numbered certificate of a completed allocation (one per allocation)."""
    if not by.has_perm("pembinaan.issue_certificate"):
        raise ValidationError("Anda tidak berwenang menerbitkan surat keterangan.")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _issue(allocation, by)
        except IntegrityError:
            # Another certificate took the number meanwhile (or this allocation got one).
            if ParticipationCertificate.objects.filter(allocation_id=allocation.pk).exists():
                break
    raise ValidationError("Surat keterangan untuk keikutsertaan ini sudah diterbitkan.")


def _issue(allocation: Allocation, by: User) -> ParticipationCertificate:
    allocation = (
        Allocation.objects.select_for_update()
        .select_related("program", "inmate")
        .get(pk=allocation.pk)
    )
    if ParticipationCertificate.objects.filter(allocation=allocation).exists():
        raise ValidationError("Surat keterangan untuk keikutsertaan ini sudah diterbitkan.")
    check = certificate_check(allocation)
    if not check.eligible:
        raise ValidationError(check.refusal)
    now = timezone.now()
    today = timezone.localdate(now)
    last = ParticipationCertificate.objects.filter(year=today.year).aggregate(n=Max("sequence"))[
        "n"
    ]
    sequence = (last or 0) + 1
    unit = UnitProfile.load()
    certificate = ParticipationCertificate(
        number=certificate_number(sequence=sequence, on=today),
        year=today.year,
        sequence=sequence,
        allocation=allocation,
        inmate=allocation.inmate,
        program=allocation.program,
        period_start=check.period_start,
        period_end=check.period_end,
        sessions_held=check.held,
        sessions_attended=check.attended,
        signer_name=unit.head_name,
        signer_nip=unit.head_nip,
        issued_by=by,
        issued_at=now,
    )
    certificate.full_clean(validate_unique=False, validate_constraints=False)
    certificate.save()
    return certificate
