"""Attendance derived from finger-scan punches: a participant's punch inside a session's window.

Used by the sync (`absensi.sync`, for the punches it has just stored), by the services (a PIN
mapped, a cancellation undone) and by `sync_fingerprint`'s re-derivation of recent sessions.
Manual entries always win; a second run changes nothing.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from absensi.models import Attendance, AttendanceMethod, AttendanceStatus, RawPunch
from pembinaan.models import Allocation, Session, SessionStatus


def punch_window(session: Session) -> tuple[datetime, datetime]:
    """[start − lead, end]: the actual times when recorded, else the planned ones."""
    return session.window(lead_minutes=settings.FINGERPRINT_WINDOW_LEAD_MINUTES)


def derive_attendance(*, sessions: Iterable[Session]) -> int:
    """A punch by a participant inside a session's window makes them Hadir (sidik jari).

    Only participants without an entry are filled: manual entries always win and a second
    run changes nothing. Sessions are locked (in id order) so that a manual save or another
    derivation of the same session waits. Returns how many entries were created.
    """
    ids = sorted({s.pk for s in sessions})
    if not ids:
        return 0
    created: list[Attendance] = []
    with transaction.atomic():
        locked = list(
            Session.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("pk")
        )
        for session in locked:
            created.extend(_derive_one(session))
        if created:
            bulk_create_with_history(created, Attendance)
    return len(created)


def _derive_one(session: Session) -> list[Attendance]:
    pins = {
        a.inmate.device_pin: a.inmate_id
        for a in Allocation.objects.for_session(session).filter(inmate__device_pin__isnull=False)
    }
    if not pins:
        return []
    recorded = set(Attendance.objects.filter(session=session).values_list("inmate_id", flat=True))
    wanted = {pin: inmate_id for pin, inmate_id in pins.items() if inmate_id not in recorded}
    if not wanted:
        return []
    start, end = punch_window(session)
    first: dict[str, RawPunch] = {}
    for punch in RawPunch.objects.filter(
        device_user_id__in=list(wanted), timestamp__gte=start, timestamp__lte=end
    ).order_by("timestamp", "pk"):
        first.setdefault(punch.device_user_id, punch)
    return [
        Attendance(
            session=session,
            inmate_id=wanted[pin],
            status=AttendanceStatus.PRESENT,
            method=AttendanceMethod.FINGERPRINT,
            recorded_at=punch.timestamp,
            punch=punch,
        )
        for pin, punch in first.items()
    ]


def sessions_touching(first: datetime, last: datetime):
    """Sessions whose punch window may meet [first, last] (by date, checked exactly later)."""
    margin = timedelta(days=1)
    return (
        Session.objects.not_cancelled()
        .filter(date__gte=timezone.localdate(first - margin))
        .filter(date__lte=timezone.localdate(last + margin))
        .order_by("pk")
    )


def derive_attendance_for_range(*, first: datetime, last: datetime) -> int:
    """Derive attendance for every session whose window meets punches in [first, last]."""
    candidates = []
    for session in sessions_touching(first, last):
        start, end = punch_window(session)
        if start <= last and end >= first:
            candidates.append(session)
    return derive_attendance(sessions=candidates)


def derive_recent_attendance(*, days: int | None = None) -> int:
    """Re-derive the sessions of the last `days` days (default: the edit window).

    Catches what an event-driven derivation cannot see: a participant allocated, or a
    session's actual times recorded, after the punches were synced.
    """
    days = settings.ATTENDANCE_EDIT_WINDOW_DAYS if days is None else days
    now = timezone.now()
    return derive_attendance(sessions=sessions_touching(now - timedelta(days=days), now))
