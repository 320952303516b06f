"""Participants of a program: allocations of inmates, with their period."""

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from pembinaan.models.choices import EndReason
from pembinaan.models.programs import Program
from pembinaan.models.register import Inmate, InmateClass

if TYPE_CHECKING:  # sessions are built on allocations
    from pembinaan.models.sessions import Session


class AllocationQuerySet(models.QuerySet):
    def active(self):
        """Allocations not ended (whatever their start date)."""
        return self.filter(end_date__isnull=True)

    def active_on(self, day: date):
        """Allocations running on `day`: start inclusive, end exclusive."""
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=day)
        )

    def for_session(self, session: "Session"):
        return (
            self.filter(program_id=session.program_id)
            .active_on(session.date)
            .select_related("inmate")
            .order_by("inmate__block", "inmate__cell", "inmate__name")
        )


class Allocation(models.Model):
    """An inmate allocated to a program (peserta), from `start_date` until `end_date`.

    `start_date` is inclusive and `end_date` exclusive: an allocation ended today no longer
    counts for today's sessions. At most one open allocation (no end date) per program and
    inmate. When an eligibility refusal was overridden, `override_reason`/`override_by` record
    who and why.
    """

    program = models.ForeignKey(
        Program, verbose_name="program", on_delete=models.PROTECT, related_name="allocations"
    )
    inmate = models.ForeignKey(
        Inmate, verbose_name="WBP", on_delete=models.PROTECT, related_name="allocations"
    )
    start_date = models.DateField("mulai")
    end_date = models.DateField("berakhir", null=True, blank=True)
    end_reason = models.CharField(
        "alasan berakhir", max_length=12, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField("keterangan berakhir", blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diakhiri oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    eligibility_class = models.CharField(
        "kelas saat dialokasikan", max_length=20, choices=InmateClass.choices, blank=True
    )
    override_reason = models.TextField("alasan pengecualian", blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dikecualikan oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dialokasikan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    history = HistoricalRecords()
    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = "peserta"
        verbose_name_plural = "peserta"
        ordering = ["-start_date", "id"]
        permissions = [
            ("override_eligibility", "Dapat mengecualikan syarat kelas/status peserta"),
        ]
        indexes = [models.Index(fields=["program", "start_date"], name="allocation_program_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "inmate"],
                condition=Q(end_date__isnull=True),
                name="allocation_one_active_per_program_inmate",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | Q(end_date__isnull=False, end_date__gte=F("start_date")) & ~Q(end_reason=""),
                name="allocation_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(override_reason="", override_by__isnull=True)
                | ~Q(override_reason="") & Q(override_by__isnull=False),
                name="allocation_override_has_reason_and_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inmate} — {self.program}"

    @property
    def is_active(self) -> bool:
        return self.end_date is None
