"""Work plans, their revisions, weekly slots and transitions (the Kepala UPT approves)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from pembinaan.models.choices import (
    EDITABLE_PLAN_STATUSES,
    OPEN_PLAN_STATUSES,
    PLAN_BADGES,
    Frequency,
    WorkPlanStatus,
)
from pembinaan.models.programs import Program


class WorkPlanQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "program",
            "program__art_form",
            "created_by",
            "latest_revision",
            "latest_revision__author",
            "latest_revision__submitted_by",
            "latest_revision__decided_by",
            "approved_revision",
        )

    def awaiting_approval(self):
        return self.filter(latest_revision__status=WorkPlanStatus.SUBMITTED)

    def returned(self):
        return self.filter(latest_revision__status=WorkPlanStatus.RETURNED)


class WorkPlan(models.Model):
    """A work plan (rencana kerja) for one program; its content lives in revisions.

    `latest_revision` is the newest revision (the one being drafted, decided or in force);
    `approved_revision` is the revision in force, whose sessions stand. Both are kept by the
    services. A change to an approved plan is a new revision that goes back for approval.
    """

    program = models.ForeignKey(
        Program, verbose_name="program", on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField("judul", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    latest_revision = models.OneToOneField(
        "WorkPlanRevision",
        verbose_name="revisi terakhir",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_revision = models.OneToOneField(
        "WorkPlanRevision",
        verbose_name="revisi yang berlaku",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "rencana kerja"
        verbose_name_plural = "rencana kerja"
        ordering = ["-created_at"]
        permissions = [
            ("approve_workplan", "Dapat menyetujui, mengembalikan atau menolak rencana kerja"),
        ]

    def __str__(self) -> str:
        return self.title


class WorkPlanRevision(models.Model):
    """One revision of a work plan: period, objectives, slots, skipped dates, notes, state.

    `skip_dates` is a JSON list of {"date": "YYYY-MM-DD", "note": "…"} (holidays, events).
    """

    plan = models.ForeignKey(
        WorkPlan, verbose_name="rencana kerja", on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField("revisi ke-", default=1)
    status = models.CharField(
        "status", max_length=12, choices=WorkPlanStatus.choices, default=WorkPlanStatus.DRAFT
    )
    period_start = models.DateField("mulai")
    period_end = models.DateField("selesai")
    objectives = models.TextField("tujuan")
    skip_dates = models.JSONField("tanggal libur/dilewati", default=list, blank=True)
    notes = models.TextField("catatan", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="penyusun",
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField("diajukan", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diajukan oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("diputuskan", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diputuskan oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.TextField("catatan keputusan", blank=True)
    clash_override_reason = models.TextField(
        "alasan menyetujui meski bentrok",
        blank=True,
        help_text="Diisi Kepala UPT bila menyetujui rencana yang bentrok tempat/instruktur.",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "revisi rencana kerja"
        verbose_name_plural = "revisi rencana kerja"
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workplanrevision_number"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=OPEN_PLAN_STATUSES),
                name="workplanrevision_one_open_per_plan",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status=WorkPlanStatus.APPROVED),
                name="workplanrevision_one_approved_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(status__in=WorkPlanStatus.values), name="workplanrevision_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="workplanrevision_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[WorkPlanStatus.RETURNED, WorkPlanStatus.REJECTED])
                | ~Q(decision_note=""),
                name="workplanrevision_return_reject_need_note",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[WorkPlanStatus.APPROVED, WorkPlanStatus.SUPERSEDED])
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="workplanrevision_approved_has_decider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} (revisi {self.number})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_PLAN_STATUSES

    @property
    def badge(self) -> str:
        """Bootstrap colour of the status badge."""
        return PLAN_BADGES.get(self.status, "secondary")

    @property
    def skip_date_items(self) -> list[tuple[date, str]]:
        return [(date.fromisoformat(i["date"]), i.get("note", "")) for i in self.skip_dates or []]

    @property
    def skip_date_set(self) -> set[date]:
        return {date.fromisoformat(item["date"]) for item in self.skip_dates or []}


class WorkPlanSlot(models.Model):
    """A recurring slot of a revision: a weekday and start time, weekly or fortnightly."""

    WEEKDAYS = [
        (0, "Senin"),
        (1, "Selasa"),
        (2, "Rabu"),
        (3, "Kamis"),
        (4, "Jumat"),
        (5, "Sabtu"),
        (6, "Minggu"),
    ]

    revision = models.ForeignKey(
        WorkPlanRevision, verbose_name="revisi", on_delete=models.CASCADE, related_name="slots"
    )
    weekday = models.PositiveSmallIntegerField("hari", choices=WEEKDAYS)
    start_time = models.TimeField("jam mulai")
    frequency = models.CharField(
        "frekuensi", max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "jadwal rutin"
        verbose_name_plural = "jadwal rutin"
        ordering = ["weekday", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "weekday", "start_time"], name="workplanslot_unique"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="workplanslot_weekday"),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="workplanslot_frequency_valid"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_weekday_display()} {self.start_time:%H:%M} ({self.get_frequency_display()})"
        )


class WorkPlanTransition(models.Model):
    """One step of a plan's life: who moved which revision from what to what, when, and why."""

    plan = models.ForeignKey(
        WorkPlan, verbose_name="rencana kerja", on_delete=models.CASCADE, related_name="transitions"
    )
    revision = models.ForeignKey(
        WorkPlanRevision,
        verbose_name="revisi",
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        "dari", max_length=12, choices=WorkPlanStatus.choices, blank=True
    )
    to_status = models.CharField("menjadi", max_length=12, choices=WorkPlanStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="oleh", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("waktu", auto_now_add=True)
    note = models.TextField("catatan", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "riwayat status rencana kerja"
        verbose_name_plural = "riwayat status rencana kerja"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status or '-'} → {self.to_status}"
