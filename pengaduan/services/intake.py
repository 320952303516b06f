"""Intake: complaint numbers and tracking codes, a complaint from the public form or logged by
ULP from another channel, and a new tracking code for a complainant who lost theirs."""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from pengaduan import notifications
from pengaduan.models import (
    LAPOR_ID_PATTERN,
    Action,
    Attachment,
    AttachmentKind,
    Channel,
    Complaint,
    ComplaintCounter,
    IdentityMode,
    ServiceCategory,
    Status,
)
from pengaduan.services.state_machine import (
    COMPLAINANT,
    HANDLE,
    authorise,
    enter_status,
    lock_complaint,
    record_event,
    required_text,
    validate_fields,
)
from pengaduan.uploads import CleanUpload
from rutan.models import User

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
    lapor_id: str = ""  # the report's ID in SP4N-LAPOR! (channel "lapor" only)
    attachments: list[CleanUpload] = field(default_factory=list)
    screenshots: list[CleanUpload] = field(default_factory=list)


def store_attachments(
    complaint: Complaint, files: list[CleanUpload], *, kind: str, by: User | None
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
        validate_fields(attachment)
        attachment.save()
        stored.append(attachment)
    return stored


def check_attachment_count(files: list[CleanUpload]) -> None:
    if len(files) > settings.PENGADUAN_MAX_ATTACHMENTS:
        raise ValidationError(
            f"Paling banyak {settings.PENGADUAN_MAX_ATTACHMENTS} lampiran sekaligus."
        )


def _create(
    intake: Intake,
    *,
    channel: str,
    received_at: datetime,
    by: User | None,
    role: str,
    submitter: str = "",
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
    check_attachment_count(intake.attachments)
    check_attachment_count(intake.screenshots)
    now = timezone.now()
    if received_at > now + timedelta(minutes=5):
        raise ValidationError("Waktu diterima tidak boleh di masa depan.")
    with transaction.atomic():
        number = allocate_number(timezone.localdate(now).year)
        code = new_tracking_code()
        complaint = Complaint(
            number=number,
            tracking_code_hash=hash_code(number, code),
            submitter_key=submitter,
            channel=channel,
            channel_handle=intake.channel_handle.strip(),
            lapor_id=normalise_lapor_id(intake.lapor_id),
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
        enter_status(complaint, Status.DITERIMA, received_at)
        validate_fields(complaint)
        complaint.save()
        store_attachments(complaint, intake.attachments, kind=AttachmentKind.EVIDENCE, by=by)
        store_attachments(complaint, intake.screenshots, kind=AttachmentKind.SCREENSHOT, by=by)
        record_event(
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


def submitter_key(address: str) -> str:
    """A keyed hash of a client address (SECRET_KEY), so the address itself is not stored."""
    return salted_hmac("pengaduan.submitter", address or "", algorithm="sha256").hexdigest()


def has_open_complaints(*, email: str, phone: str, submitter: str) -> bool:
    """Whether this client address already has the most open complaints allowed for this
    contact (PENGADUAN_MAX_OPEN_PER_CONTACT). Counted per address and contact together, so
    complaints sent from elsewhere with the same phone or e-mail never block anyone."""
    email, phone = (email or "").strip().lower(), normalise_phone(phone)
    if not (email or phone) or not submitter:
        return False
    contact = Q()
    if email:
        contact |= Q(reporter_email=email)
    if phone:
        contact |= Q(reporter_phone=phone)
    queryset = Complaint.objects.open().filter(contact, submitter_key=submitter)
    return queryset.count() >= settings.PENGADUAN_MAX_OPEN_PER_CONTACT


def submit_public_complaint(*, intake: Intake, client_address: str) -> tuple[Complaint, str]:
    """A complaint from the public form (website channel). Returns it and its tracking code.

    The refusal for too many open complaints never says how many there are: it must not tell
    anyone whether a phone number or e-mail address has complained."""
    submitter = submitter_key(client_address)
    if intake.identity_mode != IdentityMode.ANONIM:
        required_text(intake.reporter_name, "Nama pelapor wajib diisi, atau pilih Anonim.")
        if has_open_complaints(
            email=intake.reporter_email, phone=intake.reporter_phone, submitter=submitter
        ):
            raise ValidationError(
                "Pengaduan Anda sebelumnya dengan kontak yang sama masih diproses. Pantau "
                "pengaduan tersebut di halaman Lacak Pengaduan, atau hubungi pos layanan "
                "pengaduan."
            )
    intake.screenshots = []
    intake.channel_handle = ""
    intake.lapor_id = ""
    return _create(
        intake,
        channel=Channel.WEBSITE,
        received_at=timezone.now(),
        by=None,
        role=COMPLAINANT,
        submitter=submitter,
    )


def normalise_lapor_id(value: str) -> str:
    return re.sub(r"[\s#]", "", value or "")


def check_lapor_id(*, channel: str, lapor_id: str) -> None:
    """A complaint forwarded from SP4N-LAPOR! carries its ID there, and only such a one."""
    lapor_id = normalise_lapor_id(lapor_id)
    if channel == Channel.LAPOR:
        if not lapor_id:
            raise ValidationError("ID pelacakan SP4N-LAPOR! wajib diisi untuk kanal SP4N-LAPOR!.")
        if not re.match(LAPOR_ID_PATTERN, lapor_id):
            raise ValidationError("ID pelacakan SP4N-LAPOR! terdiri dari 4–20 angka.")
        if Complaint.objects.filter(lapor_id=lapor_id).exists():
            raise ValidationError(
                f"Laporan SP4N-LAPOR! dengan ID {lapor_id} sudah dicatat sebagai pengaduan."
            )
    elif lapor_id:
        raise ValidationError("ID pelacakan SP4N-LAPOR! hanya diisi untuk kanal SP4N-LAPOR!.")


def log_complaint(
    *, intake: Intake, channel: str, received_at: datetime, by: User
) -> tuple[Complaint, str]:
    """ULP logs a complaint that came through another channel. Returns it and its code."""
    if not by.has_perm(HANDLE):
        raise PermissionDenied("Hanya petugas pengaduan (ULP) yang dapat mencatat pengaduan.")
    if channel not in Channel.values:
        raise ValidationError("Kanal pengaduan tidak dikenal.")
    check_lapor_id(channel=channel, lapor_id=intake.lapor_id)
    return _create(intake, channel=channel, received_at=received_at, by=by, role="ULP")


def reissue_tracking_code(*, complaint: Complaint, by: User) -> str:
    """A new code for a complainant who lost theirs; the old one stops working at once."""
    with transaction.atomic():
        locked = lock_complaint(complaint)
        role = authorise(Action.CODE_REISSUED, locked, by)
        code = new_tracking_code()
        locked.tracking_code_hash = hash_code(locked.number, code)
        locked.save(update_fields=["tracking_code_hash", "updated_at"])
        record_event(
            locked,
            action=Action.CODE_REISSUED,
            from_status=locked.status,
            old_due=None,
            by=by,
            role=role,
        )
    return code
