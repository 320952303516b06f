"""Demo data of the absensi app (`python manage.py seed_demo`); idempotent.

A demo terminal registered at 127.0.0.1:4370 — start the emulator there with
`python -m devtools.zk_emulator --port 4370 --first-pin 1001` (the demo register gives active
inmates the device PINs 1001…) and press "Sinkronkan sekarang" (docs/absensi.md) — and
attendance for the past demo sessions that have none yet (a suspended participant, e.g. the
inmate at court, gets the suspension's absence, as the grid pre-marks it). With that
attendance, one participant with enough sessions attended completes their program (allocation
ended "Selesai") and gets a certificate of participation, through the services, once.
"""

import random

from django.conf import settings
from django.utils import timezone

from absensi.models import Attendance, AttendanceStatus, FingerprintDevice
from absensi.services import (
    Entry,
    participants,
    record_attendance,
    register_device,
    suspended_participants,
)
from pembinaan import services as pservices
from pembinaan.models import (
    Allocation,
    EndReason,
    ParticipantResult,
    ParticipationCertificate,
    RegistrationStatus,
    Session,
    SessionStatus,
)
from rutan import roles

DEMO_DEVICE = "Mesin Aula (demo)"


def _attendance_for_past_sessions(by) -> int:
    rng = random.Random(2026)
    recorded = 0
    past = (
        Session.objects.filter(planned_end__lt=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk__in=Attendance.objects.values("session"))
        .order_by("planned_start")
    )
    for session in past:
        entries = []
        away = suspended_participants(session)
        for inmate in participants(session):
            roll = rng.random()
            if inmate.pk in away:
                entries.append(Entry(inmate.pk, away[inmate.pk].status, away[inmate.pk].note))
            elif roll < 0.82:
                entries.append(Entry(inmate.pk, AttendanceStatus.PRESENT))
            elif roll < 0.90:
                entries.append(Entry(inmate.pk, AttendanceStatus.SICK))
            elif roll < 0.95:
                entries.append(
                    Entry(inmate.pk, AttendanceStatus.BON, "Sidang di PN Magetan", "sidang")
                )
            else:
                entries.append(
                    Entry(inmate.pk, AttendanceStatus.EXCUSED, "Kunjungan keluarga", "kunjungan")
                )
        if entries:
            recorded += record_attendance(session=session, entries=entries, by=by)
            # Whoever was absent has no score (the results form refuses one too).
            absent = [e.inmate_id for e in entries if e.status != AttendanceStatus.PRESENT]
            ParticipantResult.objects.filter(session=session, inmate_id__in=absent).update(
                score=None, predicate=""
            )
    return recorded


def _completed_with_certificate(by) -> ParticipationCertificate | None:
    """Once: the first active participant (by program, then name) who attended enough of the
    sessions held completes the program today and gets the certificate."""
    if by is None or ParticipationCertificate.objects.exists():
        return None
    threshold = settings.CERTIFICATE_MIN_ATTENDANCE_PERCENT
    candidates = (
        Allocation.objects.active()
        .filter(inmate__status=RegistrationStatus.AKTIF)
        .select_related("program", "inmate")
        .order_by("program__name", "inmate__name", "pk")
    )
    for allocation in candidates:
        check = pservices.certificate_check(allocation)
        if check.held >= 3 and 100 * check.attended >= threshold * check.held:
            break
    else:
        return None
    pservices.end_allocation(
        allocation=allocation,
        by=by,
        reason=EndReason.FINISHED,
        note="Telah menyelesaikan materi program (data demo).",
    )
    return pservices.issue_certificate(allocation=allocation, by=by)


def load(*, users) -> str:
    admin = users.get(roles.ADMIN)
    device = FingerprintDevice.objects.filter(name=DEMO_DEVICE).first()
    if device is None:
        device, _created = register_device(
            name=DEMO_DEVICE, ip_address="127.0.0.1", port=4370, by=admin
        )
    recorded = _attendance_for_past_sessions(admin)
    certificate = _completed_with_certificate(users.get(roles.PETUGAS_PEMBINAAN))
    issued = f"; surat keterangan {certificate.number} diterbitkan" if certificate else ""
    return f"mesin demo {device.address}; {recorded} absensi sesi lampau dicatat{issued}"
