"""Demo data of the absensi app (`python manage.py seed_demo`); idempotent.

A demo terminal registered at 127.0.0.1:4370 — start the emulator there with
`python -m devtools.zk_emulator --port 4370 --first-pin 1001` (the demo register gives active
inmates the device PINs 1001…) and press "Sinkronkan sekarang" (docs/absensi.md) — and
attendance for the past demo sessions that have none yet.
"""

import random

from django.utils import timezone

from absensi.models import Attendance, AttendanceStatus, FingerprintDevice
from absensi.services import Entry, participants, record_attendance, register_device
from pembinaan.models import ParticipantResult, Session, SessionStatus
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
        for inmate in participants(session):
            roll = rng.random()
            if roll < 0.82:
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


def load(*, users) -> str:
    admin = users.get(roles.ADMIN)
    device = FingerprintDevice.objects.filter(name=DEMO_DEVICE).first()
    if device is None:
        device, _created = register_device(
            name=DEMO_DEVICE, ip_address="127.0.0.1", port=4370, by=admin
        )
    recorded = _attendance_for_past_sessions(admin)
    return f"mesin demo {device.address}; {recorded} absensi sesi lampau dicatat"
