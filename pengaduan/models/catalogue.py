"""What admins edit: the services complained about and the time allowed in each status (the
targets of domain.md, "Complaint desk"). The holiday calendar is rutan.Holiday."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from pengaduan.models.complaints import Status


class DayKind(models.TextChoices):
    WORKING = "hk", "hari kerja"
    CALENDAR = "kalender", "hari kalender"


class ServiceCategory(models.Model):
    """A service a complaint can be about (admin-editable catalogue)."""

    name = models.CharField("nama layanan", max_length=120, unique=True)
    active = models.BooleanField("aktif", default=True)
    order = models.PositiveSmallIntegerField("urutan", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "layanan yang diadukan"
        verbose_name_plural = "layanan yang diadukan"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class StateTarget(models.Model):
    """The time allowed in a state (domain.md "Complaint desk"), editable by admins."""

    status = models.CharField("status", max_length=24, choices=Status.choices, unique=True)
    days = models.PositiveSmallIntegerField("batas waktu")
    day_kind = models.CharField(
        "satuan", max_length=10, choices=DayKind.choices, default=DayKind.WORKING
    )
    description = models.CharField("keterangan", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "target waktu"
        verbose_name_plural = "target waktu per status"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1), name="statetarget_days_positive"),
            models.CheckConstraint(
                condition=Q(day_kind__in=DayKind.values), name="statetarget_day_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.days} {self.get_day_kind_display()}"
