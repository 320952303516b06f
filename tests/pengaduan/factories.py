"""Complaints for tests, made through the service functions (so each has a real timeline)."""

import io
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from pengaduan import services
from pengaduan.models import (
    Channel,
    Complaint,
    IdentityMode,
    Referral,
    ServiceCategory,
    Status,
)
from pengaduan.uploads import clean_upload
from rutan import roles
from rutan.models import User
from tests.conftest import make_user

# The steps that lead from DITERIMA to each state.
PATHS: dict[str, list[str]] = {
    Status.DITERIMA: [],
    Status.PERLU_KELENGKAPAN: ["completion"],
    Status.DITELAAH: ["verify"],
    Status.MENUNGGU_ARAHAN: ["verify", "recommend"],
    Status.DITINDAKLANJUTI: ["verify", "recommend", "direct"],
    Status.MENUNGGU_PERSETUJUAN: ["verify", "recommend", "direct", "draft"],
    Status.DIJAWAB: ["verify", "recommend", "direct", "draft", "publish"],
    Status.DITOLAK: ["reject"],
    Status.DIRUJUK: ["refer"],
}


def staff(role: str, username: str) -> User:
    return User.objects.filter(username=username).first() or make_user(
        username, role, email=f"{username}@rutan.test"
    )


def png_bytes(size=(8, 8), color=(200, 30, 30), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    image.save(buffer, format="PNG", **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def jpeg_bytes(size=(16, 16), exif=None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(
        buffer, format="JPEG", **({"exif": exif} if exif else {})
    )
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def clean_png():
    return clean_upload(upload("bukti.png", png_bytes()))


def make_complaint(
    status: str = Status.DITERIMA,
    *,
    identity: str = IdentityMode.IDENTIFIED,
    ulp: User | None = None,
    kepala: User | None = None,
    official: User | None = None,
    channel: str = Channel.WHATSAPP,
    received_at: datetime | None = None,
    name: str = "Sri Wahyuni",
    email: str = "sri@example.com",
    phone: str = "081234500001",
    handle: str = "",
    description: str = "Latihan karawitan dibatalkan tanpa pemberitahuan kepada keluarga.",
    attachments=(),
    screenshots=(),
) -> Complaint:
    """A complaint walked to `status`; its tracking code is on `.code`."""
    ulp = ulp or staff(roles.PETUGAS_PENGADUAN, "f_ulp")
    kepala = kepala or staff(roles.KEPALA_UPT, "f_kepala")
    official = official or staff(roles.PEJABAT_PELAYANAN, "f_pejabat")
    anonymous = identity == IdentityMode.ANONIM
    intake = services.Intake(
        identity_mode=identity,
        service=ServiceCategory.objects.order_by("order").first(),
        description=description,
        expected_outcome="Mohon diperbaiki.",
        reporter_name="" if anonymous else name,
        reporter_email="" if anonymous else email,
        reporter_phone="" if anonymous else phone,
        channel_handle="" if anonymous else handle,
        attachments=list(attachments),
        screenshots=list(screenshots),
    )
    complaint, code = services.log_complaint(
        intake=intake, channel=channel, received_at=received_at or timezone.now(), by=ulp
    )
    for step in PATHS[status]:
        complaint = walk(complaint, step, ulp=ulp, kepala=kepala, official=official)
    complaint.code = code
    return complaint


def walk(complaint: Complaint, step: str, *, ulp, kepala, official) -> Complaint:
    if step == "completion":
        return services.request_completion(
            complaint=complaint, by=ulp, message="Sebutkan tanggal kejadiannya."
        )
    if step == "verify":
        return services.verify_complaint(complaint=complaint, by=ulp)
    if step == "recommend":
        return services.submit_recommendation(
            complaint=complaint, by=ulp, review="Telaah singkat.", recommendation="Mohon arahan."
        )
    if step == "direct":
        return services.give_direction(
            complaint=complaint, by=kepala, official=official, direction="Tindak lanjuti."
        )
    if step == "draft":
        return services.submit_draft_reply(
            complaint=complaint, by=official, correction="Diperbaiki.", draft="Draf jawaban."
        )
    if step == "publish":
        return services.publish_reply(complaint=complaint, by=ulp, text="Jawaban resmi.")
    if step == "reject":
        return services.reject_complaint(complaint=complaint, by=ulp, reason="Bukan pengaduan.")
    if step == "refer":
        return services.refer_complaint(
            complaint=complaint, by=ulp, destination=Referral.KANWIL, reason="Kewenangan Kanwil."
        )
    raise ValueError(step)


def bulk_complaints(count: int, *, status: str, official: User | None = None, start: int = 1):
    """Many complaints at once, written directly (for list and query-count tests)."""
    from datetime import timedelta

    from pengaduan.models import IdentityMode as Mode

    service = ServiceCategory.objects.order_by("order").first()
    now = timezone.now()
    rows = []
    for i in range(start, start + count):
        rahasia = i % 3 == 0
        channel = Channel.values[i % len(Channel.values)]
        rows.append(
            Complaint(
                number=f"ADU-2099-{i:05d}",
                tracking_code_hash=services.hash_code(f"ADU-2099-{i:05d}", "X"),
                channel=channel,
                lapor_id=str(7000000 + i) if channel == Channel.LAPOR else "",
                received_at=now - timedelta(hours=i),
                identity_mode=Mode.RAHASIA if rahasia else Mode.IDENTIFIED,
                reporter_name=f"Pelapor {i}",
                service=service,
                description="Uraian pengaduan uji.",
                status=status,
                status_since=now,
                due_date=(now + timedelta(days=(i % 7) - 3)).date(),
                assigned_to=official,
            )
        )
    return Complaint.objects.bulk_create(rows)
