"""What admins edit: the services complained about and the time allowed in each status (the
targets of domain.md, "Complaint desk"). The holiday calendar is rutan.Holiday."""

import string

from django.core.exceptions import ValidationError
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


class ReplyTemplate(models.Model):
    """A ready-made reply text (template) the pejabat and ULP insert into a draft and edit.

    The body may hold placeholders, filled per complaint by `pengaduan.services.fill_template`:
    {nomor}, {nama}, {tanggal}, {tenggat}, {layanan}, {hari_ini} (REPLY_PLACEHOLDERS).
    """

    name = models.CharField("nama templat", max_length=120, unique=True)
    body = models.TextField(
        "isi templat",
        help_text=(
            "Penanda yang diisi otomatis: {nomor} nomor pengaduan, {nama} nama pelapor (hanya "
            "bila pelapor mencantumkan identitas; selain itu “Bapak/Ibu Pelapor”), {tanggal} "
            "tanggal pengaduan diterima, {tenggat} jatuh tempo tahap saat ini, {layanan} "
            "layanan yang diadukan, {hari_ini} tanggal hari ini."
        ),
    )
    active = models.BooleanField("aktif", default=True)
    order = models.PositiveSmallIntegerField("urutan", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "templat jawaban"
        verbose_name_plural = "templat jawaban"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        names = template_placeholders(self.body)
        if names is None:
            raise ValidationError(
                {"body": "Kurung kurawal tidak berpasangan. Tulis penanda seperti {nomor}."}
            )
        unknown = names - set(REPLY_PLACEHOLDERS)
        if unknown:
            names = ", ".join("{" + name + "}" for name in sorted(unknown))
            allowed = ", ".join("{" + name + "}" for name in REPLY_PLACEHOLDERS)
            raise ValidationError(
                {"body": f"Penanda tidak dikenal: {names}. Yang dapat dipakai: {allowed}."}
            )


REPLY_PLACEHOLDERS = {
    "nomor": "nomor pengaduan",
    "nama": "nama pelapor (bila identitas dicantumkan)",
    "tanggal": "tanggal pengaduan diterima",
    "tenggat": "jatuh tempo tahap saat ini",
    "layanan": "layanan yang diadukan",
    "hari_ini": "tanggal hari ini",
}


class _BadTemplate(Exception):
    pass


def template_placeholders(body: str) -> set[str] | None:
    """The placeholder names in `body`; None when its braces do not pair up."""
    names: set[str] = set()
    try:
        for _text, field, spec, conversion in string.Formatter().parse(body or ""):
            if field is None:
                continue
            if not field.isidentifier() or spec or conversion:
                raise _BadTemplate
            names.add(field)
    except (ValueError, _BadTemplate):
        return None
    return names
