"""Participants of a program: allocations of inmates, with their period."""

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from pembinaan.models.choices import EndReason, SuspensionReason
from pembinaan.models.programs import Program
from pembinaan.models.register import Inmate, InmateClass, cell_order, class_expression

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
        """The session's participants (suspended ones included), in natural cell order."""
        return (
            self.filter(program_id=session.program_id)
            .active_on(session.date)
            .select_related("inmate")
            .order_by(*cell_order("inmate__"))
        )

    def suspended_on(self, day: date):
        """Allocations with a suspension covering `day`."""
        return self.filter(models.Exists(AllocationSuspension.objects.covering(day, outer=True)))

    def not_suspended_on(self, day: date):
        """Allocations without a suspension covering `day`: the ones called out."""
        return self.exclude(models.Exists(AllocationSuspension.objects.covering(day, outer=True)))

    def with_class(self, on: date):
        """Annotate `klass`: the inmate's class on `on` (see `Inmate.objects.with_class`)."""
        return self.annotate(klass=class_expression(on, "inmate__"))

    def drifted(self, on: date, programs):
        """Open allocations whose inmate's class on `on` is no longer among the program's
        target classes, and that nobody decided to keep at that class (nor allocated on
        purpose, with an override, at that class). One query whatever the number of
        `programs`: programs are grouped by their target classes."""
        by_targets: dict[tuple[str, ...], list[int]] = {}
        for program in programs:
            by_targets.setdefault(tuple(sorted(program.target_classes)), []).append(program.pk)
        if not by_targets:
            return self.none()
        outside = Q()
        for targets, ids in by_targets.items():
            outside |= Q(program_id__in=ids) & ~Q(klass__in=targets)
        return (
            self.active()
            .with_class(on)
            .filter(outside)
            .exclude(klass=F("drift_kept_class"))
            .exclude(~Q(override_reason="") & Q(klass=F("eligibility_class")))
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
    # Kept although the inmate's stage moved out of the target classes ("tetap dengan alasan").
    drift_kept_class = models.CharField(
        "tetap ikut pada kelas", max_length=20, choices=InmateClass.choices, blank=True
    )
    drift_kept_reason = models.TextField("alasan tetap ikut", blank=True)
    drift_kept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ditetapkan oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
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
            models.CheckConstraint(
                condition=Q(drift_kept_class="", drift_kept_reason="", drift_kept_by__isnull=True)
                | ~Q(drift_kept_class="")
                & ~Q(drift_kept_reason="")
                & Q(drift_kept_by__isnull=False),
                name="allocation_drift_kept_has_reason_and_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inmate} — {self.program}"

    @property
    def is_active(self) -> bool:
        return self.end_date is None


class AllocationSuspensionQuerySet(models.QuerySet):
    def covering(self, day: date, *, outer: bool = False):
        """Suspensions in force on `day` (both ends inclusive; no end: until lifted).

        `outer`: correlated with an outer Allocation query (for `Exists`)."""
        rows = self.filter(allocation=models.OuterRef("pk")) if outer else self
        return rows.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def open(self):
        return self.filter(end_date__isnull=True)


class AllocationSuspension(models.Model):
    """A period in which a participant is not called out (ditangguhkan), both ends inclusive.

    Made automatically while the inmate's registration status is BON or SAKIT (`from_status`;
    lifted, `end_date` set, when the status is AKTIF again) or by a petugas for a period with a
    reason. The attendance grid pre-marks a suspended participant absent with that reason.
    """

    allocation = models.ForeignKey(
        Allocation, verbose_name="peserta", on_delete=models.CASCADE, related_name="suspensions"
    )
    start_date = models.DateField("mulai")
    end_date = models.DateField("sampai", null=True, blank=True)
    reason = models.CharField("alasan", max_length=12, choices=SuspensionReason.choices)
    note = models.TextField("keterangan", blank=True)
    from_status = models.BooleanField("otomatis dari status registrasi", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("dicatat", auto_now_add=True)

    history = HistoricalRecords()
    objects = AllocationSuspensionQuerySet.as_manager()

    class Meta:
        verbose_name = "penangguhan peserta"
        verbose_name_plural = "penangguhan peserta"
        ordering = ["-start_date", "id"]
        indexes = [
            models.Index(fields=["allocation", "start_date"], name="suspension_allocation_start")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="suspension_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=SuspensionReason.values), name="suspension_reason_valid"
            ),
            models.CheckConstraint(
                condition=~Q(reason=SuspensionReason.OTHER) | ~Q(note=""),
                name="suspension_other_needs_note",
            ),
            models.UniqueConstraint(
                fields=["allocation"],
                condition=Q(from_status=True, end_date__isnull=True),
                name="suspension_one_open_from_status",
            ),
        ]

    def __str__(self) -> str:
        until = f"{self.end_date:%d-%m-%Y}" if self.end_date else "…"
        return f"{self.allocation} · {self.get_reason_display()} {self.start_date:%d-%m-%Y}–{until}"
