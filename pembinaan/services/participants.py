"""Participants of a program (allocations): eligibility, allocation, ending."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pembinaan.models import (
    Allocation,
    AllocationSuspension,
    EndReason,
    Inmate,
    InmateClass,
    Program,
    ProgramStatus,
    RegistrationStatus,
    Session,
    SuspensionReason,
)
from rutan.dates import check_date
from rutan.models import User

# --- Participants (allocations) --------------------------------------------------------------

STATUS_END_REASONS: dict[str, EndReason] = {
    RegistrationStatus.PINDAH: EndReason.TRANSFERRED,
    RegistrationStatus.BEBAS: EndReason.RELEASED,
    RegistrationStatus.MENINGGAL: EndReason.DIED,
}
# Temporary absences: the allocations stay, suspended, until the status is AKTIF again.
STATUS_SUSPENSION_REASONS: dict[str, SuspensionReason] = {
    RegistrationStatus.BON: SuspensionReason.BON,
    RegistrationStatus.SAKIT: SuspensionReason.SICK,
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
        klass: str = inmate.klass  # type: ignore[attr-defined]  # the with_class(on) annotation
        if inmate.status != RegistrationStatus.AKTIF:
            refusals[inmate.pk] = (
                f"Status registrasi {inmate.get_status_display()}: hanya WBP berstatus Aktif "
                f"yang dapat menjadi peserta."
            )
        elif not klass:
            refusals[inmate.pk] = (
                "Tahap pembinaan tidak dapat ditentukan (data pidana belum lengkap)."
            )
        elif klass not in program.target_classes:
            refusals[inmate.pk] = (
                f"Kelas {labels[klass]} tidak termasuk sasaran program ({targets})."
            )
    return refusals


def _clash_warnings(program: Program, inmates: Sequence[Inmate], since: datetime) -> list[str]:
    """Warnings for inmates already in another program with a session at the same time as one
    of this program's sessions from `since` on: the whole (open-ended) allocation period."""
    ours = list(
        program.sessions.not_cancelled()
        .filter(planned_start__gte=since)
        .values_list("planned_start", "planned_end")
    )
    if not ours:
        return []
    until = max(end for _, end in ours)
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
    by_day: dict[date, list[tuple[datetime, datetime]]] = {}
    for s, e in ours:  # sessions last hours: compare within the day (and the day before)
        by_day.setdefault(timezone.localtime(s).date(), []).append((s, e))
    warned: dict[tuple[int, str], datetime] = {}
    for other_name, start, end, inmate_id in theirs:
        day = timezone.localtime(start).date()
        near = by_day.get(day, []) + by_day.get(day + timedelta(days=1), [])
        if any(s < end and start < e for s, e in near):
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
    with `pembinaan.override_eligibility` (the Kepala UPT, admins) who gives `override_reason`
    may allocate AKTIF inmates outside the target classes or whose stage cannot be determined
    (recorded on the allocation, with who). Clashes with another program's
    sessions are warnings. The program row is locked, so concurrent allocations cannot exceed
    the capacity.
    """
    start_date = start_date or timezone.localdate()
    check_date(start_date, "Tanggal mulai")
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
            overridable = reason and inmate.status == RegistrationStatus.AKTIF
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
                eligibility_class=inmate.klass,  # type: ignore[attr-defined]
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
        check_date(on, "Tanggal berakhir")
        if on < allocation.start_date:
            raise ValidationError({"on": "Tanggal berakhir tidak boleh sebelum tanggal mulai."})
        allocation.end_date = on
        allocation.end_reason = reason
        allocation.end_note = (note or "").strip()
        allocation.ended_by = by
        allocation.full_clean()
        allocation.save()
    return allocation


def _lift(rows: list[AllocationSuspension], on: date) -> tuple[list, list]:
    """Split suspensions to lift from `on`: (rows to end the day before, rows to delete because
    they start on or after `on`)."""
    ending, dropping = [], []
    for row in rows:
        if row.start_date >= on:
            dropping.append(row)
        else:
            row.end_date = on - timedelta(days=1)
            ending.append(row)
    return ending, dropping


def _apply_lift(ending: list, dropping: list, by: User | None, reason: str) -> None:
    if ending:
        bulk_update_with_history(
            ending,
            AllocationSuspension,
            ["end_date"],
            batch_size=500,
            default_user=by,
            default_change_reason=reason,
        )
    for row in dropping:  # history keeps the deleted row
        row._history_user = by
        row._change_reason = reason
        row.delete()


def apply_status_change(
    *, inmates: Iterable[Inmate | int], status: str, by: User | None, on: date | None = None
) -> int:
    """What a new registration status does to the inmates' open allocations, from `on`
    (default today). Returns how many allocations it touched.

    - PINDAH, BEBAS, MENINGGAL: the allocations end (`end_allocations_for_status_change`);
    - BON, SAKIT: they are suspended (an `AllocationSuspension` marked `from_status`, open
      until the status changes), so the inmate is not called out and the attendance grid
      pre-marks them absent with that reason;
    - AKTIF: the suspensions made from the status are lifted (they end the day before `on`).

    Bulk, with history; for the SDP import and any status edit.
    """
    if status in STATUS_END_REASONS:
        return end_allocations_for_status_change(inmates=inmates, status=status, by=by, on=on)
    ids = [i if isinstance(i, int) else i.pk for i in inmates]
    on = on or timezone.localdate()
    suspension_reason = STATUS_SUSPENSION_REASONS.get(status)
    change = f"Status registrasi menjadi {status}"
    with transaction.atomic():
        allocations = list(
            Allocation.objects.select_for_update().filter(inmate_id__in=ids, end_date__isnull=True)
        )
        open_rows = {
            row.allocation_id: row
            for row in AllocationSuspension.objects.select_for_update().filter(
                allocation__in=allocations, from_status=True, end_date__isnull=True
            )
        }
        keep = {
            pk
            for pk, row in open_rows.items()
            if suspension_reason is not None and row.reason == suspension_reason
        }
        ending, dropping = _lift([r for pk, r in open_rows.items() if pk not in keep], on)
        _apply_lift(ending, dropping, by, change)
        rows = []
        if suspension_reason is not None:
            rows = [
                AllocationSuspension(
                    allocation=allocation,
                    start_date=max(on, allocation.start_date),
                    reason=suspension_reason,
                    note=f"Otomatis: status registrasi {RegistrationStatus(status).label}.",
                    from_status=True,
                    created_by=by,
                )
                for allocation in allocations
                if allocation.pk not in keep
            ]
            bulk_create_with_history(
                rows, AllocationSuspension, default_user=by, default_change_reason=change
            )
    return len(rows) + len(ending) + len(dropping)


def suspend_allocation(
    *,
    allocation: Allocation,
    by: User,
    start_date: date,
    end_date: date | None,
    reason: str,
    note: str = "",
) -> AllocationSuspension:
    """A petugas suspends one participant for a period (both ends inclusive; no end date: until
    lifted), with a reason: they are not called out and the grid pre-marks them absent.

    Refused for an ended allocation, a period outside it, or one overlapping another
    suspension set by hand."""
    note = (note or "").strip()
    check_date(start_date, "Tanggal mulai")
    if end_date is not None:
        check_date(end_date, "Tanggal sampai")
    if reason not in SuspensionReason.values:
        raise ValidationError({"reason": "Pilih alasan penangguhan."})
    if reason == SuspensionReason.OTHER and not note:
        raise ValidationError({"note": "Jelaskan alasan lainnya."})
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": "Tanggal sampai tidak boleh sebelum tanggal mulai."})
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if allocation.end_date is not None and start_date >= allocation.end_date:
            raise ValidationError("Keikutsertaan ini sudah berakhir pada tanggal itu.")
        if start_date < allocation.start_date:
            raise ValidationError(
                {"start_date": "Penangguhan tidak boleh dimulai sebelum keikutsertaan dimulai."}
            )
        overlapping = allocation.suspensions.filter(from_status=False).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start_date)
        )
        if end_date is not None:
            overlapping = overlapping.filter(start_date__lte=end_date)
        if overlapping.exists():
            raise ValidationError("Sudah ada penangguhan lain pada periode itu.")
        suspension = AllocationSuspension(
            allocation=allocation,
            start_date=start_date,
            end_date=end_date,
            reason=reason,
            note=note,
            created_by=by,
        )
        suspension.full_clean()
        suspension._history_user = by  # type: ignore[attr-defined]  # read by simple_history
        suspension.save()
    return suspension


def lift_suspension(
    *, suspension: AllocationSuspension, by: User, on: date | None = None
) -> AllocationSuspension | None:
    """End a suspension set by hand from `on` (default today): it ends the day before, or is
    removed (history keeps it) when it had not started yet. A suspension from the
    registration status is lifted by the status, not by hand."""
    on = on or timezone.localdate()
    with transaction.atomic():
        suspension = AllocationSuspension.objects.select_for_update().get(pk=suspension.pk)
        if suspension.from_status:
            raise ValidationError(
                "Penangguhan ini mengikuti status registrasi WBP; berakhir saat statusnya "
                "kembali Aktif."
            )
        if suspension.end_date is not None and suspension.end_date < on:
            raise ValidationError("Penangguhan ini sudah berakhir.")
        ending, dropping = _lift([suspension], on)
        _apply_lift(ending, dropping, by, "Penangguhan dicabut")
    return ending[0] if ending else None


def keep_drifted_allocation(
    *, allocation: Allocation, by: User, reason: str, on: date | None = None
) -> Allocation:
    """Keep a participant whose stage on `on` (default today) moved out of the program's
    target classes, with a reason; the drift list no longer shows them until their stage
    moves again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Tuliskan alasan peserta tetap ikut."})
    on = on or timezone.localdate()
    with transaction.atomic():
        allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
        if allocation.end_date is not None:
            raise ValidationError("Keikutsertaan ini sudah berakhir.")
        program = allocation.program
        klass = (
            Inmate.objects.with_class(on)
            .values_list("klass", flat=True)
            .get(pk=allocation.inmate_id)
        )
        if not klass or klass in program.target_classes:
            raise ValidationError("Tahap WBP ini masih termasuk sasaran program.")
        allocation.drift_kept_class = klass
        allocation.drift_kept_reason = reason
        allocation.drift_kept_by = by
        allocation.full_clean()
        allocation._history_user = by  # type: ignore[attr-defined]  # read by simple_history
        allocation._change_reason = "Tetap ikut meski tahap berubah"  # type: ignore[attr-defined]
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


def current_participant_names(program_ids: Iterable[int], on: date) -> dict[int, list[str]]:
    """The names of each program's participants on `on`, by name, in one query (the inbox
    lists up to a hundred per plan: names, not an allocation and an inmate instance each)."""
    names: dict[int, list[str]] = {}
    for program_id, name in (
        Allocation.objects.active_on(on)
        .filter(program__in=list(program_ids))
        .order_by("inmate__name", "pk")
        .values_list("program_id", "inmate__name")
    ):
        names.setdefault(program_id, []).append(name)
    return names


def drifted_allocations(on: date, *, limit: int) -> tuple[int, list[Allocation]]:
    """How many open allocations drifted out of their active program's target classes on `on`,
    and the first `limit` of them (by program and inmate name, inmate and program fetched;
    none read when there are none). Three queries whatever the number of rows."""
    programs = list(
        Program.objects.filter(status=ProgramStatus.ACTIVE).only("pk", "target_classes")
    )
    drifted = Allocation.objects.drifted(on, programs)
    count = drifted.count()
    if not count:
        return 0, []
    rows = drifted.select_related("inmate", "program").order_by("program__name", "inmate__name")
    return count, list(rows[:limit])
