"""Work plans: schedules, revisions, submission and the Kepala UPT's decision, which
creates or updates the plan's sessions."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pembinaan.models import (
    EDITABLE_PLAN_STATUSES,
    OPEN_PLAN_STATUSES,
    CancelReason,
    Frequency,
    InstructorType,
    Program,
    ProgramStatus,
    Session,
    SessionStatus,
    WorkPlan,
    WorkPlanRevision,
    WorkPlanSlot,
    WorkPlanStatus,
    WorkPlanTransition,
)
from pembinaan.services.common import set_fields
from rutan.calendar import holidays_between
from rutan.dates import check_date
from rutan.models import User

# --- Work plans ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotSpec:
    """A recurring slot as given by the form: weekday 0 = Senin, start time, frequency."""

    weekday: int
    start_time: time
    frequency: str = Frequency.WEEKLY


@dataclass(frozen=True)
class PlannedSession:
    start: datetime
    end: datetime

    @property
    def date(self) -> date:
        return timezone.localtime(self.start).date()


def plan_schedule(
    *,
    period_start: date,
    period_end: date,
    slots: Iterable,
    skip_dates: Iterable[date] = (),
    minutes: int,
) -> list[PlannedSession]:
    """The sessions a plan yields: each slot from its first weekday on/after the period start,
    every week or every other week, to the period end, minus the skipped dates. Pure.

    `slots` are SlotSpec or WorkPlanSlot (anything with weekday, start_time, frequency).
    """
    skipped = set(skip_dates)
    tz = timezone.get_current_timezone()
    result: list[PlannedSession] = []
    for slot in slots:
        step = timedelta(days=14 if slot.frequency == Frequency.FORTNIGHTLY else 7)
        day = period_start + timedelta(days=(slot.weekday - period_start.weekday()) % 7)
        while day <= period_end:
            if day not in skipped:
                start = timezone.make_aware(datetime.combine(day, slot.start_time), tz)
                result.append(PlannedSession(start, start + timedelta(minutes=minutes)))
            day += step
    return sorted(set(result), key=lambda s: s.start)


def revision_holidays(revision: WorkPlanRevision) -> dict[date, str]:
    """The calendar's holidays (rutan.Holiday) in the revision's period, date → name."""
    return holidays_between(revision.period_start, revision.period_end)


def revision_schedule(
    revision: WorkPlanRevision, *, holidays: Mapping[date, str] | None = None
) -> list[PlannedSession]:
    """The planned sessions of a stored revision (uses its prefetched slots when present):
    its slots over its period, minus its skipped dates and the calendar's holidays (`holidays`
    when the caller loaded them for several revisions at once)."""
    if holidays is None:
        holidays = revision_holidays(revision)
    return plan_schedule(
        period_start=revision.period_start,
        period_end=revision.period_end,
        slots=revision.slots.all(),
        skip_dates=revision.skip_date_set | set(holidays),
        minutes=revision.plan.program.session_minutes,
    )


def skipped_holidays(
    revision: WorkPlanRevision, *, holidays: Mapping[date, str] | None = None
) -> list[tuple[date, str]]:
    """The dates a slot of the revision falls on that the holiday calendar skips, with the
    holiday's name, for the plan's preview."""
    if holidays is None:
        holidays = revision_holidays(revision)
    if not holidays:
        return []
    slot_days = plan_schedule(
        period_start=revision.period_start,
        period_end=revision.period_end,
        slots=revision.slots.all(),
        skip_dates=revision.skip_date_set,
        minutes=revision.plan.program.session_minutes,
    )
    return sorted({(p.date, holidays[p.date]) for p in slot_days if p.date in holidays})


def _log(revision: WorkPlanRevision, *, by: User, from_status: str, note: str = "") -> None:
    WorkPlanTransition.objects.create(
        plan=revision.plan,
        revision=revision,
        from_status=from_status,
        to_status=revision.status,
        by=by,
        note=note,
    )


def _normalise_skip_dates(skip_dates: Iterable) -> list[dict]:
    """[(date, note)] or [{"date":…, "note":…}] → sorted JSON list without duplicates."""
    items: dict[str, str] = {}
    for item in skip_dates:
        day, note = (item["date"], item.get("note", "")) if isinstance(item, dict) else item
        day = day if isinstance(day, str) else day.isoformat()
        items[day] = (note or "").strip()
    return [{"date": day, "note": note} for day, note in sorted(items.items())]


def _write_slots(revision: WorkPlanRevision, slots: Iterable[SlotSpec]) -> None:
    specs = {(s.weekday, s.start_time): s for s in slots}
    if not specs:
        raise ValidationError("Isi paling sedikit satu jadwal rutin (hari dan jam).")
    revision.slots.all().delete()
    rows = [
        WorkPlanSlot(
            revision=revision, weekday=s.weekday, start_time=s.start_time, frequency=s.frequency
        )
        for s in specs.values()
    ]
    for row in rows:
        row.full_clean(exclude=["revision"])
    bulk_create_with_history(rows, WorkPlanSlot)


REVISION_FIELDS = ("period_start", "period_end", "objectives", "notes")


def _check_period(revision: WorkPlanRevision) -> None:
    """The period's days lie in rutan's date window (rutan/dates.py)."""
    check_date(revision.period_start, "Periode mulai")
    check_date(revision.period_end, "Periode selesai")
    for day in revision.skip_date_set:
        check_date(day, "Tanggal yang dilewati")


def _check_size(revision: WorkPlanRevision, *, confirm_large: bool) -> None:
    """A period longer than WORK_PLAN_MAX_DAYS, or more than WORK_PLAN_MAX_SESSIONS sessions,
    is refused unless the author confirms it (a typo in a year otherwise makes thousands)."""
    _check_period(revision)
    if confirm_large:
        return
    days = (revision.period_end - revision.period_start).days + 1
    max_days, max_sessions = settings.WORK_PLAN_MAX_DAYS, settings.WORK_PLAN_MAX_SESSIONS
    if days > max_days:
        raise ValidationError(
            f"Periode rencana kerja {days} hari, lebih dari {max_days} hari. Periksa tanggalnya, "
            "atau centang konfirmasi bila periode sepanjang itu memang dimaksudkan."
        )
    count = len(revision_schedule(revision))
    if count > max_sessions:
        raise ValidationError(
            f"Rencana kerja ini menghasilkan {count} sesi, lebih dari {max_sessions}. Periksa "
            "periode dan jadwalnya, atau centang konfirmasi bila memang dimaksudkan."
        )


def create_work_plan(
    *,
    program: Program,
    by: User,
    title: str,
    period_start: date,
    period_end: date,
    objectives: str,
    slots: Iterable[SlotSpec],
    skip_dates: Iterable = (),
    notes: str = "",
    confirm_large: bool = False,
) -> WorkPlan:
    """Draft a new work plan (revision 1, DRAFT) for a program. A period over a year or more
    than a few hundred sessions needs `confirm_large=True`."""
    if program.status != ProgramStatus.ACTIVE:
        raise ValidationError("Rencana kerja hanya dapat dibuat untuk program yang aktif.")
    with transaction.atomic():
        plan = WorkPlan(program=program, title=title.strip(), created_by=by)
        plan.full_clean(exclude=["latest_revision", "approved_revision"])
        plan.save()
        revision = WorkPlanRevision(
            plan=plan,
            number=1,
            period_start=period_start,
            period_end=period_end,
            objectives=objectives,
            notes=notes,
            skip_dates=_normalise_skip_dates(skip_dates),
            author=by,
        )
        _check_period(revision)
        revision.full_clean()
        revision.save()
        _write_slots(revision, slots)
        _check_size(revision, confirm_large=confirm_large)
        plan.latest_revision = revision
        plan.save(update_fields=["latest_revision"])
        _log(revision, by=by, from_status="", note="Rencana kerja dibuat.")
    return plan


def _lock_plan(plan: WorkPlan) -> tuple[WorkPlan, WorkPlanRevision]:
    plan = WorkPlan.objects.select_for_update().select_related("program").get(pk=plan.pk)
    assert plan.latest_revision_id is not None  # every plan is created with its first revision
    revision = WorkPlanRevision.objects.select_for_update().get(pk=plan.latest_revision_id)
    return plan, revision


def update_work_plan(
    *,
    plan: WorkPlan,
    by: User,
    slots: Iterable[SlotSpec] | None = None,
    skip_dates: Iterable | None = None,
    title: str | None = None,
    confirm_large: bool = False,
    **values,
) -> WorkPlan:
    """Change the content of the plan's open revision (DRAFT or DIKEMBALIKAN only).

    An approved (or submitted, rejected) revision is never edited in place: to change an
    approved plan, `start_plan_revision` first.
    """
    with transaction.atomic():
        plan, revision = _lock_plan(plan)
        if revision.status not in EDITABLE_PLAN_STATUSES:
            if revision.status == WorkPlanStatus.APPROVED:
                raise ValidationError(
                    "Rencana kerja yang sudah disetujui tidak dapat diubah. Buat revisi baru."
                )
            raise ValidationError(
                f"Rencana kerja berstatus {revision.get_status_display()} tidak dapat diubah."
            )
        set_fields(revision, REVISION_FIELDS, values)
        if skip_dates is not None:
            revision.skip_dates = _normalise_skip_dates(skip_dates)
        _check_period(revision)
        revision.full_clean()
        revision.save()
        if slots is not None:
            _write_slots(revision, slots)
        _check_size(revision, confirm_large=confirm_large)
        if title is not None and title.strip() != plan.title:
            plan.title = title.strip()
            plan.full_clean(exclude=["latest_revision", "approved_revision"])
            plan.save(update_fields=["title"])
    return plan


def _overlapping_plans(plan: WorkPlan, revision: WorkPlanRevision):
    """Other plans of the same program whose approved or pending period overlaps."""
    return (
        WorkPlanRevision.objects.filter(
            plan__program_id=plan.program_id,
            status__in=[WorkPlanStatus.APPROVED, WorkPlanStatus.SUBMITTED],
            period_start__lte=revision.period_end,
            period_end__gte=revision.period_start,
        )
        .exclude(plan_id=plan.pk)
        .select_related("plan")
    )


def submit_work_plan(*, plan: WorkPlan, by: User, note: str = "") -> WorkPlan:
    """DRAFT or DIKEMBALIKAN → DIAJUKAN: send the plan to the Kepala UPT."""
    with transaction.atomic():
        plan, revision = _lock_plan(plan)
        if revision.status not in EDITABLE_PLAN_STATUSES:
            raise ValidationError(
                f"Rencana kerja berstatus {revision.get_status_display()} tidak dapat diajukan."
            )
        _check_period(revision)
        if not revision_schedule(revision):
            raise ValidationError("Jadwal rencana kerja belum menghasilkan satu sesi pun.")
        other = _overlapping_plans(plan, revision).first()
        if other:
            raise ValidationError(
                f"Periode bertumpang tindih dengan rencana kerja lain untuk program ini: "
                f"{other.plan.title}."
            )
        previous = revision.status
        revision.status = WorkPlanStatus.SUBMITTED
        revision.submitted_at = timezone.now()
        revision.submitted_by = by
        revision.save()
        _log(revision, by=by, from_status=previous, note=note)
    return plan


def _check_decider(plan: WorkPlan, revision: WorkPlanRevision, by: User) -> None:
    if not by.has_perm("pembinaan.approve_workplan"):
        raise PermissionDenied("Hanya Kepala UPT yang dapat memutuskan rencana kerja.")
    if revision.status != WorkPlanStatus.SUBMITTED:
        raise ValidationError(
            f"Rencana kerja berstatus {revision.get_status_display()}, bukan Diajukan."
        )
    if by.pk in {revision.author_id, revision.submitted_by_id}:
        raise ValidationError("Penyusun rencana kerja tidak dapat memutuskan rencananya sendiri.")


def _sync_sessions(plan: WorkPlan, revision: WorkPlanRevision) -> tuple[int, int, int]:
    """Make the plan's future sessions follow `revision`; past and started ones stand.

    Future scheduled sessions at a planned time are kept (and moved to the revision), missing
    ones created, those no longer planned removed (cancelled if something already refers to
    them). Returns (created, kept, removed).
    """
    now = timezone.now()
    program = plan.program
    planned = [p for p in revision_schedule(revision) if p.start > now]
    existing = {s.planned_start: s for s in plan.sessions.filter(planned_start__gt=now)}
    taken = set(
        Session.objects.filter(program=program, planned_start__in=[p.start for p in planned])
        .exclude(plan=plan)
        .values_list("planned_start", flat=True)
    )
    to_create, to_update = [], []
    for item in planned:
        session = existing.pop(item.start, None)
        if session is None:
            if item.start not in taken:
                to_create.append(
                    Session(
                        program=program,
                        plan=plan,
                        revision=revision,
                        date=item.date,
                        planned_start=item.start,
                        planned_end=item.end,
                        venue_id=program.venue_id,
                    )
                )
        elif session.status == SessionStatus.SCHEDULED:
            session.revision = revision
            session.planned_end = item.end
            to_update.append(session)
    removed = 0
    for session in existing.values():
        if session.status != SessionStatus.SCHEDULED:
            continue
        try:
            with transaction.atomic():
                session.delete()
        except ProtectedError:
            session.status = SessionStatus.CANCELLED
            session.cancel_reason = CancelReason.OTHER
            session.cancel_note = "Tidak ada lagi dalam revisi rencana kerja yang berlaku."
            session.cancelled_at = now
            session.save()
        removed += 1
    bulk_create_with_history(to_create, Session, batch_size=500)
    if to_update:
        bulk_update_with_history(to_update, Session, ["revision", "planned_end"], batch_size=500)
    return len(to_create), len(to_update), removed


@dataclass(frozen=True)
class PlanClash:
    """A planned session of a revision that overlaps an approved session of another program
    in the same venue or with the same instructor."""

    start: datetime
    other: Session
    venue: bool
    instructor: bool

    @property
    def what(self) -> str:
        both = self.venue and self.instructor
        return "tempat dan instruktur" if both else "tempat" if self.venue else "instruktur"

    def __str__(self) -> str:
        other = self.other
        return (
            f"{timezone.localtime(self.start):%d-%m-%Y %H:%M}: {self.what} sama dengan "
            f"{other.program.name} ({timezone.localtime(other.planned_start):%H:%M}–"
            f"{timezone.localtime(other.planned_end):%H:%M}, {other.venue.name})"
        )


def plan_clashes(revision: WorkPlanRevision) -> list[PlanClash]:
    """Venue and instructor clashes of the revision's coming sessions, over its whole period,
    with the not-cancelled sessions of other programs (sessions exist only from approved
    plans). Two queries whatever the length of the plan."""
    program = revision.plan.program
    now = timezone.now()
    planned = [p for p in revision_schedule(revision) if p.start > now]
    if not planned:
        return []
    same_instructor = Q(program__instructor_type=program.instructor_type)
    fields: dict[str, str] = {
        InstructorType.STAFF: "instructor_user_id",
        InstructorType.INMATE: "instructor_inmate_id",
        InstructorType.PARTNER: "instructor_partner_id",
    }
    field = fields[program.instructor_type]
    same_instructor &= Q(**{f"program__{field}": getattr(program, field)})
    others = (
        Session.objects.not_cancelled()
        .exclude(program_id=program.pk)
        .filter(planned_start__lt=planned[-1].end, planned_end__gt=planned[0].start)
        .filter(Q(venue_id=program.venue_id) | same_instructor)
        .select_related("program", "venue")
        .order_by("planned_start")
    )
    by_day: dict[date, list[PlannedSession]] = {}
    for item in planned:
        by_day.setdefault(item.date, []).append(item)
    clashes = []
    for other in others:
        day = timezone.localtime(other.planned_start).date()
        for item in by_day.get(day, []) + by_day.get(day - timedelta(days=1), []):
            if item.start < other.planned_end and other.planned_start < item.end:
                o = other.program
                clashes.append(
                    PlanClash(
                        start=item.start,
                        other=other,
                        venue=other.venue_id == program.venue_id,
                        instructor=o.instructor_type == program.instructor_type
                        and getattr(o, field) == getattr(program, field),
                    )
                )
    return sorted(clashes, key=lambda c: (c.start, c.other.planned_start))


def approve_work_plan(
    *, plan: WorkPlan, by: User, note: str = "", clash_override_reason: str = ""
) -> WorkPlan:
    """DIAJUKAN → DISETUJUI by the Kepala UPT (never the plan's author): the revision comes into
    force, the one it replaces becomes DIGANTI, and the plan's sessions are created/updated.

    Refused while the coming sessions clash (venue or instructor) with approved sessions of
    another program (`plan_clashes`), unless `clash_override_reason` says why it is accepted;
    the reason is kept on the revision and in the decision log."""
    clash_override_reason = (clash_override_reason or "").strip()
    with transaction.atomic():
        plan, revision = _lock_plan(plan)
        _check_decider(plan, revision, by)
        _check_period(revision)
        clashes = plan_clashes(revision)
        if clashes and not clash_override_reason:
            listed = "; ".join(str(c) for c in clashes[:3])
            more = f" dan {len(clashes) - 3} lainnya" if len(clashes) > 3 else ""
            raise ValidationError(
                f"Rencana kerja bentrok dengan {len(clashes)} sesi yang sudah disetujui: "
                f"{listed}{more}. Ubah jadwalnya (kembalikan ke petugas), atau setujui dengan "
                "alasan pengecualian bentrok."
            )
        revision.clash_override_reason = clash_override_reason if clashes else ""
        if clashes:
            extra = f"Disetujui meski bentrok ({len(clashes)} sesi): {clash_override_reason}"
            note = f"{note}\n{extra}".strip()
        now = timezone.now()
        if plan.approved_revision_id:
            old = WorkPlanRevision.objects.select_for_update().get(pk=plan.approved_revision_id)
            old.status = WorkPlanStatus.SUPERSEDED
            old.save()
            _log(
                old,
                by=by,
                from_status=WorkPlanStatus.APPROVED,
                note=f"Diganti revisi {revision.number}.",
            )
        revision.status = WorkPlanStatus.APPROVED
        revision.decided_by = by
        revision.decided_at = now
        revision.decision_note = note
        revision.save()
        plan.approved_revision = revision
        plan.save(update_fields=["approved_revision"])
        _sync_sessions(plan, revision)
        _log(revision, by=by, from_status=WorkPlanStatus.SUBMITTED, note=note)
    return plan


def _decide_against(plan: WorkPlan, *, by: User, note: str, status: str) -> WorkPlan:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Tuliskan alasannya."})
    with transaction.atomic():
        plan, revision = _lock_plan(plan)
        _check_decider(plan, revision, by)
        revision.status = status
        revision.decided_by = by
        revision.decided_at = timezone.now()
        revision.decision_note = note
        revision.save()
        _log(revision, by=by, from_status=WorkPlanStatus.SUBMITTED, note=note)
    return plan


def return_work_plan(*, plan: WorkPlan, by: User, note: str) -> WorkPlan:
    """DIAJUKAN → DIKEMBALIKAN: back to the petugas for revision, with the reason."""
    return _decide_against(plan, by=by, note=note, status=WorkPlanStatus.RETURNED)


def reject_work_plan(*, plan: WorkPlan, by: User, note: str) -> WorkPlan:
    """DIAJUKAN → DITOLAK, with the reason. Final for this revision."""
    return _decide_against(plan, by=by, note=note, status=WorkPlanStatus.REJECTED)


def start_plan_revision(*, plan: WorkPlan, by: User) -> WorkPlan:
    """Open a new DRAFT revision of an approved (or rejected) plan, copying its content.

    The approved revision and its sessions stay in force until the new one is approved.
    """
    with transaction.atomic():
        plan, current = _lock_plan(plan)
        if current.status in OPEN_PLAN_STATUSES:
            raise ValidationError("Rencana kerja ini sudah memiliki revisi yang sedang disusun.")
        if current.status == WorkPlanStatus.REJECTED and plan.approved_revision_id is None:
            raise ValidationError(
                "Rencana kerja yang ditolak tidak dapat direvisi. Buat rencana kerja baru."
            )
        base = WorkPlanRevision.objects.get(pk=plan.approved_revision_id or current.pk)
        revision = WorkPlanRevision(
            plan=plan,
            number=current.number + 1,
            period_start=base.period_start,
            period_end=base.period_end,
            objectives=base.objectives,
            skip_dates=base.skip_dates,
            notes=base.notes,
            author=by,
        )
        revision.full_clean()
        revision.save()
        _write_slots(
            revision, [SlotSpec(s.weekday, s.start_time, s.frequency) for s in base.slots.all()]
        )
        plan.latest_revision = revision
        plan.save(update_fields=["latest_revision"])
        _log(revision, by=by, from_status="", note=f"Revisi {revision.number} dibuat.")
    return plan
