"""Service functions of the absensi app: every state change goes through here.

Attendance (manual grid, "Hadir semua", multi-select, the edit window, session cancellation),
PIN mapping, and the device registry and its guarded actions. Below it, in one direction:
`absensi.tasks` (the background sync), `absensi.sync` (lease, download, ingest),
`absensi.derivation` (attendance from finger-scan punches) and `absensi.device` (talking to
the terminal).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Min, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from absensi import device as zk
from absensi.derivation import derive_attendance, derive_attendance_for_range
from absensi.models import (
    ADVANCE_STATUSES,
    ATTENDED_STATUSES,
    SUB_REASONS,
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    AttendanceSubReason,
    FingerprintDevice,
    LogClearance,
    RawPunch,
    SyncRun,
    SyncStatus,
    SyncTrigger,
)
from absensi.summary import deferred, recount_sessions
from absensi.sync import acquire_lease, device_address, fail_stuck_run, release_lease
from absensi.tasks import sync_device_task
from pembinaan.models import (
    Allocation,
    AllocationSuspension,
    Inmate,
    Session,
    SessionStatus,
    SuspensionReason,
)
from pembinaan.services import set_device_pin
from pembinaan.signals import AttendanceMark
from rutan.models import User

logger = logging.getLogger(__name__)


# --- the edit window -------------------------------------------------------------------------


def session_end(session: Session) -> datetime:
    return session.actual_end or session.planned_end


def edit_window_closes(session: Session) -> datetime:
    """Attendance of a session may be changed until this moment (then admins only)."""
    return session_end(session) + timedelta(days=settings.ATTENDANCE_EDIT_WINDOW_DAYS)


def edit_window_opens(session: Session) -> datetime:
    """Attendance can be taken from a little before the start (when people gather)."""
    lead = timedelta(minutes=settings.FINGERPRINT_WINDOW_LEAD_MINUTES)
    return (session.actual_start or session.planned_start) - lead


def is_locked(session: Session, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) > edit_window_closes(session)


def can_edit_locked(user) -> bool:
    return user.has_perm("absensi.edit_locked_attendance")


def is_advance(session: Session, *, now: datetime | None = None) -> bool:
    """Before the window opens: only absences may be recorded (in advance)."""
    return (now or timezone.now()) < edit_window_opens(session)


def check_editable(*, session: Session, by: User, statuses: Iterable[str] | None = None) -> None:
    """Raise ValidationError (Indonesian) when `by` may not change this session's attendance.

    Before the window opens only absences may be recorded in advance (izin/tidak wajib hadir,
    sakit, bon/sidang…): pass the `statuses` to be written; without them an early change is
    refused.
    """
    now = timezone.now()
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError("Sesi ini dibatalkan; absensinya tidak dapat diubah.")
    if is_advance(session, now=now):
        given = list(statuses) if statuses is not None else None
        if given is None or any(s not in ADVANCE_STATUSES for s in given):
            opens = timezone.localtime(edit_window_opens(session))
            raise ValidationError(
                f"Kehadiran sesi ini baru dapat diisi mulai {opens:%d-%m-%Y pukul %H:%M}; "
                "sebelum itu hanya ketidakhadiran (izin, sakit, bon/sidang, …) yang dapat "
                "dicatat lebih dulu."
            )
    if is_locked(session, now=now) and not can_edit_locked(by):
        closed = timezone.localtime(edit_window_closes(session))
        raise ValidationError(
            f"Absensi sesi ini terkunci sejak {closed:%d-%m-%Y %H:%M} "
            f"({settings.ATTENDANCE_EDIT_WINDOW_DAYS} hari setelah sesi). Hubungi admin "
            "untuk perbaikan."
        )


# --- manual attendance -----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One row of the grid: an inmate, a status, an optional sub-reason of that status
    (`SUB_REASONS`) and (for Lainnya, or optionally) a note."""

    inmate_id: int
    status: str
    note: str = ""
    sub_reason: str = ""


def sessions_with_progress(first: date, last: date):
    """Sessions of [first, last], newest first, with `participant_count` and their attendance
    progress (`recorded`, `present`) from the per-session summary, not a count of rows."""
    return (
        Session.objects.with_related()
        .with_participant_count()
        .between(first, last)
        .annotate(
            recorded=Coalesce(F("attendance_count__total"), Value(0)),
            present=Coalesce(F("attendance_count__present"), Value(0)),
        )
        .order_by("-planned_start", "-pk")
    )


def participants(session: Session) -> list[Inmate]:
    """The session's participants (allocations active on its date), by block, cell, name."""
    return [a.inmate for a in Allocation.objects.for_session(session)]


# The attendance a suspension pre-marks.
SUSPENSION_STATUSES = {
    SuspensionReason.BON: AttendanceStatus.BON,
    SuspensionReason.SICK: AttendanceStatus.SICK,
    SuspensionReason.EXCUSED: AttendanceStatus.EXCUSED,
    SuspensionReason.OTHER: AttendanceStatus.OTHER,
}


@dataclass(frozen=True)
class Away:
    """A participant suspended on the session's date: the absence the grid pre-marks."""

    status: str
    note: str
    label: str


def suspended_participants(session: Session) -> dict[int, Away]:
    """Inmate id → the pre-marked absence of each participant whose allocation is suspended
    on the session's date (bon, sakit, izin…). One query."""
    rows = (
        AllocationSuspension.objects.filter(
            allocation__in=Allocation.objects.filter(program_id=session.program_id).active_on(
                session.date
            )
        )
        .covering(session.date)
        .select_related("allocation")
        .order_by("start_date", "pk")
    )
    away: dict[int, Away] = {}
    for row in rows:  # the latest-starting suspension wins
        reason = SuspensionReason(row.reason)
        note = row.note or f"Ditangguhkan: {reason.label}"
        away[row.allocation.inmate_id] = Away(SUSPENSION_STATUSES[reason], note, reason.label)
    return away


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().get(pk=session.pk)


def _validate_entry(entry: Entry, names: dict[int, str]) -> Entry:
    note = (entry.note or "").strip()
    sub = entry.sub_reason or ""
    if entry.status not in AttendanceStatus.values:
        raise ValidationError(f"Status kehadiran tidak dikenal untuk {names[entry.inmate_id]}.")
    if entry.status == AttendanceStatus.OTHER and not note:
        raise ValidationError(
            f"Keterangan wajib diisi untuk alasan \u201cLainnya\u201d ({names[entry.inmate_id]})."
        )
    if sub and sub not in SUB_REASONS.get(entry.status, ()):
        label = dict(AttendanceSubReason.choices).get(sub, sub)
        raise ValidationError(
            f"Rincian \u201c{label}\u201d tidak sesuai dengan alasan "
            f"\u201c{AttendanceStatus(entry.status).label}\u201d ({names[entry.inmate_id]})."
        )
    return Entry(entry.inmate_id, entry.status, note, sub)


@transaction.atomic
def record_attendance(*, session: Session, entries: Sequence[Entry], by: User) -> int:
    """Record the grid: create or change the entries given; unchanged rows are left alone.

    A manual entry replaces a finger-scan one (manual wins). Returns how many rows changed.
    """
    session = _lock_session(session)
    check_editable(session=session, by=by, statuses=[e.status for e in entries])
    existing = {a.inmate_id: a for a in Attendance.objects.filter(session=session)}
    allowed = {i.pk: i.name for i in participants(session)}
    allowed.update(
        Inmate.objects.filter(pk__in=existing).values_list("pk", "name")  # earlier entries
    )
    unknown = [e.inmate_id for e in entries if e.inmate_id not in allowed]
    if unknown:
        raise ValidationError("Sebagian WBP yang dipilih bukan peserta sesi ini.")
    now = timezone.now()
    to_create: list[Attendance] = []
    to_update: list[Attendance] = []
    seen: set[int] = set()
    for raw in entries:
        if raw.inmate_id in seen:
            continue
        seen.add(raw.inmate_id)
        entry = _validate_entry(raw, allowed)
        current = existing.get(entry.inmate_id)
        if current is None:
            to_create.append(
                Attendance(
                    session=session,
                    inmate_id=entry.inmate_id,
                    status=entry.status,
                    sub_reason=entry.sub_reason,
                    note=entry.note,
                    method=AttendanceMethod.MANUAL,
                    recorded_at=now,
                    recorded_by=by,
                )
            )
            continue
        if (current.status, current.sub_reason, current.note) == (
            entry.status,
            entry.sub_reason,
            entry.note,
        ):
            continue
        current.status = entry.status
        current.sub_reason = entry.sub_reason
        current.note = entry.note
        current.method = AttendanceMethod.MANUAL
        current.punch = None
        current.recorded_at = now
        current.recorded_by = by
        current.set_by_cancellation = False
        current.updated_at = now
        to_update.append(current)
    for attendance in [*to_create, *to_update]:
        attendance.full_clean(exclude=["session", "inmate", "recorded_by", "punch"])
    if to_create:
        bulk_create_with_history(to_create, Attendance, default_user=by)
    if to_update:
        bulk_update_with_history(
            to_update,
            Attendance,
            [
                "status",
                "sub_reason",
                "note",
                "method",
                "punch",
                "recorded_at",
                "recorded_by",
                "set_by_cancellation",
                "updated_at",
            ],
            default_user=by,
        )
    if to_create or to_update:
        recount_sessions([session.pk], only_added=True)
    return len(to_create) + len(to_update)


def mark_all_present(*, session: Session, by: User) -> int:
    """ "Hadir semua": every participant without an entry yet becomes Hadir (manual), except
    a suspended one (bon, sakit, izin…), who gets the suspension's absence.

    Entries already recorded (an absence, a finger scan) are left as they are, so it can be
    used before or after marking the few who are absent.
    """
    with transaction.atomic():
        recorded = set(
            Attendance.objects.filter(session=session).values_list("inmate_id", flat=True)
        )
        away = suspended_participants(session)
        entries = [
            Entry(inmate.pk, away[inmate.pk].status, away[inmate.pk].note)
            if inmate.pk in away
            else Entry(inmate.pk, AttendanceStatus.PRESENT)
            for inmate in participants(session)
            if inmate.pk not in recorded
        ]
        return record_attendance(session=session, entries=entries, by=by)


def mark_selected(
    *,
    session: Session,
    inmate_ids: Iterable[int],
    status: str,
    note: str = "",
    sub_reason: str = "",
    by: User,
) -> int:
    """Multi-select: give the chosen participants one status (and sub-reason and note)."""
    ids = list(dict.fromkeys(inmate_ids))
    if not ids:
        raise ValidationError("Pilih minimal satu WBP.")
    entries = [Entry(pk, status, note, sub_reason) for pk in ids]
    return record_attendance(session=session, entries=entries, by=by)


# --- what pembinaan asks (its `attendance_requested` hook) ------------------------------------

# A mark counts as having taken part (certificates, the results form, the rule that a session
# with someone present took place) for the statuses the figures count: Hadir and Terlambat
# (`absensi.models.ATTENDED_STATUSES`).


def attendance_marks(
    *, session_ids, inmate_ids: Iterable[int] | None = None
) -> list[AttendanceMark]:
    """The attendance of sessions as pembinaan reads it (one query)."""
    rows = Attendance.objects.filter(session_id__in=session_ids)
    if inmate_ids is not None:
        rows = rows.filter(inmate_id__in=list(inmate_ids))
    labels = dict(AttendanceStatus.choices)
    return [
        AttendanceMark(
            session_id=session_id,
            inmate_id=inmate_id,
            status=status,
            label=labels.get(status, status),
            attended=status in ATTENDED_STATUSES,
        )
        for session_id, inmate_id, status in rows.values_list("session_id", "inmate_id", "status")
    ]


# --- session cancellation (called by pembinaan's cancel/un-cancel services) -----------------


@transaction.atomic
def on_session_cancelled(*, session: Session, by: User) -> int:
    """Mark every participant without an entry "Sesi dibatalkan"; returns how many.

    Call it in the same transaction that cancels the session. Entries already recorded stay
    (someone who was there is not rewritten). Not subject to the edit window: the
    cancellation itself is pembinaan's decision.
    """
    session = _lock_session(session)
    recorded = set(Attendance.objects.filter(session=session).values_list("inmate_id", flat=True))
    now = timezone.now()
    rows = [
        Attendance(
            session=session,
            inmate=inmate,
            status=AttendanceStatus.CANCELLED,
            method=AttendanceMethod.MANUAL,
            recorded_at=now,
            recorded_by=by,
            set_by_cancellation=True,
        )
        for inmate in participants(session)
        if inmate.pk not in recorded
    ]
    if rows:
        bulk_create_with_history(rows, Attendance, default_user=by)
        recount_sessions([session.pk], only_added=True)
    return len(rows)


@transaction.atomic
def on_session_uncancelled(*, session: Session, by: User) -> int:
    """Undo `on_session_cancelled`: remove the entries it made (history keeps them).

    Entries someone changed by hand since are kept. Finger-scan punches in the session's
    window then count again. Returns how many entries were removed.
    """
    session = _lock_session(session)
    made = list(
        Attendance.objects.filter(
            session=session, set_by_cancellation=True, status=AttendanceStatus.CANCELLED
        )
    )
    with deferred():  # one recount at the end, not one per deleted entry
        for attendance in made:
            attendance._history_user = by
            attendance.delete()
        if session.status != SessionStatus.CANCELLED:
            derive_attendance(sessions=[session])
    return len(made)


# --- PIN mapping -----------------------------------------------------------------------------


def unmatched_pins():
    """Device PINs with punches but no inmate: PIN, punch count, first and last punch."""
    return (
        RawPunch.objects.unmatched()
        .values("device_user_id")
        .annotate(count=Count("id"), first=Min("timestamp"), last=Max("timestamp"))
        .order_by("device_user_id")
    )


def unmatched_counts() -> dict[str, int]:
    """How many distinct device PINs match no inmate, and how many punches they have."""
    return RawPunch.objects.unmatched().aggregate(
        pins=Count("device_user_id", distinct=True), records=Count("id")
    )


def derive_for_pin(pin: str | None) -> int:
    """Derive attendance for every punch of `pin` (after it was given to an inmate); returns
    how many attendance entries were created."""
    if not pin:
        return 0
    span = RawPunch.objects.filter(device_user_id=pin).aggregate(
        first=Min("timestamp"), last=Max("timestamp")
    )
    if span["first"] is None:
        return 0
    return derive_attendance_for_range(first=span["first"], last=span["last"])


def map_device_pin(*, pin: str, inmate: Inmate, by: User, confirm_replace: bool = False) -> int:
    """Give `inmate` the device PIN `pin` (pembinaan's `set_device_pin`: the register's field,
    with history); any active inmate may be chosen.

    From then on that PIN's punches count as the inmate's: attendance is derived at once for
    the sessions those punches fall in (by the `device_pin_changed` receiver, in the same
    transaction). Returns how many attendance entries were created. Inmates are never created
    here; a PIN already used by another inmate is refused; replacing the inmate's own PIN
    needs `confirm_replace` (ValidationError with code "confirm_replace" otherwise).
    """
    pin = (pin or "").strip()
    if not pin:
        raise ValidationError("PIN mesin tidak valid.")
    with transaction.atomic():
        before = Attendance.objects.filter(inmate=inmate).count()
        set_device_pin(
            inmate=inmate,
            pin=pin,
            by=by,
            confirm_replace=confirm_replace,
            reason="dipetakan dari daftar PIN tak dikenal",
        )
        return Attendance.objects.filter(inmate=inmate).count() - before


# --- device registry -------------------------------------------------------------------------


DEVICE_FIELDS = ("name", "ip_address", "port", "use_udp", "comm_key", "time_zone", "venue")


@transaction.atomic
def save_device(
    *, device: FingerprintDevice | None = None, by: User | None = None, **fields
) -> FingerprintDevice:
    """Create or change a device of the registry (validated; history records `by`)."""
    device = device or FingerprintDevice()
    for name, value in fields.items():
        setattr(device, name, value)
    device.full_clean()
    if by is not None:
        device._history_user = by  # type: ignore[attr-defined]  # read by simple_history
    device.save()
    return device


@transaction.atomic
def register_device(
    *,
    name: str,
    ip_address: str,
    port: int = 4370,
    use_udp: bool = False,
    comm_key: int = 0,
    time_zone: str | None = None,
    by: User | None = None,
) -> tuple[FingerprintDevice, bool]:
    """Create the device `name`, or update it (the `register_device` command)."""
    device = FingerprintDevice.objects.select_for_update().filter(name=name).first()
    created = device is None
    fields = {
        "name": name,
        "ip_address": ip_address,
        "port": port,
        "use_udp": use_udp,
        "comm_key": comm_key,
    }
    if time_zone is not None or created:
        fields["time_zone"] = time_zone or FingerprintDevice._meta.get_field("time_zone").default
    return save_device(device=device, by=by, **fields), created


# --- sync requests and guarded device actions -----------------------------------------------


def request_sync(*, device: FingerprintDevice, by: User) -> SyncRun:
    """The "Sinkronkan sekarang" button: queue a background sync (one at a time per device).

    Returns the queued run, or the run already queued or running for this device. A run that
    will never finish (queued past FINGERPRINT_QUEUE_STALE_MINUTES while the worker is down,
    or "berjalan" with no live lease) is failed with its reason and a new one is queued; the
    scheduled sync also picks queued runs up (`sync_fingerprint`).
    """
    with transaction.atomic():
        FingerprintDevice.objects.select_for_update().get(pk=device.pk)
        active = SyncRun.objects.active().filter(device=device).first()
        if active is not None and not fail_stuck_run(active):
            return active
        if not device.is_active:
            raise ValidationError("Mesin ini tidak aktif; aktifkan dulu sebelum sinkronisasi.")
        run = SyncRun.objects.create(
            device=device, trigger=SyncTrigger.BUTTON, requested_by=by, phase="menunggu antrean"
        )
        transaction.on_commit(lambda: sync_device_task.enqueue(run.pk))
    return run


def last_verified_run(device: FingerprintDevice) -> SyncRun | None:
    """The device's latest run, if it succeeded and its count matches the device's count."""
    run = SyncRun.objects.filter(device=device).exclude(status=SyncStatus.QUEUED).first()
    if run is None or run.status != SyncStatus.SUCCESS:
        return None
    if run.record_count is None or run.record_count != run.fetched or run.stored != run.fetched:
        return None
    return run


def check_clearable(device: FingerprintDevice) -> SyncRun:
    """The run that allows clearing the device's log now; ValidationError when none does."""
    run = last_verified_run(device)
    if run is None:
        raise ValidationError(
            "Log mesin hanya dapat dihapus tepat setelah sinkronisasi yang berhasil dan jumlah "
            "catatan tersimpan sama dengan jumlah catatan di mesin. Sinkronkan dulu."
        )
    limit = timedelta(minutes=settings.FINGERPRINT_CLEAR_WITHIN_MINUTES)
    if run.finished_at is None or timezone.now() - run.finished_at > limit:
        raise ValidationError(
            f"Sinkronisasi terakhir sudah lebih dari {settings.FINGERPRINT_CLEAR_WITHIN_MINUTES} "
            "menit yang lalu. Sinkronkan lagi sebelum menghapus log mesin."
        )
    if SyncRun.objects.active().filter(device=device).exists():
        raise ValidationError("Mesin sedang disinkronkan; tunggu sampai selesai.")
    if LogClearance.objects.filter(sync_run=run).exists():
        raise ValidationError("Log mesin sudah dihapus setelah sinkronisasi ini.")
    return run


def clear_device_log(*, device: FingerprintDevice, by: User) -> LogClearance:
    """Clear the terminal's attendance log after a verified sync. Local data is untouched.

    The device is locked (its sync lease) and disabled while its count is checked again and
    the log cleared, so no punch can slip in between; a changed count refuses the clear.
    """
    run = check_clearable(device)
    token = uuid.uuid4().hex
    if not acquire_lease(device, token):
        raise ValidationError("Mesin sedang disinkronkan; tunggu sampai selesai.")
    try:
        try:
            cleared = zk.clear_log(
                device_address(device),
                expected_count=run.record_count or 0,
                deadline=settings.FINGERPRINT_ATTEMPT_DEADLINE_SECONDS,
            )
        except zk.DeviceError as exc:
            raise ValidationError(f"Log mesin tidak dihapus: {exc.message}") from exc
        return LogClearance.objects.create(
            device=device, sync_run=run, record_count=cleared, cleared_by=by
        )
    finally:
        release_lease(device, token)
