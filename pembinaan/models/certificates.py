"""Certificates of participation (surat keterangan mengikuti pembinaan kesenian)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from pembinaan.models.participants import Allocation
from pembinaan.models.programs import Program
from pembinaan.models.register import Inmate


class ParticipationCertificate(models.Model):
    """The proof that an inmate completed a program, for parole and remission files.

    One per allocation, numbered `NNN/SK-PK/<month in Roman numerals>/<year>` with a sequence
    that restarts each year (e.g. `007/SK-PK/XI/2026`). The figures and the signer are kept as
    they were when it was issued, so a reprint shows the same letter; the history keeps who
    issued it and when.
    """

    number = models.CharField("nomor", max_length=40, unique=True)
    year = models.PositiveSmallIntegerField("tahun")
    sequence = models.PositiveIntegerField("nomor urut")
    allocation = models.OneToOneField(
        Allocation,
        verbose_name="keikutsertaan",
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    inmate = models.ForeignKey(
        Inmate, verbose_name="WBP", on_delete=models.PROTECT, related_name="certificates"
    )
    program = models.ForeignKey(
        Program, verbose_name="program", on_delete=models.PROTECT, related_name="certificates"
    )
    period_start = models.DateField("mengikuti sejak")
    period_end = models.DateField("sampai")
    sessions_held = models.PositiveIntegerField("sesi terlaksana")
    sessions_attended = models.PositiveIntegerField("sesi dihadiri")
    signer_name = models.CharField("nama penanda tangan", max_length=120, blank=True)
    signer_nip = models.CharField("NIP penanda tangan", max_length=30, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diterbitkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("diterbitkan")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "surat keterangan mengikuti pembinaan"
        verbose_name_plural = "surat keterangan mengikuti pembinaan"
        ordering = ["-issued_at", "-id"]
        permissions = [
            ("issue_certificate", "Dapat menerbitkan surat keterangan mengikuti pembinaan"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="certificate_year_sequence"),
            models.CheckConstraint(
                condition=Q(sessions_held__gt=0, sessions_attended__lte=F("sessions_held")),
                name="certificate_attended_within_held",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="certificate_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.inmate}"

    @property
    def attendance_percent(self) -> int:
        return round(100 * self.sessions_attended / self.sessions_held)
