"""Participants of a program (allocations): eligibility, allocation, ending."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pembinaan.models import (
    Allocation,
    EndReason,
    Inmate,
    InmateClass,
    Program,
    ProgramStatus,
    RegistrationStatus,
    Session,
)
from rutan.models import User

# --- Participants (allocations) --------------------------------------------------------------

STATUS_END_REASONS: dict[str, EndReason] = {
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
