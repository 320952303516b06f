"""Service functions of the pembinaan app: every state change goes through here."""

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pembinaan.models import (
    EDITABLE_PLAN_STATUSES,
    OPEN_PLAN_STATUSES,
    Allocation,
    CancelReason,
    EndReason,
    Frequency,
    Inmate,
    InmateClass,
    LegalStatus,
    ParticipantResult,
    Partner,
    Program,
    ProgramStatus,
    RegistrationStatus,
    SdpImport,
    Session,
    SessionPhoto,
    SessionResult,
    SessionStatus,
    WorkPlan,
    WorkPlanRevision,
    WorkPlanSlot,
    WorkPlanStatus,
    WorkPlanTransition,
)
from pembinaan.sdp import (
    CLASS_COLUMN,
    FIELD_FOR_COLUMN,
    ParsedRow,
    ParseResult,
    RowError,
    parse_sdp_file,
)
from pembinaan.stages import compute_expiry, effective_stage_dates
from rutan.models import User

# =============================================================================================
# Programs, work plans, sessions, participants and results (issue 3)
#
# Public functions (keyword-only): create_program, update_program, save_partner,
# plan_schedule, create_work_plan, update_work_plan, submit_work_plan, approve_work_plan,
# return_work_plan, reject_work_plan, start_plan_revision, eligibility_refusals,
# allocate_inmates, end_allocation, end_allocations_for_status_change, start_session,
# finish_session, cancel_session, uncancel_session, results_editable, save_session_result,
# save_participant_results, add_session_photo, delete_session_photo.
# =============================================================================================

# --- Programs --------------------------------------------------------------------------------

PROGRAM_FIELDS = (
    "name",
    "art_form",
    "description",
    "instructor_type",
    "instructor_user",
    "instructor_inmate",
    "instructor_partner",
    "venue",
    "capacity",
    "target_classes",
    "session_minutes",
    "status",
)


def _set_fields(obj, allowed: Sequence[str], values: dict) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(obj, name, value)


def _clear_other_instructors(program: Program) -> None:
    """Keep only the instructor matching the type (the form may post all three)."""
    kinds = {
        "petugas": "instructor_user",
        "wbp": "instructor_inmate",
        "mitra": "instructor_partner",
    }
    for kind, name in kinds.items():
        if kind != program.instructor_type:
            setattr(program, name, None)


def create_program(*, by: User, **values) -> Program:
    """Create a program (status aktif unless given)."""
    program = Program(created_by=by)
    _set_fields(program, PROGRAM_FIELDS, values)
    _clear_other_instructors(program)
    program.full_clean()
    with transaction.atomic():
        program.save()
    return program


def update_program(*, program: Program, by: User, **values) -> Program:
    """Change a program. Capacity cannot go below the number of current participants."""
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        _set_fields(program, PROGRAM_FIELDS, values)
        _clear_other_instructors(program)
        program.full_clean()
        current = program.allocations.active().count()
        if program.capacity < current:
            raise ValidationError(
                {
                    "capacity": f"Kapasitas tidak boleh kurang dari jumlah peserta saat ini "
                    f"({current})."
                }
            )
        program.save()
    return program


def save_partner(*, by: User, partner: Partner | None = None, **values) -> Partner:
    """Create or change an outside partner (mitra)."""
    partner = partner or Partner()
    _set_fields(partner, ("person_name", "organisation", "phone", "notes", "is_active"), values)
    partner.full_clean()
    with transaction.atomic():
        partner.save()
    return partner


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


def revision_schedule(revision: WorkPlanRevision) -> list[PlannedSession]:
    """The planned sessions of a stored revision (uses its prefetched slots when present)."""
    return plan_schedule(
        period_start=revision.period_start,
        period_end=revision.period_end,
        slots=revision.slots.all(),
        skip_dates=revision.skip_date_set,
        minutes=revision.plan.program.session_minutes,
    )


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
) -> WorkPlan:
    """Draft a new work plan (revision 1, DRAFT) for a program."""
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
        revision.full_clean()
        revision.save()
        _write_slots(revision, slots)
        plan.latest_revision = revision
        plan.save(update_fields=["latest_revision"])
        _log(revision, by=by, from_status="", note="Rencana kerja dibuat.")
    return plan


def _lock_plan(plan: WorkPlan) -> tuple[WorkPlan, WorkPlanRevision]:
    plan = WorkPlan.objects.select_for_update().select_related("program").get(pk=plan.pk)
    revision = WorkPlanRevision.objects.select_for_update().get(pk=plan.latest_revision_id)
    return plan, revision


def update_work_plan(
    *,
    plan: WorkPlan,
    by: User,
    slots: Iterable[SlotSpec] | None = None,
    skip_dates: Iterable | None = None,
    title: str | None = None,
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
        _set_fields(revision, REVISION_FIELDS, values)
        if skip_dates is not None:
            revision.skip_dates = _normalise_skip_dates(skip_dates)
        revision.full_clean()
        revision.save()
        if slots is not None:
            _write_slots(revision, slots)
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


def approve_work_plan(*, plan: WorkPlan, by: User, note: str = "") -> WorkPlan:
    """DIAJUKAN → DISETUJUI by the Kepala UPT (never the plan's author): the revision comes into
    force, the one it replaces becomes DIGANTI, and the plan's sessions are created/updated."""
    with transaction.atomic():
        plan, revision = _lock_plan(plan)
        _check_decider(plan, revision, by)
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


# --- Participants (allocations) --------------------------------------------------------------

STATUS_END_REASONS = {
    RegistrationStatus.PINDAH: EndReason.TRANSFERRED,
    RegistrationStatus.BEBAS: EndReason.RELEASED,
    RegistrationStatus.MENINGGAL: EndReason.DIED,
}


@dataclass
class AllocationOutcome:
    created: list[Allocation] = field(default_factory=list)
    refused: list[tuple[Inmate, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def eligibility_refusals(
    *, program: Program, inmates: Sequence[Inmate], on: date
) -> dict[int, str]:
    """Inmate id → why the inmate may not join `program` on `on` (class or status), for the
    inmates that fail; `inmates` must carry the `klass` annotation (`with_class(on)`)."""
    labels = dict(InmateClass.choices)
    targets = ", ".join(program.target_class_labels)
    refusals: dict[int, str] = {}
    for inmate in inmates:
        if inmate.status != RegistrationStatus.AKTIF:
            refusals[inmate.pk] = (
                f"Status registrasi {inmate.get_status_display()}: hanya WBP berstatus Aktif "
                f"yang dapat menjadi peserta."
            )
        elif not inmate.klass:
            refusals[inmate.pk] = (
                "Tahap pembinaan tidak dapat ditentukan (data pidana belum lengkap)."
            )
        elif inmate.klass not in program.target_classes:
            refusals[inmate.pk] = (
                f"Kelas {labels[inmate.klass]} tidak termasuk sasaran program ({targets})."
            )
    return refusals


def _clash_warnings(program: Program, inmates: Sequence[Inmate], since: datetime) -> list[str]:
    """Warnings for inmates already in another program with a session at the same time as one
    of this program's coming sessions (next 90 days)."""
    until = since + timedelta(days=90)
    ours = list(
        program.sessions.not_cancelled()
        .filter(planned_start__gte=since, planned_start__lt=until)
        .values_list("planned_start", "planned_end")
    )
    if not ours:
        return []
    theirs = (
        Session.objects.not_cancelled()
        .filter(
            planned_start__gte=since - timedelta(days=1),
            planned_start__lt=until,
            program__allocations__inmate__in=inmates,
            program__allocations__end_date__isnull=True,
        )
        .exclude(program=program)
        .values_list(
            "program__name", "planned_start", "planned_end", "program__allocations__inmate"
        )
    )
    names = {i.pk: i.name for i in inmates}
    warned: dict[tuple[int, str], datetime] = {}
    for other_name, start, end, inmate_id in theirs:
        if any(s < end and start < e for s, e in ours):
            key = (inmate_id, other_name)
            warned[key] = min(start, warned.get(key, start))
    return [
        f"{names[inmate_id]} juga peserta {other} yang sesinya bentrok "
        f"(mis. {timezone.localtime(start):%d-%m-%Y %H:%M})."
        for (inmate_id, other), start in sorted(warned.items(), key=lambda kv: kv[1])
    ]


def allocate_inmates(
    *,
    program: Program,
    inmates: Iterable[Inmate | int],
    by: User,
    start_date: date | None = None,
    override_reason: str = "",
) -> AllocationOutcome:
    """Allocate several inmates to a program at once.

    Each inmate is refused, with an Indonesian reason, when already a participant, not AKTIF,
    outside the program's target classes, or beyond capacity; the others are allocated. A user
    with `pembinaan.override_eligibility` who gives `override_reason` may allocate inmates
    outside the target classes (recorded on the allocation). Clashes with another program's
    sessions are warnings. The program row is locked, so concurrent allocations cannot exceed
    the capacity.
    """
    start_date = start_date or timezone.localdate()
    override_reason = (override_reason or "").strip()
    if override_reason and not by.has_perm("pembinaan.override_eligibility"):
        raise PermissionDenied("Anda tidak berwenang mengecualikan syarat peserta.")
    ids = list(dict.fromkeys(i if isinstance(i, int) else i.pk for i in inmates))
    if not ids:
        raise ValidationError("Pilih paling sedikit satu WBP.")
    outcome = AllocationOutcome()
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        if program.status != ProgramStatus.ACTIVE:
            raise ValidationError("Peserta hanya dapat ditambahkan ke program yang aktif.")
        candidates = list(Inmate.objects.filter(pk__in=ids).with_class(start_date).order_by("name"))
        refusals = eligibility_refusals(program=program, inmates=candidates, on=start_date)
        already = set(
            program.allocations.active().filter(inmate__in=ids).values_list("inmate_id", flat=True)
        )
        free = program.capacity - program.allocations.active().count()
        accepted: list[tuple[Inmate, str]] = []
        for inmate in candidates:
            reason = refusals.get(inmate.pk)
            overridable = reason and inmate.status == RegistrationStatus.AKTIF and inmate.klass
            if inmate.pk in already:
                outcome.refused.append((inmate, "Sudah menjadi peserta program ini."))
            elif reason and not (overridable and override_reason):
                outcome.refused.append((inmate, reason))
            elif free <= 0:
                outcome.refused.append(
                    (inmate, f"Kapasitas program penuh ({program.capacity} peserta).")
                )
            else:
                free -= 1
                accepted.append((inmate, reason or ""))
        rows = [
            Allocation(
                program=program,
                inmate=inmate,
                start_date=start_date,
                eligibility_class=inmate.klass,
                override_reason=override_reason if overridden else "",
                override_by=by if overridden else None,
                allocated_by=by,
            )
            for inmate, overridden in accepted
        ]
        for row in rows:  # foreign keys come from fetched rows: no per-row lookups
            row.clean_fields(exclude=["program", "inmate", "allocated_by", "override_by"])
        outcome.created = bulk_create_with_history(rows, Allocation)
        since = timezone.make_aware(datetime.combine(start_date, time.min))
        outcome.warnings = _clash_warnings(program, [i for i, _ in accepted], since)
    return outcome


def end_allocation(
    *, allocation: Allocation, by: User, reason: str, note: str = "", on: date | None = None
) -> Allocation:
    """End a participant's allocation with a reason; `on` (default today) is the first day
    they no longer take part."""
    if reason not in EndReason.values:
        raise ValidationError({"reason": "Pilih alasan berakhirnya keikutsertaan."})
    if reason == EndReason.OTHER and not (note or "").strip():
        raise ValidationError({"note": "Jelaskan alasan lainnya."})
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if allocation.end_date is not None:
            raise ValidationError("Keikutsertaan ini sudah berakhir.")
        on = on or timezone.localdate()
        if on < allocation.start_date:
            raise ValidationError({"on": "Tanggal berakhir tidak boleh sebelum tanggal mulai."})
        allocation.end_date = on
        allocation.end_reason = reason
        allocation.end_note = (note or "").strip()
        allocation.ended_by = by
        allocation.full_clean()
        allocation.save()
    return allocation


def end_allocations_for_status_change(
    *, inmates: Iterable[Inmate | int], status: str, by: User | None, on: date | None = None
) -> int:
    """End every open allocation of `inmates` whose registration status became PINDAH, BEBAS or
    MENINGGAL, with that reason (other statuses: nothing happens). For the SDP import and any
    status change; bulk, with history. Returns how many allocations ended."""
    reason = STATUS_END_REASONS.get(status)
    if reason is None:
        return 0
    ids = [i if isinstance(i, int) else i.pk for i in inmates]
    on = on or timezone.localdate()
    with transaction.atomic():
        rows = list(
            Allocation.objects.select_for_update().filter(inmate_id__in=ids, end_date__isnull=True)
        )
        for row in rows:
            # An allocation that starts later than `on` ends the day it starts.
            row.end_date = max(on, row.start_date)
            row.end_reason = reason
            row.end_note = "Otomatis: status registrasi berubah."
            row.ended_by = by
        if rows:
            bulk_update_with_history(
                rows, Allocation, ["end_date", "end_reason", "end_note", "ended_by"], batch_size=500
            )
    return len(rows)


# --- Sessions --------------------------------------------------------------------------------


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("program").get(pk=session.pk)


def start_session(*, session: Session, by: User) -> Session:
    """TERJADWAL → BERLANGSUNG on the session's day; records the actual start."""
    with transaction.atomic():
        session = _lock_session(session)
        if session.status != SessionStatus.SCHEDULED:
            raise ValidationError(
                f"Sesi berstatus {session.get_status_display()} tidak dapat dimulai."
            )
        if session.date != timezone.localdate():
            raise ValidationError("Sesi hanya dapat dimulai pada hari pelaksanaannya.")
        session.status = SessionStatus.RUNNING
        session.actual_start = timezone.now()
        session.started_by = by
        session.save()
    return session


def finish_session(*, session: Session, by: User) -> Session:
    """BERLANGSUNG → SELESAI; records the actual end and flags an overrun of the slot."""
    with transaction.atomic():
        session = _lock_session(session)
        if session.status != SessionStatus.RUNNING:
            raise ValidationError("Hanya sesi yang sedang berlangsung yang dapat diakhiri.")
        session.status = SessionStatus.FINISHED
        session.actual_end = max(timezone.now(), session.actual_start)
        session.finished_by = by
        session.overran = (session.actual_end - session.actual_start) > (
            session.planned_end - session.planned_start
        )
        session.save()
    return session


def cancel_session(*, session: Session, by: User, reason: str, note: str = "") -> Session:
    """TERJADWAL → DIBATALKAN with a reason (Lainnya needs a note)."""
    note = (note or "").strip()
    if reason not in CancelReason.values:
        raise ValidationError({"reason": "Pilih alasan pembatalan."})
    if reason == CancelReason.OTHER and not note:
        raise ValidationError({"note": "Jelaskan alasan pembatalan."})
    with transaction.atomic():
        session = _lock_session(session)
        if session.status != SessionStatus.SCHEDULED:
            raise ValidationError(
                f"Sesi berstatus {session.get_status_display()} tidak dapat dibatalkan."
            )
        session.status = SessionStatus.CANCELLED
        session.cancel_reason = reason
        session.cancel_note = note
        session.cancelled_by = by
        session.cancelled_at = timezone.now()
        session.save()
        # absensi: unrecorded attendance becomes "Sesi dibatalkan" (reversed on un-cancel).
        from absensi.services import on_session_cancelled

        on_session_cancelled(session=session, by=by)
    return session


def uncancel_session(*, session: Session, by: User) -> Session:
    """DIBATALKAN → TERJADWAL (the cancellation stays in the history)."""
    with transaction.atomic():
        session = _lock_session(session)
        if session.status != SessionStatus.CANCELLED:
            raise ValidationError("Sesi ini tidak dibatalkan.")
        session.status = SessionStatus.SCHEDULED
        session.cancel_reason = ""
        session.cancel_note = ""
        session.cancelled_by = None
        session.cancelled_at = None
        session.save()
        # absensi: remove the "Sesi dibatalkan" entries the cancellation made.
        from absensi.services import on_session_uncancelled

        on_session_uncancelled(session=session, by=by)
    return session


# --- Results ---------------------------------------------------------------------------------


def result_deadline(session: Session) -> datetime:
    """Until when a session's results may be recorded or changed by non-admins."""
    end = session.actual_end or session.planned_end
    return end + timedelta(days=settings.RESULT_EDIT_WINDOW_DAYS)


def results_editable(*, session: Session, by: User) -> bool:
    if session.status != SessionStatus.FINISHED:
        return False
    if by.has_perm("pembinaan.edit_locked_results"):
        return True
    return timezone.now() <= result_deadline(session)


def _check_results_editable(session: Session, by: User) -> None:
    if session.status != SessionStatus.FINISHED:
        raise ValidationError("Hasil hanya dapat dicatat untuk sesi yang sudah selesai.")
    if not results_editable(session=session, by=by):
        raise ValidationError(
            f"Batas waktu perubahan hasil ({settings.RESULT_EDIT_WINDOW_DAYS} hari setelah sesi) "
            f"sudah lewat; hanya admin yang dapat mengubahnya."
        )


def save_session_result(
    *, session: Session, by: User, summary: str, material: str = "", notes: str = ""
) -> SessionResult:
    """Record or change a finished session's result, within the edit window."""
    with transaction.atomic():
        session = _lock_session(session)
        _check_results_editable(session, by)
        result = SessionResult.objects.filter(session=session).first() or SessionResult(
            session=session, recorded_by=by
        )
        result.summary = (summary or "").strip()
        result.material = (material or "").strip()
        result.notes = (notes or "").strip()
        result.full_clean()
        result.save()
    return result


def save_participant_results(*, session: Session, by: User, rows: Iterable[dict]) -> int:
    """Record participants' scores/predikat/behaviour notes: rows of {"inmate": id, "score",
    "predicate", "behaviour_note"}; only the session's participants; empty rows are skipped
    (an existing result emptied is kept, cleared). Returns how many rows were written."""
    with transaction.atomic():
        session = _lock_session(session)
        _check_results_editable(session, by)
        participants = set(session.participants().values_list("inmate_id", flat=True))
        existing = {r.inmate_id: r for r in session.participant_results.all()}
        to_create, to_update = [], []
        for row in rows:
            inmate_id = int(row["inmate"])
            if inmate_id not in participants:
                raise ValidationError("WBP tersebut bukan peserta sesi ini.")
            values = {
                "score": row.get("score"),
                "predicate": row.get("predicate") or "",
                "behaviour_note": (row.get("behaviour_note") or "").strip(),
            }
            result = existing.get(inmate_id)
            if result is None:
                if (
                    values["score"] is None
                    and not values["predicate"]
                    and not values["behaviour_note"]
                ):
                    continue
                result = ParticipantResult(session=session, inmate_id=inmate_id, updated_by=by)
                target = to_create
            elif all(getattr(result, k) == v for k, v in values.items()):
                continue
            else:
                target = to_update
            for name, value in values.items():
                setattr(result, name, value)
            result.updated_by = by
            result.clean_fields(exclude=["session", "inmate", "updated_by"])
            target.append(result)
        bulk_create_with_history(to_create, ParticipantResult)
        if to_update:
            now = timezone.now()
            for result in to_update:
                result.updated_at = now
            bulk_update_with_history(
                to_update,
                ParticipantResult,
                ["score", "predicate", "behaviour_note", "updated_by", "updated_at"],
            )
    return len(to_create) + len(to_update)


PHOTO_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


def _check_image(upload: UploadedFile) -> tuple[str, str, int, int]:
    """(content type, extension, width, height) of an uploaded image, checked with Pillow."""
    from PIL import Image, UnidentifiedImageError

    limit = settings.SESSION_PHOTO_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"Ukuran foto melebihi batas {limit // (1024 * 1024)} MB.")
    data = upload.read()
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:  # verify() leaves the image unusable
            fmt, (width, height) = image.format, image.size
            image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError("Berkas bukan gambar yang sah (JPEG, PNG atau WebP).") from exc
    if fmt not in PHOTO_FORMATS:
        raise ValidationError("Hanya foto JPEG, PNG atau WebP yang diterima.")
    content_type, ext = PHOTO_FORMATS[fmt]
    return content_type, ext, width, height


def add_session_photo(
    *, session: Session, by: User, upload: UploadedFile, caption: str = ""
) -> SessionPhoto:
    """Store a photo of a finished session privately, under a random name."""
    from django.core.files.base import ContentFile

    content_type, ext, width, height = _check_image(upload)
    photo = SessionPhoto(
        session=session,
        content_type=content_type,
        size=upload.size,
        width=width,
        height=height,
        caption=(caption or "").strip(),
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            photo.session = _lock_session(session)
            _check_results_editable(photo.session, by)
            photo.full_clean(exclude=["image"])
            photo.image.save(f"foto.{ext}", ContentFile(upload.read()), save=False)
            photo.save()
    except Exception:
        if photo.image.name:  # the file was written but its row was not
            photo.image.storage.delete(photo.image.name)
        raise
    return photo


def delete_session_photo(*, photo: SessionPhoto, by: User) -> None:
    """Remove a photo (within the edit window); the file goes once the transaction commits."""
    with transaction.atomic():
        session = _lock_session(photo.session)
        _check_results_editable(session, by)
        storage, name = photo.image.storage, photo.image.name
        photo.delete()
        transaction.on_commit(lambda: storage.delete(name))


# =============================================================================================
# Register: stage dates, SDP import and export (issue 2)
# =============================================================================================

STAGE_DATE_FIELDS = ("stage_one_third", "stage_half", "stage_two_thirds", "expiry_date")
# Inmates that are still the unit's: listed when a re-import no longer contains them.
PRESENT_STATUSES = (RegistrationStatus.AKTIF, RegistrationStatus.BON, RegistrationStatus.SAKIT)
BULK_BATCH_SIZE = 500


def apply_stage_dates(inmate: Inmate) -> None:
    """Store the effective stage dates of `inmate` from its own data (no save).

    SDP dates win over the computation (`pembinaan.stages.effective_stage_dates`); the register
    keeps the result so that it can filter by class in the database (`with_class`).
    """
    dates = effective_stage_dates(
        detention_date=inmate.detention_date,
        years=inmate.sentence_years,
        months=inmate.sentence_months,
        days=inmate.sentence_days,
        remisi_days=inmate.remisi_days,
        sdp_one_third=inmate.sdp_one_third,
        sdp_half=inmate.sdp_half,
        sdp_two_thirds=inmate.sdp_two_thirds,
        sdp_expiry=inmate.sdp_expiry,
    )
    inmate.stage_one_third = dates.one_third if dates else None
    inmate.stage_half = dates.half if dates else None
    inmate.stage_two_thirds = dates.two_thirds if dates else None
    inmate.expiry_date = (
        dates.expiry
        if dates
        else inmate.sdp_expiry
        or compute_expiry(
            detention_date=inmate.detention_date,
            years=inmate.sentence_years,
            months=inmate.sentence_months,
            days=inmate.sentence_days,
            remisi_days=inmate.remisi_days,
        )
    )


@dataclass
class ImportUpdate:
    row: ParsedRow
    inmate: Inmate
    changed: list[str]  # verbose names of the changed fields, for the preview


@dataclass
class ImportPlan:
    """What an import would do; nothing is written until `commit_sdp_import`."""

    result: ParseResult
    errors: list[RowError] = field(default_factory=list)  # the file's and the register's
    creates: list[Inmate] = field(default_factory=list)
    updates: list[ImportUpdate] = field(default_factory=list)
    unchanged: list[ParsedRow] = field(default_factory=list)
    missing: list[Inmate] = field(default_factory=list)  # present in the unit, not in the file

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def warnings(self) -> list[RowError]:
        return self.result.warnings


def _new_inmate(row: ParsedRow) -> Inmate:
    inmate = Inmate(**{attr: getattr(row, attr) for attr in FIELD_FOR_COLUMN.values()})
    apply_stage_dates(inmate)
    return inmate


def plan_sdp_import(*, data: bytes, filename: str) -> ImportPlan:
    """Parse an SDP export and compare it with the register: the import's preview.

    Adds to the file's own errors the ones only the register can see: a device PIN that another
    inmate (not in the file) holds, and a legal status that would drop a recorded TPP stage.
    """
    result = parse_sdp_file(data, filename)
    plan = ImportPlan(result=result, errors=list(result.errors))
    if result.file_errors or not result.rows:
        return plan
    present = {FIELD_FOR_COLUMN[c] for c in result.columns}
    existing = {i.registration_number: i for i in Inmate.objects.all()}
    in_file = {r.registration_number for r in result.rows if r.registration_number}
    register_errors: list[RowError] = []

    def refuse(row: ParsedRow, column: str | None, message: str) -> None:
        error = RowError(row.row, column, message)
        row.errors.append(error)
        register_errors.append(error)

    pin_owner = {
        i.device_pin: i
        for number, i in existing.items()
        if i.device_pin and (number not in in_file or "device_pin" not in present)
    }
    for row in result.rows:
        if row.errors:
            continue
        inmate = existing.get(row.registration_number)
        if "device_pin" in present and row.device_pin and row.device_pin in pin_owner:
            owner = pin_owner[row.device_pin]
            if owner.registration_number != row.registration_number:
                refuse(
                    row,
                    "pin_mesin",
                    f"PIN mesin '{row.device_pin}' sudah dipakai {owner.name} "
                    f"({owner.registration_number}) di register.",
                )
                continue
        if inmate is None:
            plan.creates.append(_new_inmate(row))
            continue
        if (
            inmate.stage_override
            and "legal_status" in present
            and row.legal_status == LegalStatus.TAHANAN
        ):
            refuse(
                row,
                "status_hukum",
                "WBP ini punya tahap hasil sidang TPP; status hukumnya tidak dapat diubah menjadi "
                "tahanan lewat impor. Hapus dulu tahap TPP-nya.",
            )
            continue
        changed = [a for a in present if getattr(inmate, a) != getattr(row, a)]
        if changed:
            plan.updates.append(
                ImportUpdate(
                    row=row,
                    inmate=inmate,
                    changed=[str(Inmate._meta.get_field(a).verbose_name) for a in changed],
                )
            )
        else:
            plan.unchanged.append(row)
    plan.errors = sorted(
        plan.errors + register_errors, key=lambda e: (e.row is not None, e.row or 0)
    )
    plan.missing = sorted(
        (i for n, i in existing.items() if n not in in_file and i.status in PRESENT_STATUSES),
        key=lambda i: i.name,
    )
    return plan


def commit_sdp_import(*, data: bytes, filename: str, by: User) -> SdpImport:
    """Apply an SDP export to the register, all or nothing, and record the import.

    Rows update the inmate with the same registration number (only the columns the file has)
    or create one; inmates missing from the file are counted, never deleted. Inmates whose status
    becomes PINDAH, BEBAS or MENINGGAL leave their programs (allocations end). Raises
    ValidationError, writing nothing, when the file or the register has any error.
    """
    with transaction.atomic():
        plan = plan_sdp_import(data=data, filename=filename)
        if not plan.ok:
            raise ValidationError(
                f"Berkas tidak diimpor: ada {len(plan.errors)} kesalahan. "
                "Perbaiki berkasnya lalu unggah kembali."
            )
        now = timezone.now()
        reason = f"Impor SDP: {filename}"[:100]
        present = [FIELD_FOR_COLUMN[c] for c in plan.result.columns]
        updated = []
        pins_moving = []
        left_unit: dict[str, list[Inmate]] = {}  # new status -> inmates whose status changed to it
        for update in plan.updates:
            inmate = update.inmate
            if "device_pin" in present and inmate.device_pin != update.row.device_pin:
                pins_moving.append(inmate.pk)
            if "status" in present and inmate.status != update.row.status:
                left_unit.setdefault(update.row.status, []).append(inmate)
            for attr in present:
                setattr(inmate, attr, getattr(update.row, attr))
            apply_stage_dates(inmate)
            inmate.updated_at = now
            updated.append(inmate)
        try:
            if pins_moving:  # free the PINs first: two inmates may swap theirs
                Inmate.objects.filter(pk__in=pins_moving).update(device_pin=None)
            if updated:
                bulk_update_with_history(
                    updated,
                    Inmate,
                    fields=[*present, *STAGE_DATE_FIELDS, "updated_at"],
                    batch_size=BULK_BATCH_SIZE,
                    default_user=by,
                    default_change_reason=reason,
                )
            if plan.creates:
                bulk_create_with_history(
                    plan.creates,
                    Inmate,
                    batch_size=BULK_BATCH_SIZE,
                    default_user=by,
                    default_change_reason=reason,
                )
            for status, inmates in left_unit.items():  # PINDAH, BEBAS, MENINGGAL end allocations
                end_allocations_for_status_change(inmates=inmates, status=status, by=by)
        except IntegrityError:
            # Another import or an admin changed the register between the check and the write.
            raise ValidationError(
                "Register berubah saat impor berjalan (nomor registrasi atau PIN mesin bentrok). "
                "Tidak ada yang disimpan; ulangi impor."
            ) from None
        return SdpImport.objects.create(
            filename=filename[:255],
            imported_by=by,
            row_count=len(plan.result.rows),
            created_count=len(plan.creates),
            updated_count=len(plan.updates),
            unchanged_count=len(plan.unchanged),
            missing_count=len(plan.missing),
        )


def export_rows(*, on: date) -> Iterator[dict]:
    """The register as SDP rows (`pembinaan.sdp.EXPORT_COLUMNS`), with each inmate's class."""
    inmates = Inmate.objects.with_class(on).order_by("registration_number")
    for inmate in inmates.iterator(chunk_size=2000):
        row = {column: getattr(inmate, attr) for column, attr in FIELD_FOR_COLUMN.items()}
        row[CLASS_COLUMN] = inmate.klass
        yield row


def override_stage(
    *,
    inmate: Inmate,
    stage: str,
    decision_number: str = "",
    decision_date: date | None = None,
    by: User,
) -> Inmate:
    """Record the stage decided by a sidang TPP (it wins over the dates), or clear it ("").

    Only a narapidana has a stage; recording one needs the decision's number and date.
    """
    decision_number = (decision_number or "").strip()
    if stage and inmate.legal_status != LegalStatus.NARAPIDANA:
        raise ValidationError("Tahanan tidak memiliki tahap pembinaan.")
    if stage and (not decision_number or decision_date is None):
        raise ValidationError("Isi nomor dan tanggal keputusan sidang TPP.")
    if not stage:
        decision_number, decision_date = "", None
    with transaction.atomic():
        inmate = Inmate.objects.select_for_update().get(pk=inmate.pk)
        inmate.stage_override = stage
        inmate.override_decision_number = decision_number
        inmate.override_decision_date = decision_date
        inmate.full_clean()
        inmate._history_user = by
        inmate._change_reason = (
            f"Tahap TPP: {stage} ({decision_number})" if stage else "Tahap TPP dihapus"
        )[:100]
        inmate.save()
    return inmate
