"""Arts programs."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from pembinaan.models.catalogue import ArtForm, Partner, Venue
from pembinaan.models.choices import InstructorType, ProgramStatus, SessionStatus
from pembinaan.models.register import Inmate, InmateClass


def default_session_minutes() -> int:
    """The service slot (the standard's "Waktu Penyelesaian 45 Menit"), from the settings."""
    return settings.DEFAULT_SESSION_MINUTES


class ProgramQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ProgramStatus.ACTIVE)

    def with_related(self):
        return self.select_related(
            "art_form", "venue", "instructor_user", "instructor_inmate", "instructor_partner"
        )

    def with_figures(self, on: date):
        """Annotate `participant_count` (allocations active on `on`), `finished_count` and
        `on_time_count` (finished sessions that kept to their slot: no time flag).

        Correlated subqueries rather than joins with GROUP BY: a paginated list computes them
        for the rows of its page only, and the paginator's count drops them.
        """

        def count(queryset):
            counted = queryset.order_by().values("program").annotate(n=models.Count("id"))
            return Coalesce(
                models.Subquery(counted.values("n"), output_field=models.IntegerField()), 0
            )

        # Reverse relations: sessions and allocations are defined in modules built on this one.
        session_model = self.model._meta.get_field("sessions").related_model
        allocation_model = self.model._meta.get_field("allocations").related_model
        finished = session_model.objects.filter(
            program=models.OuterRef("pk"), status=SessionStatus.FINISHED
        )
        return self.annotate(
            participant_count=count(
                allocation_model.objects.filter(program=models.OuterRef("pk")).active_on(on)
            ),
            finished_count=count(finished),
            on_time_count=count(
                finished.filter(overran=False, start_off_time=False, too_short=False)
            ),
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
