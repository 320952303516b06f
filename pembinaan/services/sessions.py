"""Sessions: start, finish, cancel; their results and photos."""

import io
from collections.abc import Iterable
from datetime import datetime, timedelta

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
)
from rutan.models import User

# --- Sessions --------------------------------------------------------------------------------


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("program").get(pk=session.pk)


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
    """BERLANGSUNG → SELESAI; records the actual end and flags an overrun of the slot."""
    with transaction.atomic():
        session = _lock_session(session)
        if session.status != SessionStatus.RUNNING:
            raise ValidationError("Hanya sesi yang sedang berlangsung yang dapat diakhiri.")
        assert session.actual_start is not None  # a running session has started (constraint)
        session.status = SessionStatus.FINISHED
        session.actual_end = max(timezone.now(), session.actual_start)
        session.finished_by = by
        session.overran = (session.actual_end - session.actual_start) > (
            session.planned_end - session.planned_start
        )
        session.save()
    return session


def cancel_session(*, session: Session, by: User, reason: str, note: str = "") -> Session:
    """TERJADWAL → DIBATALKAN with a reason (Lainnya needs a note)."""
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
    (an existing result emptied is kept, cleared). Returns how many rows were written."""
    with transaction.atomic():
        session = _lock_session(session)
        _check_results_editable(session, by)
        participants = set(session.participants().values_list("inmate_id", flat=True))
        existing = {r.inmate_id: r for r in session.participant_results.all()}
        to_create: list[ParticipantResult] = []
        to_update: list[ParticipantResult] = []
        for row in rows:
            inmate_id = int(row["inmate"])
            if inmate_id not in participants:
                raise ValidationError("WBP tersebut bukan peserta sesi ini.")
            values = {
                "score": row.get("score"),
                "predicate": row.get("predicate") or "",
                "behaviour_note": (row.get("behaviour_note") or "").strip(),
            }
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


PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


def _check_image(upload: UploadedFile) -> tuple[str, str, int, int]:
    """(content type, extension, width, height) of an uploaded image, checked with Pillow."""
    from PIL import Image, UnidentifiedImageError

    limit = settings.SESSION_PHOTO_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError(f"Ukuran foto melebihi batas {limit // (1024 * 1024)} MB.")
    data = upload.read()
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:  # verify() leaves the image unusable
            fmt, (width, height) = image.format, image.size
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError("Berkas bukan gambar yang sah (JPEG, PNG atau WebP).") from exc
    if fmt not in PHOTO_FORMATS:
        raise ValidationError("Hanya foto JPEG, PNG atau WebP yang diterima.")
    content_type, ext = PHOTO_FORMATS[fmt]
    return content_type, ext, width, height


def add_session_photo(
    *, session: Session, by: User, upload: UploadedFile, caption: str = ""
) -> SessionPhoto:
    """Store a photo of a finished session privately, under a random name."""
    from django.core.files.base import ContentFile

    content_type, ext, width, height = _check_image(upload)
    photo = SessionPhoto(
        session=session,
        content_type=content_type,
        size=upload.size or 0,
        width=width,
        height=height,
        caption=(caption or "").strip(),
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            photo.session = _lock_session(session)
            _check_results_editable(photo.session, by)
            photo.full_clean(exclude=["image"])
            photo.image.save(f"foto.{ext}", ContentFile(upload.read()), save=False)
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
