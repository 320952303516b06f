"""The steps staff and the complainant take on a complaint, one function per step, each through
the state machine (`pengaduan.services.state_machine`): ULP, the Kepala UPT, the pejabat, the
complainant (holder of number + code), and staff's internal notes."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from pengaduan import notifications
from pengaduan.models import (
    Action,
    AttachmentKind,
    Complaint,
    InternalNote,
    Referral,
    Reply,
    Status,
)
from pengaduan.services.intake import check_attachment_count, store_attachments
from pengaduan.services.state_machine import (
    ACT,
    COMPLAINANT,
    ROLE_LABELS,
    authorise,
    enter_status,
    lock_complaint,
    record_event,
    required_text,
    take_step,
    validate_fields,
)
from pengaduan.uploads import CleanUpload
from rutan.models import User

# --- ULP ---------------------------------------------------------------------------------


def verify_complaint(*, complaint: Complaint, by: User, note: str = "") -> Complaint:
    return take_step(
        complaint,
        Action.VERIFIED,
        by=by,
        note=note.strip(),
        file_complete_on=timezone.localdate(),
    )


def request_completion(*, complaint: Complaint, by: User, message: str) -> Complaint:
    """Ask the complainant to complete the complaint; the deadline clock pauses."""
    message = required_text(message, "Tuliskan apa yang perlu dilengkapi pelapor.")
    with transaction.atomic():
        locked = lock_complaint(complaint)
        role = authorise(Action.COMPLETION_REQUESTED, locked, by)
        from_status, old_due, started = locked.status, locked.due_date, locked.status_since
        enter_status(locked, Status.PERLU_KELENGKAPAN, timezone.now())
        validate_fields(locked)
        locked.save()
        record_event(
            locked,
            action=Action.COMPLETION_REQUESTED,
            from_status=from_status,
            old_due=old_due,
            by=by,
            role=role,
            note=message,
            step_started_at=started,
        )
        notifications.completion_requested(locked, message)
    return locked


def reject_complaint(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    reason = required_text(reason, "Alasan penolakan wajib diisi.")
    return take_step(complaint, Action.REJECTED, by=by, note=reason, outcome_reason=reason)


def refer_complaint(
    *, complaint: Complaint, by: User, destination: str, reason: str, reference: str = ""
) -> Complaint:
    """Refer out: where to (`destination`) and the reference there (letter number or, for
    SP4N-LAPOR!, the report's ID), both kept on the complaint and in the timeline."""
    reason = required_text(reason, "Alasan rujukan wajib diisi.")
    if destination not in Referral.values:
        raise ValidationError("Pilih instansi tujuan rujukan.")
    reference = (reference or "").strip()
    label = Referral(destination).label
    where = f"{label} (nomor rujukan {reference})" if reference else label
    return take_step(
        complaint,
        Action.REFERRED,
        by=by,
        note=f"Dirujuk ke {where}: {reason}",
        outcome_reason=reason,
        referred_to=destination,
        referral_reference=reference,
    )


def submit_recommendation(
    *, complaint: Complaint, by: User, review: str, recommendation: str
) -> Complaint:
    review = required_text(review, "Telaah ULP wajib diisi.")
    recommendation = required_text(recommendation, "Rekomendasi wajib diisi.")
    with transaction.atomic():
        locked = take_step(
            complaint,
            Action.RECOMMENDED,
            by=by,
            note=f"Telaah: {review}\nRekomendasi: {recommendation}",
            review=review,
            recommendation=recommendation,
        )
        notifications.awaiting_direction(locked, reason="ULP telah mengirim telaah dan rekomendasi")
    return locked


def publish_reply(*, complaint: Complaint, by: User, text: str) -> Complaint:
    """ULP reviews (and may edit) the pejabat's draft and publishes it as the public reply."""
    text = required_text(text, "Teks jawaban yang diterbitkan wajib diisi.")
    with transaction.atomic():
        locked = lock_complaint(complaint)
        role = authorise(Action.PUBLISHED, locked, by)
        reply = Reply.objects.select_for_update().get(complaint=locked, published_at__isnull=True)
        from_status, old_due, started = locked.status, locked.due_date, locked.status_since
        now = timezone.now()
        reply.text = text
        reply.published_by = by
        reply.published_at = now
        validate_fields(reply)
        reply.save()
        locked.answered_at = locked.answered_at or now
        enter_status(locked, Status.DIJAWAB, now)
        validate_fields(locked)
        locked.save()
        record_event(
            locked,
            action=Action.PUBLISHED,
            from_status=from_status,
            old_due=old_due,
            by=by,
            role=role,
            step_started_at=started,
        )
        notifications.reply_published(locked)
    return locked


def return_draft(*, complaint: Complaint, by: User, note: str) -> Complaint:
    note = required_text(note, "Tuliskan apa yang perlu diperbaiki pejabat.")
    with transaction.atomic():
        locked = take_step(complaint, Action.DRAFT_RETURNED, by=by, note=note)
        notifications.draft_returned(locked)
    return locked


# --- Kepala UPT ----------------------------------------------------------------------------


def give_direction(
    *, complaint: Complaint, by: User, official: User | None, direction: str
) -> Complaint:
    """The Kepala UPT's arahan, naming the pejabat who acts on it."""
    direction = required_text(direction, "Arahan wajib diisi.")
    if official is None or not official.is_active or not official.has_perm(ACT):
        raise ValidationError("Pilih pejabat terkait yang akan menindaklanjuti.")
    with transaction.atomic():
        locked = take_step(
            complaint,
            Action.DIRECTED,
            by=by,
            note=f"Arahan kepada {official}: {direction}",
            direction=direction,
            assigned_to=official,
        )
        notifications.official_assigned(locked)
    return locked


def send_back_to_ulp(*, complaint: Complaint, by: User, note: str) -> Complaint:
    note = required_text(note, "Tuliskan alasan pengembalian kepada ULP.")
    return take_step(complaint, Action.SENT_BACK, by=by, note=note)


# --- Pejabat -------------------------------------------------------------------------------


# What ULP starts from when the pejabat made a correction without drafting a clarification.
CORRECTION_ONLY_REPLY = (
    "Terima kasih atas pengaduan Anda. Pejabat yang berwenang telah melakukan perbaikan atas "
    "hal yang Anda adukan."
)


def sent_to_ulp(*, correction: str, draft: str) -> Action:
    """The timeline entry of the pejabat's step: what was sent (a perbaikan, a draf
    klarifikasi, or both)."""
    if correction and draft:
        return Action.CORRECTION_AND_DRAFT_SENT
    return Action.DRAFTED if draft else Action.CORRECTION_SENT


def submit_draft_reply(
    *, complaint: Complaint, by: User, correction: str = "", draft: str = ""
) -> Complaint:
    """The pejabat records the perbaikan made and/or drafts the klarifikasi (either or both,
    as the service standard says) for ULP to review and publish."""
    correction, draft = (correction or "").strip(), (draft or "").strip()
    if not correction and not draft:
        raise ValidationError("Isi perbaikan yang dilakukan, draf klarifikasi, atau keduanya.")
    with transaction.atomic():
        locked = lock_complaint(complaint)
        role = authorise(Action.DRAFTED, locked, by)
        now = timezone.now()
        reply = Reply.objects.filter(complaint=locked, published_at__isnull=True).first()
        reply = reply or Reply(complaint=locked)
        reply.correction, reply.draft = correction, draft
        reply.drafted_by, reply.drafted_at = by, now
        validate_fields(reply)
        reply.save()
        from_status, old_due, started = locked.status, locked.due_date, locked.status_since
        enter_status(locked, Status.MENUNGGU_PERSETUJUAN, now)
        validate_fields(locked)
        locked.save()
        record_event(
            locked,
            action=sent_to_ulp(correction=correction, draft=draft),
            from_status=from_status,
            old_due=old_due,
            by=by,
            role=role,
            note=f"Perbaikan: {correction or '-'}\nKlarifikasi: {'ada' if draft else '-'}",
            step_started_at=started,
        )
    return locked


def request_reassignment(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """The pejabat asks the Kepala UPT to name another official (back to MENUNGGU_ARAHAN)."""
    reason = required_text(reason, "Tuliskan alasan permintaan pengalihan.")
    with transaction.atomic():
        locked = take_step(complaint, Action.REASSIGNMENT_REQUESTED, by=by, note=reason)
        notifications.awaiting_direction(locked, reason="pejabat terkait meminta pengalihan")
    return locked


# --- The complainant (holder of number + code) -----------------------------------------------


def complete_complaint(
    *, complaint: Complaint, text: str, attachments: Sequence[CleanUpload] = ()
) -> Complaint:
    """The complainant sends what was asked for; the clock resumes where it paused."""
    text = required_text(text, "Tuliskan kelengkapan yang diminta.")
    attachments = list(attachments)
    check_attachment_count(attachments)
    with transaction.atomic():
        locked = take_step(
            complaint, Action.COMPLETED, by=None, role=COMPLAINANT, note=f"Kelengkapan: {text}"
        )
        store_attachments(locked, attachments, kind=AttachmentKind.EVIDENCE, by=None)
    return locked


def dispute_reply(*, complaint: Complaint, reason: str) -> Complaint:
    """Once per complaint: back to the pejabat, the Kepala UPT informed."""
    reason = required_text(reason, "Tuliskan alasan sanggahan Anda.")
    with transaction.atomic():
        locked = lock_complaint(complaint)
        if locked.disputed_at is not None:
            raise ValidationError("Jawaban atas pengaduan ini sudah pernah disanggah.")
        locked = take_step(
            locked,
            Action.DISPUTED,
            by=None,
            role=COMPLAINANT,
            note=f"Sanggahan: {reason}",
            disputed_at=timezone.now(),
            file_complete_on=timezone.localdate(),
        )
        notifications.reply_disputed(locked)
    return locked


# --- Staff notes ---------------------------------------------------------------------------


def staff_role(user: User) -> str:
    for perm, label in ROLE_LABELS.items():
        if user.has_perm(perm):
            return label
    return "Admin" if user.is_staff else "Petugas"


def add_internal_note(*, complaint: Complaint, by: User, text: str) -> InternalNote:
    """A note for staff only; it is never published."""
    if not by.has_perm("pengaduan.add_internalnote"):
        raise PermissionDenied("Peran Anda tidak dapat menulis catatan internal.")
    text = required_text(text, "Catatan internal tidak boleh kosong.")
    note = InternalNote(complaint=complaint, author=by, author_role=staff_role(by), text=text)
    validate_fields(note)
    note.save()
    return note
