"""Service functions of the pengaduan app: every state change goes through here.

Each step of the state machine (domain.md, "Complaint desk") is a function that, inside one
transaction: locks the complaint row, checks that the user's role may take the step and that the
complaint is in a state the step starts from (PermissionDenied / ValidationError in Indonesian
otherwise), changes it, computes the new deadlines, validates (`full_clean`), writes one
immutable timeline event (who, role, when, from → to, note) and schedules the e-mails with
`transaction.on_commit`.
"""

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from pengaduan import notifications
from pengaduan.models import (
    ACTOR_STATES,
    IDENTITY_FIELDS,
    OPEN_STATES,
    TERMINAL_STATES,
    Action,
    Attachment,
    AttachmentKind,
    Channel,
    Complaint,
    ComplaintCounter,
    ComplaintEvent,
    DayKind,
    IdentityMode,
    InternalNote,
    OverdueReminder,
    Referral,
    Reply,
    ServiceCategory,
    StateTarget,
    Status,
)
from pengaduan.uploads import CleanUpload
from pengaduan.workdays import Calendar, calendar_for

HANDLE = "pengaduan.handle_complaint"
DIRECT = "pengaduan.direct_complaint"
ACT = "pengaduan.act_on_complaint"

ROLE_LABELS = {HANDLE: "ULP", DIRECT: "Kepala UPT", ACT: "Pejabat terkait"}
COMPLAINANT = "Pelapor"
SYSTEM = "Sistem"

# The targets of domain.md, used when an admin has deleted a StateTarget row.
DEFAULT_TARGETS: dict[str, tuple[int, str]] = {
    Status.DITERIMA: (3, DayKind.WORKING),
    Status.PERLU_KELENGKAPAN: (30, DayKind.CALENDAR),
    Status.DITELAAH: (2, DayKind.WORKING),
    Status.MENUNGGU_ARAHAN: (2, DayKind.WORKING),
    Status.DITINDAKLANJUTI: (5, DayKind.WORKING),
    Status.MENUNGGU_PERSETUJUAN: (1, DayKind.WORKING),
    Status.DIJAWAB: (10, DayKind.WORKING),
}


def officials():
    """Who the Kepala UPT can name as the responsible official (not the admin operators)."""
    return notifications.users_with(ACT).filter(is_staff=False).order_by("first_name", "username")


# --- The state machine ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A step: where it leads, and from which states each role may take it.

    `by` maps a permission to the states it may start the step from; the key None stands for
    the complainant (holder of the tracking code) or the system (`pengaduan_tick`).
    """

    target: Status | None
    by: dict[str | None, frozenset[Status]]
    verb: str  # "… tidak dapat <verb>."

    def sources(self) -> frozenset[Status]:
        return frozenset().union(*self.by.values())


def _states(*states: Status) -> frozenset[Status]:
    return frozenset(states)


STEPS: dict[str, Step] = {
    Action.VERIFIED: Step(Status.DITELAAH, {HANDLE: _states(Status.DITERIMA)}, "diverifikasi"),
    Action.COMPLETION_REQUESTED: Step(
        Status.PERLU_KELENGKAPAN, {HANDLE: _states(Status.DITERIMA)}, "dimintakan kelengkapan"
    ),
    Action.COMPLETED: Step(
        Status.DITERIMA, {None: _states(Status.PERLU_KELENGKAPAN)}, "dilengkapi"
    ),
    Action.REJECTED: Step(
        Status.DITOLAK,
        {HANDLE: _states(Status.DITERIMA), DIRECT: _states(Status.MENUNGGU_ARAHAN)},
        "ditolak",
    ),
    Action.REFERRED: Step(
        Status.DIRUJUK,
        {HANDLE: _states(Status.DITERIMA), DIRECT: _states(Status.MENUNGGU_ARAHAN)},
        "dirujuk",
    ),
    Action.RECOMMENDED: Step(
        Status.MENUNGGU_ARAHAN, {HANDLE: _states(Status.DITELAAH)}, "dikirim ke Kepala UPT"
    ),
    Action.DIRECTED: Step(
        Status.DITINDAKLANJUTI, {DIRECT: _states(Status.MENUNGGU_ARAHAN)}, "diberi arahan"
    ),
    Action.SENT_BACK: Step(
        Status.DITELAAH, {DIRECT: _states(Status.MENUNGGU_ARAHAN)}, "dikembalikan ke ULP"
    ),
    Action.DRAFTED: Step(
        Status.MENUNGGU_PERSETUJUAN,
        {ACT: _states(Status.DITINDAKLANJUTI)},
        "dikirimi draf klarifikasi",
    ),
    Action.REASSIGNMENT_REQUESTED: Step(
        Status.MENUNGGU_ARAHAN,
        {ACT: _states(Status.DITINDAKLANJUTI)},
        "dimintakan pengalihan pejabat",
    ),
    Action.DRAFT_RETURNED: Step(
        Status.DITINDAKLANJUTI,
        {HANDLE: _states(Status.MENUNGGU_PERSETUJUAN)},
        "dikembalikan ke pejabat",
    ),
    Action.PUBLISHED: Step(
        Status.DIJAWAB, {HANDLE: _states(Status.MENUNGGU_PERSETUJUAN)}, "diterbitkan jawabannya"
    ),
    Action.DISPUTED: Step(Status.DITINDAKLANJUTI, {None: _states(Status.DIJAWAB)}, "disanggah"),
    Action.CLOSED: Step(Status.SELESAI, {None: _states(Status.DIJAWAB)}, "ditutup"),
    Action.WITHDRAWN: Step(Status.DICABUT, {None: _states(Status.PERLU_KELENGKAPAN)}, "dicabut"),
    Action.CODE_REISSUED: Step(
        None, {HANDLE: frozenset(OPEN_STATES)}, "diberi kode pelacakan baru"
    ),
}


def allowed_actions(complaint: Complaint, user) -> set[str]:
    """The staff steps `user` may take on `complaint` now (to offer the matching forms)."""
    actions = set()
    for action, step in STEPS.items():
        for perm, sources in step.by.items():
            if perm is None or complaint.status not in sources or not user.has_perm(perm):
                continue
            if perm == ACT and complaint.assigned_to_id != user.pk:
                continue
            actions.add(action)
    return actions


def _authorise(action: str, complaint: Complaint, by) -> str:
    """Check role and state for a step; return the role label for the timeline."""
    step = STEPS[action]
    status_label = Status(complaint.status).label
    refused = ValidationError(
        f"Pengaduan {complaint.number} berstatus “{status_label}” tidak dapat {step.verb}."
    )
    if by is None:
        if None not in step.by:
            raise PermissionDenied("Langkah ini hanya dapat dilakukan oleh petugas.")
        if complaint.status not in step.by[None]:
            raise refused
        return ""
    perms = [perm for perm in step.by if perm is not None and by.has_perm(perm)]
    if not perms:
        raise PermissionDenied("Peran Anda tidak berwenang melakukan langkah ini.")
    for perm in perms:
        if complaint.status in step.by[perm]:
            if perm == ACT and complaint.assigned_to_id != by.pk:
                raise PermissionDenied("Pengaduan ini tidak ditugaskan kepada Anda.")
            return ROLE_LABELS[perm]
    raise refused


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("service").get(pk=complaint.pk)


def state_target(status: str) -> tuple[int, str]:
    target = StateTarget.objects.filter(status=status).first()
    if target is None:
        return DEFAULT_TARGETS[status]
    return target.days, target.day_kind


def _add_days(cal: Calendar, start: date, days: int, kind: str) -> date:
    if kind == DayKind.WORKING:
        return cal.add_working_days(start, days)
    return start + timedelta(days=days)


def _enter(complaint: Complaint, status: Status, moment: datetime, cal: Calendar) -> None:
    """Put the complaint in `status` at `moment` and compute its deadlines."""
    complaint.status = status
    complaint.status_since = timezone.now()
    day = timezone.localtime(moment).date()
    complaint.due_date = complaint.lapse_on = complaint.legal_due_date = None
    complaint.clock_start = None
    if status in ACTOR_STATES:
        start = cal.clock_start(moment)
        days, kind = state_target(status)
        if status == Status.DITERIMA and complaint.paused_days_left:
            days, kind = complaint.paused_days_left, DayKind.WORKING
        complaint.clock_start = start
        complaint.due_date = _add_days(cal, start, days, kind)
        complaint.paused_days_left = None
        if status == Status.DITERIMA:
            complaint.legal_due_date = day + timedelta(
                days=settings.PENGADUAN_LEGAL_COMPLETENESS_DAYS
            )
        elif complaint.file_complete_on:
            complaint.legal_due_date = complaint.file_complete_on + timedelta(
                days=settings.PENGADUAN_LEGAL_DECISION_DAYS
            )
    elif status == Status.PERLU_KELENGKAPAN:
        days, kind = state_target(status)
        complaint.lapse_on = _add_days(cal, day, days, kind)
    elif status == Status.DIJAWAB:
        days, kind = state_target(status)
        complaint.lapse_on = _add_days(cal, cal.clock_start(moment), days, kind)
    else:
        complaint.closed_at = timezone.now()


def _record(
    complaint: Complaint,
    *,
    action: str,
    from_status: str,
    old_due: date | None,
    by,
    role: str,
    note: str = "",
) -> ComplaintEvent:
    today = timezone.localdate()
    left_actor_state = from_status in ACTOR_STATES and complaint.status != from_status
    return ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        from_status=from_status,
        to_status=complaint.status,
        actor=by,
        actor_role=role,
        note=note,
        due_date=old_due if left_actor_state else None,
        on_time=(today <= old_due) if left_actor_state and old_due else None,
        created_at=timezone.now(),
    )


def _transition(
    complaint: Complaint, action: str, *, by, note: str = "", role: str | None = None, **changes
) -> Complaint:
    """Take a step that needs nothing but its own field changes (already validated input)."""
    with transaction.atomic():
        locked = _lock(complaint)
        label = _authorise(action, locked, by)
        from_status, old_due = locked.status, locked.due_date
        for name, value in changes.items():
            setattr(locked, name, value)
        now = timezone.now()
        cal = calendar_for(timezone.localdate(now))
        target = STEPS[action].target
        assert target is not None  # narrows for mypy: every step taken here changes the state
        _enter(locked, target, now, cal)
        _validate(locked)
        locked.save()
        _record(
            locked,
            action=action,
            from_status=from_status,
            old_due=old_due,
            by=by,
            role=role or label,
            note=note,
        )
    return locked


def _validate(obj) -> None:
    """`full_clean` of the field values (choices, lengths, formats).

    Foreign keys come from locked rows or checked form choices, and the database itself holds
    the unique and check constraints, so those are not re-queried here (it would cost a query
    per constraint on every step).
    """
    foreign_keys = [f.name for f in obj._meta.fields if f.is_relation]
    obj.full_clean(exclude=foreign_keys, validate_unique=False, validate_constraints=False)


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text


# --- Numbers and tracking codes ------------------------------------------------------------

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: 5 bits per character
CODE_LENGTH = 16  # 80 bits
NUMBER_PATTERN = re.compile(r"^ADU-(\d{4})-(\d{5,})$")


def allocate_number(year: int) -> str:
    """The next number of the year, e.g. ADU-2026-00042 (the counter row is locked)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                ComplaintCounter.objects.get_or_create(year=year)
        except IntegrityError:  # created meanwhile by a concurrent request
            pass
        counter = ComplaintCounter.objects.select_for_update().get(year=year)
        counter.last_value += 1
        counter.save(update_fields=["last_value"])
    return f"ADU-{year}-{counter.last_value:05d}"


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    code = (code or "").upper().translate(str.maketrans("OIL", "011"))
    return re.sub(r"[^0-9A-Z]", "", code)


def normalise_number(number: str) -> str:
    return re.sub(r"\s+", "", (number or "").upper())


def hash_code(number: str, code: str) -> str:
    return hashlib.sha256(f"{number}:{normalise_code(code)}".encode()).hexdigest()


_NO_MATCH = hash_code("ADU-0000-00000", "0" * CODE_LENGTH)


def find_by_tracking(*, number: str, code: str) -> Complaint | None:
    """The complaint for a number AND its code; None for any mismatch (which is not revealed)."""
    number = normalise_number(number)
    complaint = (
        Complaint.objects.select_related("service").filter(number=number).first()
        if NUMBER_PATTERN.match(number)
        else None
    )
    expected = complaint.tracking_code_hash if complaint else _NO_MATCH
    matches = hmac.compare_digest(expected, hash_code(number, code))
    return complaint if complaint is not None and matches else None


def normalise_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


# --- Intake --------------------------------------------------------------------------------


@dataclass
class Intake:
    """What a complaint is made of (validated by the form; normalised again here)."""

    identity_mode: str
    service: ServiceCategory
    description: str
    expected_outcome: str = ""
    incident_date: date | None = None
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""
    channel_handle: str = ""
    attachments: list[CleanUpload] = field(default_factory=list)
    screenshots: list[CleanUpload] = field(default_factory=list)


def _store_attachments(
    complaint: Complaint, files: list[CleanUpload], *, kind: str, by
) -> list[Attachment]:
    stored = []
    for upload in files:
        attachment = Attachment(
            complaint=complaint,
            kind=kind,
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save(f"x.{upload.extension}", ContentFile(upload.content), save=False)
        _validate(attachment)
        attachment.save()
        stored.append(attachment)
    return stored


def _check_attachment_count(files: list[CleanUpload]) -> None:
    if len(files) > settings.PENGADUAN_MAX_ATTACHMENTS:
        raise ValidationError(
            f"Paling banyak {settings.PENGADUAN_MAX_ATTACHMENTS} lampiran sekaligus."
        )


def _create(
    intake: Intake, *, channel: str, received_at: datetime, by, role: str
) -> tuple[Complaint, str]:
    if intake.identity_mode == IdentityMode.ANONIM:
        intake.reporter_name = intake.reporter_email = intake.reporter_phone = ""
        intake.channel_handle = ""
    elif not any(
        value.strip()
        for value in (
            intake.reporter_name,
            intake.reporter_email,
            intake.reporter_phone,
            intake.channel_handle,
        )
    ):
        raise ValidationError("Isi identitas atau kontak pelapor, atau pilih Anonim.")
    _check_attachment_count(intake.attachments)
    _check_attachment_count(intake.screenshots)
    now = timezone.now()
    if received_at > now + timedelta(minutes=5):
        raise ValidationError("Waktu diterima tidak boleh di masa depan.")
    with transaction.atomic():
        number = allocate_number(timezone.localdate(now).year)
        code = new_tracking_code()
        complaint = Complaint(
            number=number,
            tracking_code_hash=hash_code(number, code),
            channel=channel,
            channel_handle=intake.channel_handle.strip(),
            received_at=received_at,
            identity_mode=intake.identity_mode,
            reporter_name=intake.reporter_name.strip(),
            reporter_email=intake.reporter_email.strip().lower(),
            reporter_phone=normalise_phone(intake.reporter_phone),
            service=intake.service,
            incident_date=intake.incident_date,
            description=intake.description.strip(),
            expected_outcome=intake.expected_outcome.strip(),
            created_by=by,
        )
        cal = calendar_for(timezone.localtime(received_at).date())
        _enter(complaint, Status.DITERIMA, received_at, cal)
        _validate(complaint)
        complaint.save()
        _store_attachments(complaint, intake.attachments, kind=AttachmentKind.EVIDENCE, by=by)
        _store_attachments(complaint, intake.screenshots, kind=AttachmentKind.SCREENSHOT, by=by)
        _record(
            complaint,
            action=Action.CREATED,
            from_status="",
            old_due=None,
            by=by,
            role=role,
            note=f"Kanal: {complaint.get_channel_display()}",
        )
        notifications.complaint_received(complaint, code)
    return complaint, code


def open_complaints_of_contact(*, email: str, phone: str) -> int:
    email, phone = (email or "").strip().lower(), normalise_phone(phone)
    if not email and not phone:
        return 0
    queryset = Complaint.objects.open()
    if email and phone:
        queryset = queryset.filter(reporter_email=email) | queryset.filter(reporter_phone=phone)
    elif email:
        queryset = queryset.filter(reporter_email=email)
    else:
        queryset = queryset.filter(reporter_phone=phone)
    return queryset.count()


def submit_public_complaint(*, intake: Intake) -> tuple[Complaint, str]:
    """A complaint from the public form (website channel). Returns it and its tracking code."""
    if intake.identity_mode != IdentityMode.ANONIM:
        _required(intake.reporter_name, "Nama pelapor wajib diisi, atau pilih Anonim.")
        open_count = open_complaints_of_contact(
            email=intake.reporter_email, phone=intake.reporter_phone
        )
        if open_count >= settings.PENGADUAN_MAX_OPEN_PER_CONTACT:
            raise ValidationError(
                f"Masih ada {open_count} pengaduan dengan kontak yang sama yang sedang diproses. "
                "Pantau pengaduan tersebut di halaman Lacak Pengaduan, atau hubungi pos layanan "
                "pengaduan."
            )
    intake.screenshots = []
    intake.channel_handle = ""
    return _create(
        intake, channel=Channel.WEBSITE, received_at=timezone.now(), by=None, role=COMPLAINANT
    )


def log_complaint(
    *, intake: Intake, channel: str, received_at: datetime, by
) -> tuple[Complaint, str]:
    """ULP logs a complaint that came through another channel. Returns it and its code."""
    if not by.has_perm(HANDLE):
        raise PermissionDenied("Hanya petugas pengaduan (ULP) yang dapat mencatat pengaduan.")
    if channel not in Channel.values:
        raise ValidationError("Kanal pengaduan tidak dikenal.")
    return _create(intake, channel=channel, received_at=received_at, by=by, role="ULP")


def reissue_tracking_code(*, complaint: Complaint, by) -> str:
    """A new code for a complainant who lost theirs; the old one stops working at once."""
    with transaction.atomic():
        locked = _lock(complaint)
        role = _authorise(Action.CODE_REISSUED, locked, by)
        code = new_tracking_code()
        locked.tracking_code_hash = hash_code(locked.number, code)
        locked.save(update_fields=["tracking_code_hash", "updated_at"])
        _record(
            locked,
            action=Action.CODE_REISSUED,
            from_status=locked.status,
            old_due=None,
            by=by,
            role=role,
        )
    return code


# --- ULP ---------------------------------------------------------------------------------


def verify_complaint(*, complaint: Complaint, by, note: str = "") -> Complaint:
    return _transition(
        complaint,
        Action.VERIFIED,
        by=by,
        note=note.strip(),
        file_complete_on=timezone.localdate(),
    )


def request_completion(*, complaint: Complaint, by, message: str) -> Complaint:
    """Ask the complainant to complete the complaint; the deadline clock pauses."""
    message = _required(message, "Tuliskan apa yang perlu dilengkapi pelapor.")
    with transaction.atomic():
        locked = _lock(complaint)
        role = _authorise(Action.COMPLETION_REQUESTED, locked, by)
        from_status, old_due = locked.status, locked.due_date
        now = timezone.now()
        today = timezone.localdate(now)
        cal = calendar_for(today)
        remaining = cal.working_days_after(today, old_due) if old_due else 0
        locked.paused_days_left = max(remaining, 1)
        _enter(locked, Status.PERLU_KELENGKAPAN, now, cal)
        _validate(locked)
        locked.save()
        _record(
            locked,
            action=Action.COMPLETION_REQUESTED,
            from_status=from_status,
            old_due=old_due,
            by=by,
            role=role,
            note=message,
        )
        notifications.completion_requested(locked, message)
    return locked


def reject_complaint(*, complaint: Complaint, by, reason: str) -> Complaint:
    reason = _required(reason, "Alasan penolakan wajib diisi.")
    return _transition(complaint, Action.REJECTED, by=by, note=reason, outcome_reason=reason)


def refer_complaint(*, complaint: Complaint, by, destination: str, reason: str) -> Complaint:
    reason = _required(reason, "Alasan rujukan wajib diisi.")
    if destination not in Referral.values:
        raise ValidationError("Pilih instansi tujuan rujukan.")
    label = Referral(destination).label
    return _transition(
        complaint,
        Action.REFERRED,
        by=by,
        note=f"Dirujuk ke {label}: {reason}",
        outcome_reason=reason,
        referred_to=destination,
    )


def submit_recommendation(
    *, complaint: Complaint, by, review: str, recommendation: str
) -> Complaint:
    review = _required(review, "Telaah ULP wajib diisi.")
    recommendation = _required(recommendation, "Rekomendasi wajib diisi.")
    return _transition(
        complaint,
        Action.RECOMMENDED,
        by=by,
        note=f"Telaah: {review}\nRekomendasi: {recommendation}",
        review=review,
        recommendation=recommendation,
    )


def publish_reply(*, complaint: Complaint, by, text: str) -> Complaint:
    """ULP reviews (and may edit) the pejabat's draft and publishes it as the public reply."""
    text = _required(text, "Teks jawaban yang diterbitkan wajib diisi.")
    with transaction.atomic():
        locked = _lock(complaint)
        role = _authorise(Action.PUBLISHED, locked, by)
        reply = Reply.objects.select_for_update().get(complaint=locked, published_at__isnull=True)
        from_status, old_due = locked.status, locked.due_date
        now = timezone.now()
        reply.text = text
        reply.published_by = by
        reply.published_at = now
        _validate(reply)
        reply.save()
        locked.answered_at = locked.answered_at or now
        _enter(locked, Status.DIJAWAB, now, calendar_for(timezone.localdate(now)))
        _validate(locked)
        locked.save()
        _record(
            locked,
            action=Action.PUBLISHED,
            from_status=from_status,
            old_due=old_due,
            by=by,
            role=role,
        )
        notifications.reply_published(locked)
    return locked


def return_draft(*, complaint: Complaint, by, note: str) -> Complaint:
    note = _required(note, "Tuliskan apa yang perlu diperbaiki pejabat.")
    with transaction.atomic():
        locked = _transition(complaint, Action.DRAFT_RETURNED, by=by, note=note)
        notifications.draft_returned(locked)
    return locked


# --- Kepala UPT ----------------------------------------------------------------------------


def give_direction(*, complaint: Complaint, by, official, direction: str) -> Complaint:
    """The Kepala UPT's arahan, naming the pejabat who acts on it."""
    direction = _required(direction, "Arahan wajib diisi.")
    if official is None or not official.is_active or not official.has_perm(ACT):
        raise ValidationError("Pilih pejabat terkait yang akan menindaklanjuti.")
    with transaction.atomic():
        locked = _transition(
            complaint,
            Action.DIRECTED,
            by=by,
            note=f"Arahan kepada {official}: {direction}",
            direction=direction,
            assigned_to=official,
        )
        notifications.official_assigned(locked)
    return locked


def send_back_to_ulp(*, complaint: Complaint, by, note: str) -> Complaint:
    note = _required(note, "Tuliskan alasan pengembalian kepada ULP.")
    return _transition(complaint, Action.SENT_BACK, by=by, note=note)


# --- Pejabat -------------------------------------------------------------------------------


def submit_draft_reply(*, complaint: Complaint, by, correction: str, draft: str) -> Complaint:
    """The pejabat records the perbaikan made and drafts the klarifikasi for ULP to review."""
    draft = _required(draft, "Draf klarifikasi wajib diisi.")
    correction = (correction or "").strip()
    with transaction.atomic():
        locked = _lock(complaint)
        role = _authorise(Action.DRAFTED, locked, by)
        now = timezone.now()
        reply = Reply.objects.filter(complaint=locked, published_at__isnull=True).first()
        reply = reply or Reply(complaint=locked)
        reply.correction, reply.draft = correction, draft
        reply.drafted_by, reply.drafted_at = by, now
        _validate(reply)
        reply.save()
        from_status, old_due = locked.status, locked.due_date
        _enter(locked, Status.MENUNGGU_PERSETUJUAN, now, calendar_for(timezone.localdate(now)))
        _validate(locked)
        locked.save()
        _record(
            locked,
            action=Action.DRAFTED,
            from_status=from_status,
            old_due=old_due,
            by=by,
            role=role,
            note=f"Perbaikan: {correction or '-'}",
        )
    return locked


def request_reassignment(*, complaint: Complaint, by, reason: str) -> Complaint:
    """The pejabat asks the Kepala UPT to name another official (back to MENUNGGU_ARAHAN)."""
    reason = _required(reason, "Tuliskan alasan permintaan pengalihan.")
    return _transition(complaint, Action.REASSIGNMENT_REQUESTED, by=by, note=reason)


# --- The complainant (holder of number + code) -----------------------------------------------


def complete_complaint(
    *, complaint: Complaint, text: str, attachments: Sequence[CleanUpload] = ()
) -> Complaint:
    """The complainant sends what was asked for; the clock resumes where it paused."""
    text = _required(text, "Tuliskan kelengkapan yang diminta.")
    attachments = list(attachments)
    _check_attachment_count(attachments)
    with transaction.atomic():
        locked = _transition(
            complaint, Action.COMPLETED, by=None, role=COMPLAINANT, note=f"Kelengkapan: {text}"
        )
        _store_attachments(locked, attachments, kind=AttachmentKind.EVIDENCE, by=None)
    return locked


def dispute_reply(*, complaint: Complaint, reason: str) -> Complaint:
    """Once per complaint: back to the pejabat, the Kepala UPT informed."""
    reason = _required(reason, "Tuliskan alasan sanggahan Anda.")
    with transaction.atomic():
        locked = _lock(complaint)
        if locked.disputed_at is not None:
            raise ValidationError("Jawaban atas pengaduan ini sudah pernah disanggah.")
        locked = _transition(
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


def staff_role(user) -> str:
    for perm, label in ROLE_LABELS.items():
        if user.has_perm(perm):
            return label
    return "Admin" if user.is_staff else "Petugas"


def add_internal_note(*, complaint: Complaint, by, text: str) -> InternalNote:
    """A note for staff only; it is never published."""
    if not by.has_perm("pengaduan.add_internalnote"):
        raise PermissionDenied("Peran Anda tidak dapat menulis catatan internal.")
    text = _required(text, "Catatan internal tidak boleh kosong.")
    note = InternalNote(complaint=complaint, author=by, author_role=staff_role(by), text=text)
    _validate(note)
    note.save()
    return note


# --- The daily tick ----------------------------------------------------------------------


@dataclass
class TickResult:
    closed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)
    purged: list[str] = field(default_factory=list)


def retention_ended(now: datetime):
    """Closed complaints whose retention period is over and whose identity is still kept."""
    limit = now - timedelta(days=settings.PENGADUAN_RETENTION_DAYS)
    return Complaint.objects.filter(
        status__in=TERMINAL_STATES, identity_purged_at__isnull=True, closed_at__lt=limit
    )


def purge_identity(*, complaint: Complaint, now: datetime | None = None) -> Complaint:
    """After the retention period: erase the complainant's identity (also from the change
    history) and the attachments. The complaint itself and its timeline stay for the records."""
    now = now or timezone.now()
    with transaction.atomic():
        if not retention_ended(now).filter(pk=complaint.pk).exists():
            raise ValidationError("Masa retensi pengaduan ini belum berakhir.")
        locked = _lock(complaint)
        blank = dict.fromkeys(IDENTITY_FIELDS, "")
        for name, value in blank.items():
            setattr(locked, name, value)
        locked.identity_purged_at = now
        locked.save()
        Complaint.history.filter(id=locked.pk).update(**blank)
        names = []
        for attachment in Attachment.objects.filter(complaint=locked):
            names.append(attachment.file.name)
            attachment.delete()
        storage = Attachment._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])  # type: ignore[func-returns-value]
        _record(
            locked,
            action=Action.IDENTITY_PURGED,
            from_status=locked.status,
            old_due=None,
            by=None,
            role=SYSTEM,
            note=f"{len(names)} lampiran dihapus.",
        )
    return locked


def close_answered(*, complaint: Complaint, today: date) -> Complaint:
    """Close a published reply nobody disputed within its period (10 hk by default)."""
    if complaint.lapse_on is None or complaint.lapse_on >= today:
        raise ValidationError("Masa sanggah pengaduan ini belum berakhir.")
    return _transition(
        complaint, Action.CLOSED, by=None, role=SYSTEM, note="Masa sanggah berakhir."
    )


def withdraw_incomplete(*, complaint: Complaint, today: date) -> Complaint:
    if complaint.lapse_on is None or complaint.lapse_on >= today:
        raise ValidationError("Batas waktu kelengkapan pengaduan ini belum berakhir.")
    return _transition(
        complaint,
        Action.WITHDRAWN,
        by=None,
        role=SYSTEM,
        note="Tidak dilengkapi dalam batas waktu.",
        outcome_reason="Pengaduan tidak dilengkapi pelapor dalam batas waktu.",
    )


def send_overdue_reminders(*, today: date) -> list[str]:
    """One reminder per overdue complaint per day, to the actor and to the Kepala UPT."""
    overdue = list(
        Complaint.objects.overdue(today).select_related("assigned_to").order_by("due_date", "id")
    )
    if not overdue:
        return []
    done = set(OverdueReminder.objects.filter(sent_on=today).values_list("complaint_id", flat=True))
    fresh = [c for c in overdue if c.pk not in done]
    with transaction.atomic():
        OverdueReminder.objects.bulk_create(
            [OverdueReminder(complaint=c, sent_on=today, status=c.status) for c in fresh]
        )
        notifications.overdue_digest(fresh, today=today)
    return [c.number for c in fresh]


def tick(*, today: date | None = None) -> TickResult:
    """The daily run (`manage.py pengaduan_tick`): close, withdraw, remind, purge expired
    identities. Running it again the same day changes nothing."""
    today = today or timezone.localdate()
    result = TickResult()
    for complaint in Complaint.objects.filter(status=Status.DIJAWAB, lapse_on__lt=today):
        close_answered(complaint=complaint, today=today)
        result.closed.append(complaint.number)
    for complaint in Complaint.objects.filter(status=Status.PERLU_KELENGKAPAN, lapse_on__lt=today):
        withdraw_incomplete(complaint=complaint, today=today)
        result.withdrawn.append(complaint.number)
    result.reminded = send_overdue_reminders(today=today)
    for complaint in retention_ended(timezone.now()):
        purge_identity(complaint=complaint)
        result.purged.append(complaint.number)
    return result
