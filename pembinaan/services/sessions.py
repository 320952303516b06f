"""Sessions: start, finish, cancel, record or correct their times; results and photos."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pembinaan import signals
from pembinaan.models import (
    CancelReason,
    ParticipantResult,
    Session,
    SessionPhoto,
    SessionResult,
    SessionStatus,
    predicate_for,
)
from pembinaan.signals import AttendanceMark
from rutan.images import CleanImage, ImageRejected, clean_image
from rutan.models import User

# --- Sessions --------------------------------------------------------------------------------


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("program").get(pk=session.pk)


def attendance_marks(
    *, session_ids, inmate_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], AttendanceMark]:
    """The recorded attendance of sessions, {(session id, inmate id): mark}, asked through the
    `attendance_requested` hook (pembinaan does not import the attendance app)."""
    marks: dict[tuple[int, int], AttendanceMark] = {}
    ids = list(inmate_ids) if inmate_ids is not None else None
    for _receiver, answer in signals.attendance_requested.send(
        sender=Session, session_ids=session_ids, inmate_ids=ids
    ):
        answered = cast(list[AttendanceMark], answer or [])
        for mark in answered:
            marks[(mark.session_id, mark.inmate_id)] = mark
    return marks


def time_flags(session: Session) -> dict[str, bool]:
    """How a held session kept to its slot: the three flags, from its actual times.

    - `start_off_time`: started more than SESSION_START_TOLERANCE_MINUTES before or after the
      planned start (a 07:10 start for a 10:00 slot is not in its slot either);
    - `overran`: lasted longer than its slot (planned end − planned start);
    - `too_short`: lasted less than SESSION_MIN_MINUTES (or less than the slot, when the slot
      itself is shorter).
    A session without both times has no flag.
    """
    if session.actual_start is None or session.actual_end is None:
        return {"overran": False, "start_off_time": False, "too_short": False}
    tolerance = timedelta(minutes=settings.SESSION_START_TOLERANCE_MINUTES)
    minimum = timedelta(minutes=settings.SESSION_MIN_MINUTES)
    slot = session.planned_end - session.planned_start
    lasted = session.actual_end - session.actual_start
    return {
        "overran": lasted > slot,
        "start_off_time": abs(session.actual_start - session.planned_start) > tolerance,
        "too_short": lasted < min(minimum, slot),
    }


def _apply_time_flags(session: Session) -> None:
    for name, value in time_flags(session).items():
        setattr(session, name, value)


def start_session(*, session: Session, by: User) -> Session:
    """TERJADWAL → BERLANGSUNG on the session's day; records the actual start."""
    with transaction.atomic():
        session = _lock_session(session)
        if session.status != SessionStatus.SCHEDULED:
            raise ValidationError(
                f"Sesi berstatus {session.get_status_display()} tidak dapat dimulai."
            )
        if session.date != timezone.localdate():
            raise ValidationError("Sesi hanya dapat dimulai pada hari pelaksanaannya.")
        session.status = SessionStatus.RUNNING
        session.actual_start = timezone.now()
        session.started_by = by
        session.save()
    return session


def finish_session(*, session: Session, by: User) -> Session:
    """BERLANGSUNG → SELESAI on the day it started; records the actual end and its flags.

    On a later day "Selesai" would record an end hours after the session really ended (a
    1,380-minute overrun the next morning): it is refused, and the end is recorded with
    `record_session_times` instead.
    """
    with transaction.atomic():
        session = _lock_session(session)
        if session.status != SessionStatus.RUNNING:
            raise ValidationError("Hanya sesi yang sedang berlangsung yang dapat diakhiri.")
        assert session.actual_start is not None  # a running session has started (constraint)
        now = timezone.now()
        if timezone.localdate(now) != timezone.localdate(session.actual_start):
            raise ValidationError(
                "Sesi ini dimulai pada hari lain; catat jam selesainya yang sebenarnya lewat "
                "\u201cCatat/koreksi waktu pelaksanaan\u201d."
            )
        session.status = SessionStatus.FINISHED
        session.actual_end = max(now, session.actual_start)
        session.finished_by = by
        _apply_time_flags(session)
        session.save()
    return session


# The longest a session may be recorded to have lasted: a slot is 45 minutes; a whole
# morning or afternoon is the most a real session took.
MAX_RECORDED_MINUTES = 8 * 60


def times_deadline(session: Session) -> datetime:
    """Until when a petugas may record or correct a session's times (then Kepala UPT/admin):
    RESULT_EDIT_WINDOW_DAYS after the planned end, the same window as the results."""
    return session.planned_end + timedelta(days=settings.RESULT_EDIT_WINDOW_DAYS)


def times_editable(*, session: Session, by: User) -> bool:
    """Whether `by` may record or correct the times of `session` now."""
    if session.status == SessionStatus.CANCELLED:
        return False
    if not by.has_perm("pembinaan.record_session_times"):
        return False
    if by.has_perm("pembinaan.correct_locked_session_times"):
        return True
    return timezone.now() <= times_deadline(session)


def record_session_times(
    *, session: Session, by: User, start: datetime, end: datetime, reason: str
) -> Session:
    """Record or correct a session's actual start and end after the fact, with a reason.

    A scheduled session that was held but never started in the app, or a running one never
    finished, becomes SELESAI with these times; a finished one gets its times corrected. The
    three time flags are recomputed; the history keeps the reason and the previous times.
    A petugas may do it until `times_deadline`, the Kepala UPT and admins after it too.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Tuliskan alasan pencatatan atau koreksi waktu."})
    if start is None or end is None:
        raise ValidationError("Isi jam mulai dan jam selesai.")
    if end <= start:
        raise ValidationError({"end": "Jam selesai harus sesudah jam mulai."})
    if end - start > timedelta(minutes=MAX_RECORDED_MINUTES):
        raise ValidationError(
            {"end": f"Sesi tidak mungkin berlangsung lebih dari {MAX_RECORDED_MINUTES // 60} jam."}
        )
    if end > timezone.now():
        raise ValidationError({"end": "Jam selesai tidak boleh di masa depan."})
    with transaction.atomic():
        session = _lock_session(session)
        if session.status == SessionStatus.CANCELLED:
            raise ValidationError(
                "Sesi ini dibatalkan; cabut pembatalannya dahulu bila sesi ternyata terlaksana."
            )
        if timezone.localdate(start) != session.date:
            raise ValidationError(
                {"start": f"Jam mulai harus pada tanggal sesi ({session.date:%d-%m-%Y})."}
            )
        if not times_editable(session=session, by=by):
            deadline = timezone.localtime(times_deadline(session))
            raise ValidationError(
                f"Batas waktu koreksi jam sesi ({deadline:%d-%m-%Y %H:%M}) sudah lewat; "
                "hanya Kepala UPT atau admin yang dapat mengoreksinya."
            )
        if session.status != SessionStatus.FINISHED:
            session.status = SessionStatus.FINISHED
            session.started_by = session.started_by or by
            session.finished_by = by
        session.actual_start = start
        session.actual_end = end
        session.times_note = reason
        session.times_recorded_by = by
        session.times_recorded_at = timezone.now()
        _apply_time_flags(session)
        # Read by simple_history: who, and why (its column holds 100 characters; the whole
        # reason is in `times_note`, kept in the same history row).
        session._history_user = by  # type: ignore[attr-defined]
        session._change_reason = reason[:100]  # type: ignore[attr-defined]
        session.full_clean(exclude=["program", "plan", "revision", "venue"], validate_unique=False)
        session.save()
        # Attendance (absensi) derives finger-scan attendance for the session's real window.
        signals.session_times_recorded.send(sender=Session, session=session, by=by)
    return session


def cancel_session(*, session: Session, by: User, reason: str, note: str = "") -> Session:
    """TERJADWAL → DIBATALKAN with a reason (Lainnya needs a note).

    A session whose start has passed and at which a participant was recorded present took
    place: it cannot be cancelled (record its times instead).
    """
    note = (note or "").strip()
    if reason not in CancelReason.values:
        raise ValidationError({"reason": "Pilih alasan pembatalan."})
    if reason == CancelReason.OTHER and not note:
        raise ValidationError({"note": "Jelaskan alasan pembatalan."})
    with transaction.atomic():
        session = _lock_session(session)
        if session.status != SessionStatus.SCHEDULED:
            raise ValidationError(
                f"Sesi berstatus {session.get_status_display()} tidak dapat dibatalkan."
            )
        if session.planned_start <= timezone.now() and any(
            mark.attended for mark in attendance_marks(session_ids=[session.pk]).values()
        ):
            raise ValidationError(
                "Sesi yang sudah lewat dan sudah ada peserta tercatat hadir tidak dapat "
                "dibatalkan; catat waktu pelaksanaannya sebagai sesi terlaksana."
            )
        session.status = SessionStatus.CANCELLED
        session.cancel_reason = reason
        session.cancel_note = note
        session.cancelled_by = by
        session.cancelled_at = timezone.now()
        session.save()
        # Attendance (absensi) marks unrecorded participants "Sesi dibatalkan".
        signals.session_cancelled.send(sender=Session, session=session, by=by)
    return session


def uncancel_session(*, session: Session, by: User) -> Session:
    """DIBATALKAN → TERJADWAL (the cancellation stays in the history)."""
    with transaction.atomic():
        session = _lock_session(session)
        if session.status != SessionStatus.CANCELLED:
            raise ValidationError("Sesi ini tidak dibatalkan.")
        session.status = SessionStatus.SCHEDULED
        session.cancel_reason = ""
        session.cancel_note = ""
        session.cancelled_by = None
        session.cancelled_at = None
        session.save()
        # Attendance (absensi) removes the "Sesi dibatalkan" entries the cancellation made.
        signals.session_uncancelled.send(sender=Session, session=session, by=by)
    return session


# --- Results ---------------------------------------------------------------------------------


def result_deadline(session: Session) -> datetime:
    """Until when a session's results may be recorded or changed by non-admins."""
    end = session.actual_end or session.planned_end
    return end + timedelta(days=settings.RESULT_EDIT_WINDOW_DAYS)


def results_editable(*, session: Session, by: User) -> bool:
    if session.status != SessionStatus.FINISHED:
        return False
    if by.has_perm("pembinaan.edit_locked_results"):
        return True
    return timezone.now() <= result_deadline(session)


def _check_results_editable(session: Session, by: User) -> None:
    if session.status != SessionStatus.FINISHED:
        raise ValidationError("Hasil hanya dapat dicatat untuk sesi yang sudah selesai.")
    if not results_editable(session=session, by=by):
        raise ValidationError(
            f"Batas waktu perubahan hasil ({settings.RESULT_EDIT_WINDOW_DAYS} hari setelah sesi) "
            f"sudah lewat; hanya admin yang dapat mengubahnya."
        )


def save_session_result(
    *, session: Session, by: User, summary: str, material: str = "", notes: str = ""
) -> SessionResult:
    """Record or change a finished session's result, within the edit window."""
    with transaction.atomic():
        session = _lock_session(session)
        _check_results_editable(session, by)
        result = SessionResult.objects.filter(session=session).first() or SessionResult(
            session=session, recorded_by=by
        )
        result.summary = (summary or "").strip()
        result.material = (material or "").strip()
        result.notes = (notes or "").strip()
        result.full_clean()
        result.save()
    return result


def save_participant_results(*, session: Session, by: User, rows: Iterable[dict]) -> int:
    """Record participants' scores/predikat/behaviour notes: rows of {"inmate": id, "score",
    "predicate", "behaviour_note"}; only the session's participants; empty rows are skipped
    (an existing result emptied is kept, cleared). Returns how many rows were written.

    A score sets the predikat from the scale (`predicate_for`); a predikat alone is kept. A
    participant recorded absent gets no score or predikat (a behaviour note is allowed); so
    does one suspended on the session's date (bon, sakit, izin…) with no attendance recorded:
    the grid pre-marks them absent. A recorded presence wins over the suspension.
    """
    with transaction.atomic():
        session = _lock_session(session)
        _check_results_editable(session, by)
        participants = dict(session.participants().values_list("inmate_id", "inmate__name"))
        suspended = set(
            session.participants().suspended_on(session.date).values_list("inmate_id", flat=True)
        )
        existing = {r.inmate_id: r for r in session.participant_results.all()}
        marks = attendance_marks(session_ids=[session.pk])
        to_create: list[ParticipantResult] = []
        to_update: list[ParticipantResult] = []
        for row in rows:
            inmate_id = int(row["inmate"])
            if inmate_id not in participants:
                raise ValidationError("WBP tersebut bukan peserta sesi ini.")
            score = row.get("score")
            values = {
                "score": score,
                "predicate": predicate_for(score)
                if score is not None
                else row.get("predicate") or "",
                "behaviour_note": (row.get("behaviour_note") or "").strip(),
            }
            mark = marks.get((session.pk, inmate_id))
            if (values["score"] is not None or values["predicate"]) and (
                mark is not None and not mark.attended
            ):
                raise ValidationError(
                    f"{participants[inmate_id]} tercatat {mark.label.lower()} pada sesi ini; "
                    "nilai dan predikat hanya untuk peserta yang hadir."
                )
            if (values["score"] is not None or values["predicate"]) and (
                mark is None and inmate_id in suspended
            ):
                raise ValidationError(
                    f"{participants[inmate_id]} ditangguhkan pada tanggal sesi ini dan belum "
                    "tercatat hadir; nilai dan predikat hanya untuk peserta yang hadir."
                )
            result = existing.get(inmate_id)
            if result is None:
                if (
                    values["score"] is None
                    and not values["predicate"]
                    and not values["behaviour_note"]
                ):
                    continue
                result = ParticipantResult(session=session, inmate_id=inmate_id, updated_by=by)
                target = to_create
            elif all(getattr(result, k) == v for k, v in values.items()):
                continue
            else:
                target = to_update
            for name, value in values.items():
                setattr(result, name, value)
            result.updated_by = by
            result.clean_fields(exclude=["session", "inmate", "updated_by"])
            target.append(result)
        bulk_create_with_history(to_create, ParticipantResult)
        if to_update:
            now = timezone.now()
            for result in to_update:
                result.updated_at = now
            bulk_update_with_history(
                to_update,
                ParticipantResult,
                ["score", "predicate", "behaviour_note", "updated_by", "updated_at"],
            )
    return len(to_create) + len(to_update)


PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def _check_image(upload: UploadedFile) -> CleanImage:
    """The uploaded photo, checked with Pillow and re-encoded without metadata (EXIF, GPS,
    appended data); the pixel limit applies to this call only."""
    limit = settings.SESSION_PHOTO_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError(f"Ukuran foto melebihi batas {limit // (1024 * 1024)} MB.")
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(f"Ukuran foto melebihi batas {limit // (1024 * 1024)} MB.")
    try:
        return clean_image(
            data, formats=PHOTO_FORMATS, max_pixels=settings.SESSION_PHOTO_MAX_PIXELS
        )
    except ImageRejected as exc:
        if exc.reason == "format" and exc.found:
            raise ValidationError("Hanya foto JPEG, PNG atau WebP yang diterima.") from exc
        if exc.reason == "pixels":
            raise ValidationError("Resolusi foto terlalu besar.") from exc
        raise ValidationError("Berkas bukan gambar yang sah (JPEG, PNG atau WebP).") from exc


def add_session_photo(
    *, session: Session, by: User, upload: UploadedFile, caption: str = ""
) -> SessionPhoto:
    """Store a photo of a finished session privately, under a random name, without metadata."""
    from django.core.files.base import ContentFile

    image = _check_image(upload)
    photo = SessionPhoto(
        session=session,
        content_type=image.content_type,
        size=len(image.content),
        width=image.width,
        height=image.height,
        caption=(caption or "").strip(),
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            photo.session = _lock_session(session)
            _check_results_editable(photo.session, by)
            photo.full_clean(exclude=["image"])
            photo.image.save(f"foto.{image.extension}", ContentFile(image.content), save=False)
            photo.save()
    except Exception:
        if photo.image.name:  # the file was written but its row was not
            photo.image.storage.delete(photo.image.name)
        raise
    return photo


def delete_session_photo(*, photo: SessionPhoto, by: User) -> None:
    """Remove a photo (within the edit window); the file goes once the transaction commits."""
    with transaction.atomic():
        session = _lock_session(photo.session)
        _check_results_editable(session, by)
        storage, name = photo.image.storage, photo.image.name
        photo.delete()
        transaction.on_commit(lambda: storage.delete(name))
