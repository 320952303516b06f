"""Files attached to a complaint, kept in the private storage under random names."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pengaduan.models.complaints import Complaint


def private_storage():
    return storages["private"]


class AttachmentKind(models.TextChoices):
    EVIDENCE = "bukti", "Bukti dari pelapor"
    SCREENSHOT = "tangkapan_layar", "Tangkapan layar kanal"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name under pengaduan/<year>/; the original name is never used on disk."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"pengaduan/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """A checked and cleaned file (jpg/png/pdf) in the private storage."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="pengaduan", on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(
        "berkas", storage=private_storage, upload_to=attachment_path, max_length=200
    )
    kind = models.CharField(
        "jenis", max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.EVIDENCE
    )
    content_type = models.CharField("tipe berkas", max_length=40)
    size = models.PositiveIntegerField("ukuran (bita)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diunggah oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("diunggah", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "lampiran"
        verbose_name_plural = "lampiran"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["image/jpeg", "image/png", "application/pdf"]),
                name="attachment_type_allowed",
            )
        ]

    def __str__(self) -> str:
        return f"Lampiran {self.pk} ({self.content_type})"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def display_name(self) -> str:
        ext = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}[self.content_type]
        return f"lampiran-{self.pk}.{ext}"
