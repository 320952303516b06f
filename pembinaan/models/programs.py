"""Arts programs, work plans and their revisions, sessions, participants (allocations) and
results. State changes go through `pembinaan.services.programs`; the constraints below hold
what the database can hold."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from pembinaan.models.register import Inmate, InmateClass


def default_session_minutes() -> int:
    """The service slot (the standard's "Waktu Penyelesaian 45 Menit"), from the settings."""
    return settings.DEFAULT_SESSION_MINUTES


def private_storage():
    """Uploaded photos live in STORAGES["private"], served only by permission-checked views."""
    from django.core.files.storage import storages

    return storages["private"]


class ArtForm(models.Model):
    """An art form of the catalogue (karawitan, hadroh, …), edited by the admin."""

    name = models.CharField("nama", max_length=80, unique=True)
    code = models.SlugField("kode", max_length=40, unique=True)
    is_active = models.BooleanField("aktif", default=True)
    sort_order = models.PositiveSmallIntegerField("urutan", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "cabang seni"
        verbose_name_plural = "cabang seni"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    """A room or place where sessions are held (aula, ruang musik, masjid, …)."""

    name = models.CharField("nama tempat", max_length=80, unique=True)
    description = models.CharField("keterangan", max_length=200, blank=True)
    is_active = models.BooleanField("aktif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tempat kegiatan"
        verbose_name_plural = "tempat kegiatan"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An outside partner (mitra): a person and their organisation (pesantren, sanggar, …)."""

    person_name = models.CharField("nama pelatih/narasumber", max_length=120)
    organisation = models.CharField("lembaga/organisasi", max_length=150, blank=True)
    phone = models.CharField("telepon", max_length=40, blank=True)
    notes = models.TextField("catatan", blank=True)
    is_active = models.BooleanField("aktif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mitra"
        verbose_name_plural = "mitra"
        ordering = ["person_name", "organisation"]

    def __str__(self) -> str:
        return (
            f"{self.person_name} ({self.organisation})" if self.organisation else self.person_name
        )


class InstructorType(models.TextChoices):
    STAFF = "petugas", "Petugas"
    INMATE = "wbp", "WBP"
    PARTNER = "mitra", "Mitra"


class ProgramStatus(models.TextChoices):
    ACTIVE = "aktif", "Aktif"
    INACTIVE = "nonaktif", "Nonaktif"
    FINISHED = "selesai", "Selesai"


class ProgramQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ProgramStatus.ACTIVE)

    def with_related(self):
        return self.select_related(
            "art_form", "venue", "instructor_user", "instructor_inmate", "instructor_partner"
        )

    def with_figures(self, on: date):
        """Annotate `participant_count` (allocations active on `on`), `finished_count` and
        `on_time_count` (finished sessions that kept to their slot).

        Correlated subqueries rather than joins with GROUP BY: a paginated list computes them
        for the rows of its page only, and the paginator's count drops them.
        """

        def count(queryset):
            counted = queryset.order_by().values("program").annotate(n=models.Count("id"))
            return Coalesce(
                models.Subquery(counted.values("n"), output_field=models.IntegerField()), 0
            )

        finished = Session.objects.filter(
            program=models.OuterRef("pk"), status=SessionStatus.FINISHED
        )
        return self.annotate(
            participant_count=count(
                Allocation.objects.filter(program=models.OuterRef("pk")).active_on(on)
            ),
            finished_count=count(finished),
            on_time_count=count(finished.filter(overran=False)),
        )


class Program(models.Model):
    """An arts program (program pembinaan kesenian).

    `target_classes` is a JSON list of `InmateClass` values (the eligibility classes the program
    is open to). A list rather than a many-to-many: the five classes are a fixed vocabulary of
    the regulation, the list is read whole with the program (no extra query), and the model's
    `clean()` checks every value. The instructor is one of a staff user, an inmate or a partner,
    named by `instructor_type`; a check constraint makes exactly the matching one set.
    """

    name = models.CharField("nama program", max_length=150)
    art_form = models.ForeignKey(
        ArtForm, verbose_name="cabang seni", on_delete=models.PROTECT, related_name="programs"
    )
    description = models.TextField("deskripsi", blank=True)
    instructor_type = models.CharField(
        "jenis instruktur", max_length=10, choices=InstructorType.choices
    )
    instructor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="instruktur (petugas)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructed_programs",
    )
    instructor_inmate = models.ForeignKey(
        Inmate,
        verbose_name="instruktur (WBP)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructed_programs",
    )
    instructor_partner = models.ForeignKey(
        Partner,
        verbose_name="instruktur (mitra)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
    )
    venue = models.ForeignKey(
        Venue, verbose_name="tempat", on_delete=models.PROTECT, related_name="programs"
    )
    capacity = models.PositiveSmallIntegerField("kapasitas peserta")
    target_classes = models.JSONField(
        "kelas sasaran",
        default=list,
        help_text="Kelas WBP yang boleh mengikuti: tahanan dan/atau tahap pembinaan.",
    )
    session_minutes = models.PositiveSmallIntegerField(
        "durasi sesi (menit)", default=default_session_minutes
    )
    status = models.CharField(
        "status", max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    history = HistoricalRecords()
    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = "program"
        verbose_name_plural = "program"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProgramStatus.values), name="program_status_valid"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="program_capacity_positive"),
            models.CheckConstraint(
                condition=Q(session_minutes__gte=5, session_minutes__lte=480),
                name="program_session_minutes_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        instructor_type=InstructorType.STAFF,
                        instructor_user__isnull=False,
                        instructor_inmate__isnull=True,
                        instructor_partner__isnull=True,
                    )
                    | Q(
                        instructor_type=InstructorType.INMATE,
                        instructor_user__isnull=True,
                        instructor_inmate__isnull=False,
                        instructor_partner__isnull=True,
                    )
                    | Q(
                        instructor_type=InstructorType.PARTNER,
                        instructor_user__isnull=True,
                        instructor_inmate__isnull=True,
                        instructor_partner__isnull=False,
                    )
                ),
                name="program_instructor_matches_type",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        classes = self.target_classes
        if not isinstance(classes, list) or not classes:
            raise ValidationError({"target_classes": "Pilih paling sedikit satu kelas sasaran."})
        unknown = [c for c in classes if c not in InmateClass.values]
        if unknown or len(set(classes)) != len(classes):
            raise ValidationError({"target_classes": "Kelas sasaran tidak dikenal atau ganda."})
        expected = {
            InstructorType.STAFF: "instructor_user",
            InstructorType.INMATE: "instructor_inmate",
            InstructorType.PARTNER: "instructor_partner",
        }
        field = expected.get(self.instructor_type)
        if field and getattr(self, f"{field}_id") is None:
            raise ValidationError({field: "Pilih instruktur sesuai jenisnya."})

    @property
    def instructor(self):
        return {
            InstructorType.STAFF: self.instructor_user,
            InstructorType.INMATE: self.instructor_inmate,
            InstructorType.PARTNER: self.instructor_partner,
        }.get(self.instructor_type)

    @property
    def target_class_labels(self) -> list[str]:
        labels = dict(InmateClass.choices)
        return [labels[c] for c in InmateClass.values if c in (self.target_classes or [])]


class WorkPlanStatus(models.TextChoices):
    DRAFT = "draf", "Draf"
    SUBMITTED = "diajukan", "Diajukan"
    APPROVED = "disetujui", "Disetujui"
    RETURNED = "dikembalikan", "Dikembalikan untuk perbaikan"
    REJECTED = "ditolak", "Ditolak"
    SUPERSEDED = "diganti", "Digantikan revisi baru"


PLAN_BADGES = {
    WorkPlanStatus.DRAFT: "secondary",
    WorkPlanStatus.SUBMITTED: "warning",
    WorkPlanStatus.APPROVED: "success",
    WorkPlanStatus.RETURNED: "info",
    WorkPlanStatus.REJECTED: "danger",
    WorkPlanStatus.SUPERSEDED: "light",
}

# A revision the petugas is still working on (at most one per plan).
OPEN_PLAN_STATUSES = (WorkPlanStatus.DRAFT, WorkPlanStatus.SUBMITTED, WorkPlanStatus.RETURNED)
# A revision whose content may be edited in place.
EDITABLE_PLAN_STATUSES = (WorkPlanStatus.DRAFT, WorkPlanStatus.RETURNED)


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


class Frequency(models.TextChoices):
    WEEKLY = "mingguan", "Setiap minggu"
    FORTNIGHTLY = "dua_mingguan", "Dua minggu sekali"


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


class SessionStatus(models.TextChoices):
    SCHEDULED = "terjadwal", "Terjadwal"
    RUNNING = "berlangsung", "Berlangsung"
    FINISHED = "selesai", "Selesai"
    CANCELLED = "dibatalkan", "Dibatalkan"


class CancelReason(models.TextChoices):
    INSTRUCTOR_ABSENT = "instruktur_berhalangan", "Instruktur berhalangan"
    VENUE_UNAVAILABLE = "tempat_tidak_tersedia", "Tempat tidak tersedia"
    SECURITY = "situasi_keamanan", "Situasi keamanan"
    OTHER = "lainnya", "Lainnya"


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
    (recorded by the start and finish buttons). `overran` is set at finish when the actual
    duration exceeded the slot. `date` is the local date of `planned_start`.
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


class EndReason(models.TextChoices):
    FINISHED = "selesai", "Selesai"
    TRANSFERRED = "pindah", "Pindah UPT"
    RELEASED = "bebas", "Bebas"
    DIED = "meninggal", "Meninggal"
    WITHDRAWN = "ditarik", "Ditarik"
    HEALTH = "kesehatan", "Kesehatan"
    SECURITY = "keamanan", "Keamanan"
    OTHER = "lainnya", "Lainnya"


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


class Predicate(models.TextChoices):
    VERY_GOOD = "A", "Sangat baik"
    GOOD = "B", "Baik"
    FAIR = "C", "Cukup"
    POOR = "D", "Kurang"


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


class ParticipantResult(models.Model):
    """A participant's result in a session: optional score or predikat, behaviour note."""

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
        ]

    def __str__(self) -> str:
        return f"{self.inmate} · {self.session}"


def session_photo_path(instance: "SessionPhoto", filename: str) -> str:
    """A random name (never the uploader's), under the session's month."""
    import secrets

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
