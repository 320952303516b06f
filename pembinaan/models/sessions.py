"""Sessions generated from approved plans, their results and photos."""

import operator
import secrets
from datetime import date
from functools import reduce

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from pembinaan.models.catalogue import Venue
from pembinaan.models.choices import (
    PREDICATE_SCALE,
    CancelReason,
    Predicate,
    SessionStatus,
    predicate_range,
)
from pembinaan.models.participants import Allocation
from pembinaan.models.plans import WorkPlan, WorkPlanRevision
from pembinaan.models.programs import Program
from pembinaan.models.register import Inmate


def private_storage():
    """Uploaded photos live in STORAGES["private"], served only by permission-checked views."""
    return storages["private"]


class SessionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("program", "program__art_form", "venue", "plan")

    def on_date(self, day: date):
        return self.filter(date=day)

    def between(self, first: date, last: date):
        return self.filter(date__gte=first, date__lte=last)

    def not_cancelled(self):
        return self.exclude(status=SessionStatus.CANCELLED)

    def with_participant_count(self):
        """Annotate `participant_count`: allocations of the program active on the session date."""
        participants = (
            Allocation.objects.filter(
                program=models.OuterRef("program"), start_date__lte=models.OuterRef("date")
            )
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=models.OuterRef("date")))
            .order_by()
            .values("program")
            .annotate(n=models.Count("id"))
            .values("n")
        )
        return self.annotate(
            participant_count=Coalesce(
                models.Subquery(participants, output_field=models.IntegerField()), 0
            )
        )


class Session(models.Model):
    """One meeting of a program (sesi), created from an approved work plan revision.

    Times are aware datetimes: `planned_start`/`planned_end` (the slot, `planned_end` =
    start + the program's session length at scheduling) and `actual_start`/`actual_end`
    (recorded by the start and finish buttons, or afterwards with a reason: `times_note`,
    `times_recorded_by`/`_at`; the history keeps every correction). `date` is the local date
    of `planned_start`.

    Three separate flags say how a held session kept to its slot, recomputed by the service
    whenever the actual times change (`pembinaan.services.sessions.time_flags`): `overran`
    (lasted longer than the slot), `start_off_time` (started more than
    SESSION_START_TOLERANCE_MINUTES before or after the planned start) and `too_short`
    (lasted less than SESSION_MIN_MINUTES, or less than its slot when the slot is shorter).
    A held session with none of them is *sesuai waktu layanan*.
    """

    program = models.ForeignKey(
        Program, verbose_name="program", on_delete=models.PROTECT, related_name="sessions"
    )
    plan = models.ForeignKey(
        WorkPlan, verbose_name="rencana kerja", on_delete=models.PROTECT, related_name="sessions"
    )
    revision = models.ForeignKey(
        WorkPlanRevision,
        verbose_name="revisi rencana kerja",
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    date = models.DateField("tanggal", db_index=True)
    planned_start = models.DateTimeField("rencana mulai")
    planned_end = models.DateTimeField("rencana selesai")
    actual_start = models.DateTimeField("mulai", null=True, blank=True)
    actual_end = models.DateTimeField("selesai", null=True, blank=True)
    overran = models.BooleanField("melebihi durasi", default=False)
    start_off_time = models.BooleanField("mulai tidak tepat waktu", default=False)
    too_short = models.BooleanField("terlalu singkat", default=False)
    times_note = models.TextField(
        "alasan pencatatan/koreksi waktu",
        blank=True,
        help_text="Diisi bila jam mulai/selesai dicatat atau dikoreksi setelah sesi.",
    )
    times_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="waktu dicatat/dikoreksi oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    times_recorded_at = models.DateTimeField("waktu dicatat/dikoreksi pada", null=True, blank=True)
    venue = models.ForeignKey(
        Venue, verbose_name="tempat", on_delete=models.PROTECT, related_name="sessions"
    )
    status = models.CharField(
        "status", max_length=12, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(
        "alasan pembatalan", max_length=30, choices=CancelReason.choices, blank=True
    )
    cancel_note = models.TextField("keterangan pembatalan", blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dimulai oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diakhiri oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibatalkan oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField("dibatalkan pada", null=True, blank=True)

    history = HistoricalRecords()
    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = "sesi"
        verbose_name_plural = "sesi"
        ordering = ["planned_start", "id"]
        indexes = [models.Index(fields=["program", "date"], name="session_program_date")]
        permissions = [
            ("record_session_times", "Dapat mencatat/mengoreksi jam mulai dan selesai sesi"),
            (
                "correct_locked_session_times",
                "Dapat mengoreksi jam sesi setelah batas waktu perubahan",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "planned_start"], name="session_program_start_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="session_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gt=F("planned_start")), name="session_planned_ordered"
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=False, actual_end__gte=F("actual_start")),
                name="session_actual_ordered",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=SessionStatus.CANCELLED) & ~Q(cancel_reason="")
                    | ~Q(status=SessionStatus.CANCELLED) & Q(cancel_reason="")
                ),
                name="session_cancel_reason_iff_cancelled",
            ),
            models.CheckConstraint(
                condition=~Q(status=SessionStatus.RUNNING) | Q(actual_start__isnull=False),
                name="session_running_has_start",
            ),
            models.CheckConstraint(
                condition=~Q(status=SessionStatus.FINISHED)
                | Q(actual_start__isnull=False, actual_end__isnull=False),
                name="session_finished_has_times",
            ),
        ]

    def __str__(self) -> str:
        from django.utils import timezone

        start = timezone.localtime(self.planned_start)
        return f"{self.program} · {start:%d-%m-%Y %H:%M}"

    @property
    def badge(self) -> str:
        """Bootstrap colour of the status badge."""
        return {
            SessionStatus.SCHEDULED: "primary",
            SessionStatus.RUNNING: "warning",
            SessionStatus.FINISHED: "success",
            SessionStatus.CANCELLED: "secondary",
        }.get(self.status, "secondary")

    @property
    def slot_minutes(self) -> int:
        return int((self.planned_end - self.planned_start).total_seconds() // 60)

    @property
    def on_time(self) -> bool:
        """Held and kept to its slot (sesuai waktu layanan): none of the three flags."""
        return self.status == SessionStatus.FINISHED and not (
            self.overran or self.start_off_time or self.too_short
        )

    @property
    def time_flag_labels(self) -> list[str]:
        """The flags of a held session, in words (for badges)."""
        labels = []
        if self.start_off_time:
            labels.append("Mulai tidak tepat waktu")
        if self.overran:
            labels.append("Melebihi durasi")
        if self.too_short:
            labels.append("Terlalu singkat")
        return labels

    @property
    def actual_minutes(self) -> int | None:
        if self.actual_start and self.actual_end:
            return int((self.actual_end - self.actual_start).total_seconds() // 60)
        return None

    def window(self, *, lead_minutes: int = 0):
        """(from, to) of the session: the actual times when recorded, else the planned ones;
        `from` is moved `lead_minutes` earlier (finger-scan matching starts a little before)."""
        from datetime import timedelta

        start = (self.actual_start or self.planned_start) - timedelta(minutes=lead_minutes)
        return start, self.actual_end or self.planned_end

    def participants(self):
        """The allocations (peserta) of the program active on the session's date."""
        return Allocation.objects.for_session(self)


class SessionResult(models.Model):
    """What happened in a session (pencatatan hasil): summary, material, notes."""

    session = models.OneToOneField(
        Session, verbose_name="sesi", on_delete=models.PROTECT, related_name="result"
    )
    summary = models.TextField("ringkasan kegiatan")
    material = models.TextField("materi", blank=True)
    notes = models.TextField("catatan", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("dicatat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hasil sesi"
        verbose_name_plural = "hasil sesi"
        permissions = [
            ("edit_locked_results", "Dapat mengubah hasil sesi setelah batas waktu perubahan"),
        ]

    def __str__(self) -> str:
        return f"Hasil {self.session}"


def score_matches_predicate() -> Q:
    """Q: the score lies in its predikat's band (86–100 A, 71–85 B, 56–70 C, 0–55 D)."""
    bands = [
        Q(predicate=predicate, score__gte=low, score__lte=high)
        for predicate, (low, high) in ((p, predicate_range(p)) for _, p in PREDICATE_SCALE)
    ]
    return reduce(operator.or_, bands)


class ParticipantResult(models.Model):
    """A participant's result in a session: a score (its predikat follows from the scale) or a
    predikat alone, and a behaviour note."""

    session = models.ForeignKey(
        Session, verbose_name="sesi", on_delete=models.PROTECT, related_name="participant_results"
    )
    inmate = models.ForeignKey(
        Inmate, verbose_name="WBP", on_delete=models.PROTECT, related_name="session_results"
    )
    score = models.PositiveSmallIntegerField("nilai (0–100)", null=True, blank=True)
    predicate = models.CharField("predikat", max_length=1, choices=Predicate.choices, blank=True)
    behaviour_note = models.TextField("catatan perilaku", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("diubah", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hasil peserta"
        verbose_name_plural = "hasil peserta"
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "inmate"], name="participantresult_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="participantresult_score"
            ),
            models.CheckConstraint(
                condition=Q(predicate__in=[*Predicate.values, ""]),
                name="participantresult_predicate_valid",
            ),
            # A score carries the predikat of its band on the scale (PREDICATE_SCALE).
            models.CheckConstraint(
                condition=Q(score__isnull=True) | score_matches_predicate(),
                name="participantresult_score_matches_predicate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inmate} · {self.session}"


def session_photo_path(instance: "SessionPhoto", filename: str) -> str:
    """A random name (never the uploader's), under the session's month."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"sesi/{instance.session.date:%Y/%m}/{secrets.token_hex(16)}.{ext}"


class SessionPhoto(models.Model):
    """A photo of a session, checked with Pillow and stored in the private storage."""

    session = models.ForeignKey(
        Session, verbose_name="sesi", on_delete=models.PROTECT, related_name="photos"
    )
    image = models.FileField(
        "foto", upload_to=session_photo_path, storage=private_storage, max_length=200
    )
    content_type = models.CharField("jenis berkas", max_length=30)
    size = models.PositiveIntegerField("ukuran (bita)")
    width = models.PositiveIntegerField("lebar")
    height = models.PositiveIntegerField("tinggi")
    caption = models.CharField("keterangan", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diunggah oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("diunggah", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "foto sesi"
        verbose_name_plural = "foto sesi"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or f"Foto {self.session}"
