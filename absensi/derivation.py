"""Attendance derived from finger-scan punches: a participant's punch inside a session's window.

Used by the sync (`absensi.sync`, for the punches it has just stored), by the services (a PIN
mapped, a cancellation undone) and by `sync_fingerprint`'s re-derivation of recent sessions.
Manual entries always win; a second run changes nothing.
"""

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from absensi.models import Attendance, AttendanceMethod, AttendanceStatus, RawPunch
from absensi.summary import recount_sessions
from pembinaan.models import Allocation, Session, SessionStatus


def punch_window(session: Session) -> tuple[datetime, datetime]:
    """[start − lead, end]: the actual times when recorded, else the planned ones."""
    return session.window(lead_minutes=settings.FINGERPRINT_WINDOW_LEAD_MINUTES)


# Sessions derived per transaction: each transaction locks at most this many sessions, so a
# petugas saving one session's attendance waits for one batch, not for a whole first sync.
SESSIONS_PER_TRANSACTION = 200
PINS_PER_QUERY = 500


def derive_attendance(*, sessions: Iterable[Session]) -> int:
    """A punch by a participant inside a session's window makes them Hadir (sidik jari).

    Only participants without an entry are filled: manual entries always win and a second
    run changes nothing. Sessions are locked (in id order) so that a manual save or another
    derivation of the same session waits. Set-based: a few queries per batch of
    `SESSIONS_PER_TRANSACTION` sessions, each batch in its own transaction (a savepoint when
    the caller is already in one). Returns how many entries were created.
    """
    ids = sorted({s.pk for s in sessions})
    created = 0
    for start in range(0, len(ids), SESSIONS_PER_TRANSACTION):
        created += _derive_batch(ids[start : start + SESSIONS_PER_TRANSACTION])
    return created


def _derive_batch(ids: list[int]) -> int:
    """Derive one batch of sessions: four queries (one more per 500 PINs beyond the first
    500), plus the inserts when there is news."""
    with transaction.atomic():
        locked = list(
            Session.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("pk")
        )
        if not locked:
            return 0
        # Participants with a PIN of the batch's programs (active on which day is checked
        # below, with the same rule as `Allocation.objects.active_on`).
        by_program: dict[int, list[tuple]] = defaultdict(list)
        for row in Allocation.objects.filter(
            program_id__in={s.program_id for s in locked}, inmate__device_pin__isnull=False
        ).values_list("program_id", "start_date", "end_date", "inmate_id", "inmate__device_pin"):
            by_program[row[0]].append(row[1:])
        wanted: dict[int, dict[str, int]] = {}
        for session in locked:
            pins = {
                pin: inmate_id
                for begin, end, inmate_id, pin in by_program.get(session.program_id, ())
                if begin <= session.date and (end is None or end > session.date)
            }
            if pins:
                wanted[session.pk] = pins
        if not wanted:
            return 0
        recorded = set(
            Attendance.objects.filter(session_id__in=list(wanted)).values_list(
                "session_id", "inmate_id"
            )
        )
        windows = {s.pk: punch_window(s) for s in locked if s.pk in wanted}
        first = min(start for start, _end in windows.values())
        last = max(end for _start, end in windows.values())
        all_pins = sorted({pin for pins in wanted.values() for pin in pins})
        # The participants' punches of the batch's time span (through the PIN-and-time index,
        # PINs 500 at a time), per PIN in (timestamp, id) order: the first punch inside a
        # window is then found by bisection.
        punches: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
        for offset in range(0, len(all_pins), PINS_PER_QUERY):
            for pin, stamp, pk in (
                RawPunch.objects.filter(
                    device_user_id__in=all_pins[offset : offset + PINS_PER_QUERY],
                    timestamp__gte=first,
                    timestamp__lte=last,
                )
                .order_by("timestamp", "pk")
                .values_list("device_user_id", "timestamp", "pk")
                .iterator(chunk_size=10_000)
            ):
                punches[pin].append((stamp, pk))
        new: list[Attendance] = []
        for session_id, pins in wanted.items():
            opens, closes = windows[session_id]
            for pin, inmate_id in pins.items():
                if (session_id, inmate_id) in recorded or pin not in punches:
                    continue
                found = _first_in(punches[pin], opens, closes)
                if found is not None:
                    new.append(
                        Attendance(
                            session_id=session_id,
                            inmate_id=inmate_id,
                            status=AttendanceStatus.PRESENT,
                            method=AttendanceMethod.FINGERPRINT,
                            recorded_at=found[0],
                            punch_id=found[1],
                        )
                    )
        if new:
            bulk_create_with_history(new, Attendance, batch_size=1_000)
            recount_sessions({row.session_id for row in new}, only_added=True)
        return len(new)


def _first_in(
    stamps: list[tuple[datetime, int]], start: datetime, end: datetime
) -> tuple[datetime, int] | None:
    """The first (timestamp, id) in [start, end] of a list sorted by (timestamp, id)."""
    i = bisect_left(stamps, start, key=lambda item: item[0])
    if i < len(stamps) and stamps[i][0] <= end:
        return stamps[i]
    return None


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
