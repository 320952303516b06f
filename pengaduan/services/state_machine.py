"""The state machine of a complaint: who may take which step from which state, the deadlines of
each state, and the one way a step is taken (`take_step`).

Each step (domain.md, "Complaint desk"), inside one transaction: locks the complaint row, checks
that the user's role may take the step and that the complaint is in a state the step starts from
(PermissionDenied / ValidationError in Indonesian otherwise), changes it, computes the new
deadlines, validates (`full_clean`), writes one immutable timeline event (who, role, when,
from → to, note); the caller schedules the e-mails with `transaction.on_commit`.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from pengaduan import clocks, notifications
from pengaduan.models import (
    ACTOR_STATES,
    MERGEABLE_STATES,
    OPEN_STATES,
    WAITING_STATES,
    Action,
    Complaint,
    ComplaintEvent,
    DayKind,
    StateTarget,
    Status,
)
from pengaduan.seeds import TARGETS
from pengaduan.workdays import working_days_between
from rutan.models import User

HANDLE = "pengaduan.handle_complaint"
DIRECT = "pengaduan.direct_complaint"
ACT = "pengaduan.act_on_complaint"

ROLE_LABELS = {HANDLE: "ULP", DIRECT: "Kepala UPT", ACT: "Pejabat terkait"}
COMPLAINANT = "Pelapor"
SYSTEM = "Sistem"

# The targets of domain.md (`pengaduan.seeds`), used when an admin has deleted a StateTarget row.
DEFAULT_TARGETS: dict[str, tuple[int, str]] = {
    status: (days, kind) for status, days, kind, _description in TARGETS
}


def officials():
    """Who the Kepala UPT can name as the responsible official (not the admin operators)."""
    return notifications.users_with(ACT).filter(is_staff=False).order_by("first_name", "username")


@dataclass(frozen=True)
class Step:
    """A step: where it leads, and from which states each role may take it.

    `by` maps a permission to the states it may start the step from; the key None stands for
    the complainant (holder of the tracking code) or the system (`pengaduan_tick`).
    """

    target: Status | None
    by: dict[str | None, frozenset[Status]]
    verb: str  # "… tidak dapat <verb>."

    def sources(self) -> frozenset[Status]:
        return frozenset().union(*self.by.values())


def _states(*states: Status) -> frozenset[Status]:
    return frozenset(states)


STEPS: dict[str, Step] = {
    Action.VERIFIED: Step(Status.DITELAAH, {HANDLE: _states(Status.DITERIMA)}, "diverifikasi"),
    Action.COMPLETION_REQUESTED: Step(
        Status.PERLU_KELENGKAPAN, {HANDLE: _states(Status.DITERIMA)}, "dimintakan kelengkapan"
    ),
    Action.COMPLETED: Step(
        Status.DITERIMA, {None: _states(Status.PERLU_KELENGKAPAN)}, "dilengkapi"
    ),
    Action.REJECTED: Step(
        Status.DITOLAK,
        {HANDLE: _states(Status.DITERIMA), DIRECT: _states(Status.MENUNGGU_ARAHAN)},
        "ditolak",
    ),
    Action.REFERRED: Step(
        Status.DIRUJUK,
        {HANDLE: _states(Status.DITERIMA), DIRECT: _states(Status.MENUNGGU_ARAHAN)},
        "dirujuk",
    ),
    Action.RECOMMENDED: Step(
        Status.MENUNGGU_ARAHAN, {HANDLE: _states(Status.DITELAAH)}, "dikirim ke Kepala UPT"
    ),
    Action.DIRECTED: Step(
        Status.DITINDAKLANJUTI, {DIRECT: _states(Status.MENUNGGU_ARAHAN)}, "diberi arahan"
    ),
    Action.SENT_BACK: Step(
        Status.DITELAAH, {DIRECT: _states(Status.MENUNGGU_ARAHAN)}, "dikembalikan ke ULP"
    ),
    Action.DRAFTED: Step(
        Status.MENUNGGU_PERSETUJUAN,
        {ACT: _states(Status.DITINDAKLANJUTI)},
        "dikirimi draf klarifikasi",
    ),
    Action.REASSIGNMENT_REQUESTED: Step(
        Status.MENUNGGU_ARAHAN,
        {ACT: _states(Status.DITINDAKLANJUTI)},
        "dimintakan pengalihan pejabat",
    ),
    Action.DRAFT_RETURNED: Step(
        Status.DITINDAKLANJUTI,
        {HANDLE: _states(Status.MENUNGGU_PERSETUJUAN)},
        "dikembalikan ke pejabat",
    ),
    Action.PUBLISHED: Step(
        Status.DIJAWAB, {HANDLE: _states(Status.MENUNGGU_PERSETUJUAN)}, "diterbitkan jawabannya"
    ),
    Action.DISPUTED: Step(Status.DITINDAKLANJUTI, {None: _states(Status.DIJAWAB)}, "disanggah"),
    Action.CLOSED: Step(Status.SELESAI, {None: _states(Status.DIJAWAB)}, "ditutup"),
    Action.WITHDRAWN: Step(Status.DICABUT, {None: _states(Status.PERLU_KELENGKAPAN)}, "dicabut"),
    Action.CODE_REISSUED: Step(
        None, {HANDLE: frozenset(OPEN_STATES)}, "diberi kode pelacakan baru"
    ),
    # The duplicate's side of a merge (`pengaduan.services.desk.merge_complaint`).
    Action.MERGED: Step(Status.DIGABUNG, {HANDLE: MERGEABLE_STATES}, "digabungkan"),
}


def allowed_actions(complaint: Complaint, user: User) -> set[str]:
    """The staff steps `user` may take on `complaint` now (to offer the matching forms)."""
    actions = set()
    for action, step in STEPS.items():
        for perm, sources in step.by.items():
            if perm is None or complaint.status not in sources or not user.has_perm(perm):
                continue
            if perm == ACT and complaint.assigned_to_id != user.pk:
                continue
            actions.add(action)
    return actions


def authorise(action: str, complaint: Complaint, by: User | None) -> str:
    """Check role and state for a step; return the role label for the timeline."""
    step = STEPS[action]
    status_label = Status(complaint.status).label
    refused = ValidationError(
        f"Pengaduan {complaint.number} berstatus “{status_label}” tidak dapat {step.verb}."
    )
    if by is None:
        if None not in step.by:
            raise PermissionDenied("Langkah ini hanya dapat dilakukan oleh petugas.")
        if complaint.status not in step.by[None]:
            raise refused
        return ""
    perms = [perm for perm in step.by if perm is not None and by.has_perm(perm)]
    if not perms:
        raise PermissionDenied("Peran Anda tidak berwenang melakukan langkah ini.")
    for perm in perms:
        if complaint.status in step.by[perm]:
            if perm == ACT and complaint.assigned_to_id != by.pk:
                raise PermissionDenied("Pengaduan ini tidak ditugaskan kepada Anda.")
            return ROLE_LABELS[perm]
    raise refused


def lock_complaint(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("service").get(pk=complaint.pk)


def state_target(status: str) -> tuple[int, str]:
    target = StateTarget.objects.filter(status=status).first()
    if target is None:
        return DEFAULT_TARGETS[status]
    return target.days, target.day_kind


def enter_status(complaint: Complaint, status: Status, moment: datetime) -> None:
    """Put the complaint in `status` at `moment`: the step clock of the new state and the reply
    clock (pengaduan/clocks.py)."""
    if (
        complaint.status == Status.DITERIMA
        and status == Status.PERLU_KELENGKAPAN
        and complaint.due_date
    ):
        # The step pauses with the working days it has left (at least one on resuming).
        complaint.paused_days_left = max(clocks.days_left(complaint.due_date, moment), 1)
    complaint.status = status
    complaint.status_since = moment
    day = timezone.localtime(moment).date()
    complaint.due_date = complaint.lapse_on = complaint.legal_due_date = None
    complaint.clock_start = None
    if status in ACTOR_STATES:
        days, kind = state_target(status)
        if status == Status.DITERIMA and complaint.paused_days_left:
            days, kind = complaint.paused_days_left, DayKind.WORKING
        complaint.clock_start = clocks.counting_from(moment)
        complaint.due_date = clocks.due_after(moment, days, kind)
        complaint.paused_days_left = None
        if status == Status.DITERIMA:
            complaint.legal_due_date = day + timedelta(
                days=settings.PENGADUAN_LEGAL_COMPLETENESS_DAYS
            )
        elif complaint.file_complete_on:
            complaint.legal_due_date = complaint.file_complete_on + timedelta(
                days=settings.PENGADUAN_LEGAL_DECISION_DAYS
            )
    elif status in WAITING_STATES:
        days, kind = state_target(status)
        complaint.lapse_on = clocks.due_after(moment, days, kind)
    else:
        complaint.closed_at = moment
    run_reply_clock(complaint, moment)


def run_reply_clock(complaint: Complaint, moment: datetime) -> None:
    """Start, resume, pause or stop the reply clock for the state the complaint is now in.

    It runs while staff must act and no reply has been published yet; it pauses while waiting
    for the complainant (the working days used so far are kept) and stops for good at the first
    published reply or a final state. A dispute after the reply is judged by the step targets.
    """
    since = complaint.reply_clock_since
    should_run = complaint.status in ACTOR_STATES and complaint.answered_at is None
    if should_run and since is None:
        complaint.reply_clock_since = moment
        left = clocks.reply_target_days() - complaint.reply_days_used
        if left >= 1 or complaint.reply_due_date is None:
            complaint.reply_due_date = clocks.due_after(moment, max(left, 1))
    elif since is not None and not should_run:
        complaint.reply_days_used += clocks.days_used(since, moment)
        complaint.reply_clock_since = None


def reply_days_so_far(complaint: Complaint, now: datetime | None = None) -> int:
    """Working days of staff time used on the reply so far (the running part included)."""
    used = complaint.reply_days_used
    if complaint.reply_clock_since is not None:
        used += clocks.days_used(complaint.reply_clock_since, now or timezone.now())
    return used


def step_days_allowed(complaint: Complaint) -> int | None:
    """The working days the current step has (from its day 1 to its due day)."""
    if complaint.clock_start is None or complaint.due_date is None:
        return None
    return working_days_between(complaint.clock_start, complaint.due_date)


def record_event(
    complaint: Complaint,
    *,
    action: str,
    from_status: str,
    old_due: date | None,
    by: User | None,
    role: str,
    note: str = "",
    step_started_at: datetime | None = None,
) -> ComplaintEvent:
    """One timeline event; when the step left was a staff step, with its start, due day,
    working days used and whether it was left on time (the recap's compliance figures)."""
    now = timezone.now()
    left_actor_state = from_status in ACTOR_STATES and complaint.status != from_status
    staff_days = on_time = None
    if left_actor_state:
        if step_started_at is not None:
            staff_days = clocks.days_used(step_started_at, now)
        if old_due is not None:
            on_time = clocks.finished_on_time(old_due, now)
    return ComplaintEvent.objects.create(
        complaint=complaint,
        action=action,
        from_status=from_status,
        to_status=complaint.status,
        actor=by,
        actor_role=role,
        note=note,
        step_started_at=step_started_at if left_actor_state else None,
        due_date=old_due if left_actor_state else None,
        staff_days=staff_days,
        on_time=on_time,
        created_at=now,
    )


def take_step(
    complaint: Complaint,
    action: str,
    *,
    by: User | None,
    note: str = "",
    role: str | None = None,
    **changes,
) -> Complaint:
    """Take a step that needs nothing but its own field changes (already validated input)."""
    with transaction.atomic():
        locked = lock_complaint(complaint)
        label = authorise(action, locked, by)
        from_status, old_due, started = locked.status, locked.due_date, locked.status_since
        for name, value in changes.items():
            setattr(locked, name, value)
        target = STEPS[action].target
        assert target is not None  # every step taken here changes the state
        enter_status(locked, target, timezone.now())
        validate_fields(locked)
        locked.save()
        record_event(
            locked,
            action=action,
            from_status=from_status,
            old_due=old_due,
            by=by,
            role=role or label,
            note=note,
            step_started_at=started,
        )
    return locked


def validate_fields(obj) -> None:
    """`full_clean` of the field values (choices, lengths, formats).

    Foreign keys come from locked rows or checked form choices, and the database itself holds
    the unique and check constraints, so those are not re-queried here (it would cost a query
    per constraint on every step).
    """
    foreign_keys = [f.name for f in obj._meta.fields if f.is_relation]
    obj.full_clean(exclude=foreign_keys, validate_unique=False, validate_constraints=False)


def required_text(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message)
    return text
