"""The inmate register: stage dates, SDP import and export, TPP stage overrides."""

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pembinaan.models import (
    Inmate,
    InmateClass,
    LegalStatus,
    RegistrationStatus,
    SdpImport,
)
from pembinaan.registration import natural_sort_key
from pembinaan.sdp import (
    CLASS_COLUMN,
    FIELD_FOR_COLUMN,
    ParsedRow,
    ParseResult,
    RowError,
    parse_sdp_file,
)
from pembinaan.services.participants import apply_status_change
from pembinaan.signals import device_pin_changed
from pembinaan.stages import compute_expiry, effective_stage_dates
from rutan.models import User

# =============================================================================================
# Register: stage dates, SDP import and export
# =============================================================================================

STAGE_DATE_FIELDS = ("stage_one_third", "stage_half", "stage_two_thirds", "expiry_date")
SORT_KEY_FIELDS = ("block_sort_key", "cell_sort_key")
# Inmates that are still the unit's: listed when a re-import no longer contains them.
PRESENT_STATUSES = (RegistrationStatus.AKTIF, RegistrationStatus.BON, RegistrationStatus.SAKIT)
BULK_BATCH_SIZE = 500


def apply_sort_keys(inmate: Inmate) -> None:
    """Store the natural sort keys of the inmate's block and cell (no save), so that the
    call-out lists sort cells 5, 6, 10, 11 in the database (`Inmate.objects.in_cell_order`)."""
    inmate.block_sort_key = natural_sort_key(inmate.block)
    inmate.cell_sort_key = natural_sort_key(inmate.cell)


def apply_stage_dates(inmate: Inmate) -> None:
    """Store the derived fields of `inmate` from its own data (no save): the effective stage
    dates and the natural sort keys of block and cell (`apply_sort_keys`).

    SDP dates win over the computation (`pembinaan.stages.effective_stage_dates`); the register
    keeps the result so that it can filter by class in the database (`with_class`).
    """
    apply_sort_keys(inmate)
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
    changes: list[tuple[str, str, str]]  # (field's verbose name, old, new) as shown

    @property
    def changed(self) -> list[str]:
        return [label for label, _, _ in self.changes]

    @property
    def fields(self) -> list[str]:
        """The attributes this row changes."""
        return [
            a for a in sorted(self.row.given) if getattr(self.inmate, a) != getattr(self.row, a)
        ]


def _shown(attr: str, value: object) -> str:
    """A field's value as the preview shows it ("–" when empty)."""
    if value is None or value == "":
        return "–"
    choices = dict(getattr(Inmate._meta.get_field(attr), "flatchoices", ()))
    if value in choices:
        return str(choices[value])
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


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
    def refused(self) -> int:
        """Rows that cannot be imported (each has at least one error)."""
        return sum(1 for row in self.result.rows if row.errors)

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


def _label(field_name: str) -> str:
    """The Indonesian label of an Inmate field, as the preview shows it."""
    return str(getattr(Inmate._meta.get_field(field_name), "verbose_name", field_name))


def plan_sdp_import(
    *, data: bytes, filename: str, progress: Callable[..., None] | None = None
) -> ImportPlan:
    """Parse an SDP export and compare it with the register: the import's preview.

    Adds to the file's own errors the ones only the register can see: a device PIN that another
    inmate (not in the file) holds, and a legal status that would drop a recorded TPP stage.
    ``progress(done, total, stage=...)``, when given, hears how far the comparison is.
    """
    if progress:
        progress(0, stage="Membaca berkas")
    result = parse_sdp_file(data, filename)
    plan = ImportPlan(result=result, errors=list(result.errors))
    if result.file_errors or not result.rows:
        return plan
    existing = {i.registration_number: i for i in Inmate.objects.all()}
    by_number = {r.registration_number: r for r in result.rows if r.registration_number}
    register_errors: list[RowError] = []

    def refuse(row: ParsedRow, column: str | None, message: str) -> None:
        error = RowError(row.row, column, message)
        row.errors.append(error)
        register_errors.append(error)

    # PINs that stay where they are: their holder is not in the file, or its PIN cell is empty.
    pin_owner = {
        i.device_pin: i
        for number, i in existing.items()
        if i.device_pin and (number not in by_number or "device_pin" not in by_number[number].given)
    }
    if progress:
        progress(0, total=len(result.rows), stage="Membandingkan dengan register")
    for done, row in enumerate(result.rows, start=1):
        if progress:
            progress(done)
        if row.errors:
            continue
        inmate = existing.get(row.registration_number)
        if "device_pin" in row.given and row.device_pin in pin_owner:
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
            and "legal_status" in row.given
            and row.legal_status == LegalStatus.TAHANAN
        ):
            refuse(
                row,
                "status_hukum",
                "WBP ini punya tahap hasil sidang TPP; status hukumnya tidak dapat diubah menjadi "
                "tahanan lewat impor. Hapus dulu tahap TPP-nya.",
            )
            continue
        update = ImportUpdate(row=row, inmate=inmate, changes=[])
        update.changes = [
            (_label(a), _shown(a, getattr(inmate, a)), _shown(a, getattr(row, a)))
            for a in update.fields
        ]
        if update.changes:
            plan.updates.append(update)
        else:
            plan.unchanged.append(row)
    plan.errors = sorted(
        plan.errors + register_errors, key=lambda e: (e.row is not None, e.row or 0)
    )
    plan.missing = sorted(
        (i for n, i in existing.items() if n not in by_number and i.status in PRESENT_STATUSES),
        key=lambda i: i.name,
    )
    return plan


def commit_sdp_import(
    *, data: bytes, filename: str, by: User, progress: Callable[..., None] | None = None
) -> SdpImport:
    """Apply an SDP export to the register, all or nothing, and record the import.

    Rows update the inmate with the same registration number or create one. Only non-empty
    cells change a stored inmate: an empty cell, or a column the file lacks, leaves the stored
    value alone (a PIN is cleared in the register, never by an import). Inmates missing from
    the file are counted, never deleted. Inmates whose status becomes PINDAH, BEBAS or
    MENINGGAL leave their programs (allocations end); BON or SAKIT suspends their allocations,
    AKTIF again resumes them (`apply_status_change`). Raises ValidationError, writing nothing,
    when the file or the register has any error.
    """
    with transaction.atomic():
        plan = plan_sdp_import(data=data, filename=filename, progress=progress)
        if progress:
            progress(len(plan.result.rows), stage="Menyimpan ke register")
        if not plan.ok:
            raise ValidationError(
                f"Berkas tidak diimpor: ada {len(plan.errors)} kesalahan. "
                "Perbaiki berkasnya lalu unggah kembali."
            )
        now = timezone.now()
        reason = f"Impor SDP: {filename}"[:100]
        written: set[str] = set()
        updated = []
        pins_moving = []
        status_changed: dict[str, list[Inmate]] = {}  # new status -> inmates now in it
        for update in plan.updates:
            inmate = update.inmate
            fields = update.fields
            if "device_pin" in fields:
                pins_moving.append(inmate.pk)
            if "status" in fields:
                status_changed.setdefault(update.row.status, []).append(inmate)
            for attr in fields:
                setattr(inmate, attr, getattr(update.row, attr))
            written.update(fields)
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
                    fields=[*sorted(written), *STAGE_DATE_FIELDS, *SORT_KEY_FIELDS, "updated_at"],
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
            for status, inmates in status_changed.items():  # end, suspend or resume
                apply_status_change(inmates=inmates, status=status, by=by)
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
        inmate._history_user = by  # type: ignore[attr-defined]  # read by simple_history
        reason = f"Tahap TPP: {stage} ({decision_number})" if stage else "Tahap TPP dihapus"
        inmate._change_reason = reason[:100]  # type: ignore[attr-defined]
        inmate.save()
    return inmate


DEVICE_PIN_MAX_LENGTH = 24


def set_device_pin(
    *,
    inmate: Inmate,
    pin: str | None,
    by: User,
    confirm_replace: bool = False,
    reason: str = "",
) -> Inmate:
    """Give `inmate` the finger-scan PIN `pin` (None or "" removes it), with history.

    A PIN is one inmate's at a time (a unique constraint holds it; the service names the
    holder). Replacing a PIN the inmate already has needs `confirm_replace` (the punches of the
    old PIN stop counting for them). `device_pin_changed` is sent inside the transaction, so
    attendance (absensi) is derived for the new PIN's punches with the change.
    """
    pin = (pin or "").strip() or None
    if pin is not None and (len(pin) > DEVICE_PIN_MAX_LENGTH or not pin.isprintable()):
        raise ValidationError(
            f"PIN mesin tidak valid: paling banyak {DEVICE_PIN_MAX_LENGTH} karakter, tanpa "
            "karakter kendali."
        )
    with transaction.atomic():
        inmate = Inmate.objects.select_for_update().get(pk=inmate.pk)
        old_pin = inmate.device_pin
        if old_pin == pin:
            return inmate
        if pin is not None:
            holder = Inmate.objects.filter(device_pin=pin).exclude(pk=inmate.pk).first()
            if holder is not None:
                raise ValidationError(f"PIN {pin} sudah dipakai oleh {holder}.")
        if old_pin and not confirm_replace:
            raise ValidationError(
                f"{inmate.name} sudah memakai PIN {old_pin}. Konfirmasi untuk menggantinya "
                f"dengan PIN {pin or '(kosong)'}.",
                code="confirm_replace",
            )
        inmate.device_pin = pin
        inmate.full_clean()
        inmate._history_user = by  # type: ignore[attr-defined]  # read by simple_history
        change = f"PIN mesin {old_pin or '-'} -> {pin or '-'}"
        reason = (reason or "").strip()
        inmate._change_reason = (f"{change}: {reason}" if reason else change)[:100]  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                inmate.save(update_fields=["device_pin", "updated_at"])
        except IntegrityError as exc:  # another request took the PIN meanwhile
            raise ValidationError(f"PIN {pin} sudah dipakai WBP lain.") from exc
        device_pin_changed.send(sender=Inmate, inmate=inmate, old_pin=old_pin, new_pin=pin, by=by)
    return inmate


def register_figures(today: date) -> dict:
    """The register's figures on `today`: held inmates by class and by block (natural order),
    every inmate by registration status.

    One pass over the register (groups of status × block × class), not one count per figure:
    at a regional office each scan of 30,000 inmates costs several milliseconds.
    """
    by_class: Counter[str] = Counter()
    blocks: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    groups = (
        Inmate.objects.with_class(today)
        .values_list("status", "block", "klass")
        .annotate(n=Count("id"))
        .order_by()
    )
    for status, block, klass, n in groups:
        by_status[status] += n
        if status == RegistrationStatus.AKTIF:
            by_class[klass] += n
            blocks[block] += n
    classes = [(label, by_class.get(value, 0)) for value, label in InmateClass.choices]
    if by_class.get(""):
        classes.append(("Data pidana belum lengkap", by_class[""]))
    return {
        "total_active": sum(by_class.values()),
        "classes": classes,
        "blocks": sorted(blocks.items(), key=lambda item: (natural_sort_key(item[0]), item[0])),
        "statuses": [
            (label, by_status.get(value, 0)) for value, label in RegistrationStatus.choices
        ],
    }
