"""What happens to a complaint: the immutable timeline of steps (who, role, when, from → to),
staff's internal notes, the pejabat's replies and the daily overdue reminders."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from pengaduan.models.complaints import Complaint, Status


class Action(models.TextChoices):
    """The kinds of timeline event (one per step of the state machine)."""

    CREATED = "dicatat", "Pengaduan dicatat"
    VERIFIED = "diverifikasi", "Diverifikasi"
    COMPLETION_REQUESTED = "minta_kelengkapan", "Kelengkapan diminta"
    COMPLETED = "dilengkapi", "Dilengkapi pelapor"
    REJECTED = "ditolak", "Ditolak"
    REFERRED = "dirujuk", "Dirujuk"
    RECOMMENDED = "rekomendasi", "Rekomendasi dikirim ke Kepala UPT"
    DIRECTED = "arahan", "Arahan diberikan"
    SENT_BACK = "kembali_ke_ulp", "Dikembalikan ke ULP"
    # The pejabat's step (the form's key is DRAFTED); its timeline entry says what was sent.
    DRAFTED = "draf_klarifikasi", "Draf klarifikasi dikirim"
    CORRECTION_SENT = "perbaikan", "Perbaikan dilaporkan"
    CORRECTION_AND_DRAFT_SENT = "perbaikan_klarifikasi", "Perbaikan dan draf klarifikasi dikirim"
    REASSIGNMENT_REQUESTED = "minta_pengalihan", "Pengalihan pejabat diminta"
    DRAFT_RETURNED = "kembali_ke_pejabat", "Draf dikembalikan ke pejabat"
    PUBLISHED = "diterbitkan", "Jawaban diterbitkan"
    DISPUTED = "disanggah", "Jawaban disanggah pelapor"
    CLOSED = "ditutup", "Ditutup otomatis"
    WITHDRAWN = "dicabut", "Dicabut (tidak dilengkapi)"
    CODE_REISSUED = "kode_baru", "Kode pelacakan diterbitkan ulang"
    IDENTITY_PURGED = "identitas_dihapus", "Identitas pelapor dihapus (masa retensi)"
    MERGED = "digabung", "Digabung ke pengaduan induk"
    DUPLICATE_ATTACHED = "duplikat_digabung", "Pengaduan duplikat digabungkan"


# What the public tracking page shows of each event: a label, and whether the note is public
# (the note of any other event is for staff only).
PUBLIC_EVENTS: dict[str, tuple[str, bool]] = {
    Action.CREATED: ("Pengaduan diterima", False),
    Action.COMPLETION_REQUESTED: ("Petugas meminta kelengkapan pengaduan", True),
    Action.COMPLETED: ("Anda melengkapi pengaduan", False),
    Action.VERIFIED: ("Pengaduan diverifikasi", False),
    Action.RECOMMENDED: ("Rekomendasi disampaikan kepada Kepala Rutan", False),
    Action.DIRECTED: ("Kepala Rutan memberi arahan tindak lanjut", False),
    Action.PUBLISHED: ("Jawaban diterbitkan", False),
    Action.DISPUTED: ("Anda menyanggah jawaban", False),
    Action.CLOSED: ("Pengaduan selesai", False),
    Action.WITHDRAWN: ("Pengaduan dicabut karena tidak dilengkapi", False),
    Action.REJECTED: ("Pengaduan tidak dapat ditindaklanjuti", True),
    Action.REFERRED: ("Pengaduan dirujuk", True),
    Action.MERGED: ("Pengaduan digabungkan dengan pengaduan lain tentang masalah yang sama", False),
}


class EventQuerySet(models.QuerySet):
    """The timeline is append-only: no bulk update or delete."""

    def update(self, **kwargs):
        raise PermissionError("Riwayat pengaduan tidak dapat diubah.")

    def delete(self):
        raise PermissionError("Riwayat pengaduan tidak dapat dihapus.")


class ComplaintEvent(models.Model):
    """One immutable step of a complaint's timeline: who, in which role, when, from → to, note."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="pengaduan", on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField("tindakan", max_length=24, choices=Action.choices)
    from_status = models.CharField("dari status", max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField("ke status", max_length=24, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField("peran", max_length=40)
    note = models.TextField("catatan", blank=True)
    step_started_at = models.DateTimeField("tahap sebelumnya dimulai", null=True, blank=True)
    due_date = models.DateField("jatuh tempo tahap sebelumnya", null=True, blank=True)
    staff_days = models.PositiveSmallIntegerField(
        "hari kerja terpakai tahap sebelumnya", null=True, blank=True
    )
    on_time = models.BooleanField("tepat waktu", null=True)
    created_at = models.DateTimeField("waktu", editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "riwayat pengaduan"
        verbose_name_plural = "riwayat pengaduan"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["created_at"], name="complaintevent_created")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Riwayat pengaduan tidak dapat diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Riwayat pengaduan tidak dapat dihapus.")


class InternalNote(models.Model):
    """A note among staff. Never published, never on a public page or in an export."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="pengaduan", on_delete=models.PROTECT, related_name="internal_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="penulis", on_delete=models.PROTECT, related_name="+"
    )
    author_role = models.CharField("peran", max_length=40)
    text = models.TextField("catatan internal")
    created_at = models.DateTimeField("waktu", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "catatan internal"
        verbose_name_plural = "catatan internal"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Catatan {self.complaint_id} oleh {self.author_id}"


class Reply(models.Model):
    """The pejabat's perbaikan and/or klarifikasi (either or both); public only once ULP
    publishes it (ULP writes the published text, from the klarifikasi when there is one)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="pengaduan", on_delete=models.PROTECT, related_name="replies"
    )
    correction = models.TextField("perbaikan yang dilakukan", blank=True)
    draft = models.TextField("draf klarifikasi", blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="disusun oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField("waktu draf")
    text = models.TextField("jawaban yang diterbitkan", blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diterbitkan oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField("waktu terbit", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "jawaban"
        verbose_name_plural = "jawaban"
        ordering = ["drafted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"],
                condition=Q(published_at__isnull=True),
                name="reply_one_draft_per_complaint",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(text=""),
                name="reply_published_has_text",
            ),
            models.CheckConstraint(
                condition=~Q(correction="") | ~Q(draft=""),
                name="reply_has_correction_or_clarification",
            ),
        ]

    def __str__(self) -> str:
        return f"Jawaban {self.complaint_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class OverdueReminder(models.Model):
    """One overdue reminder per complaint per day (keeps `pengaduan_tick` idempotent)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name="pengaduan", on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField("tanggal")
    status = models.CharField("status saat itu", max_length=24, choices=Status.choices)

    class Meta:
        verbose_name = "pengingat keterlambatan"
        verbose_name_plural = "pengingat keterlambatan"
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "sent_on"], name="overduereminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.sent_on}"
