"""The attendance grid's per-row widgets, built in Python.

A grid row has one radio button per status and one option per sub-reason; written as
template loops they cost ~20 template nodes and ~100 variable lookups per row, most of the
page's time for a session of 100 participants. These tags give the same plain HTML (same names,
ids, values and attributes; the form still validates the POST), about ten times faster: the
radio group is formatted in one pass and the sub-reason options are built once per selected
value and reused by every row. `{% grid_row %}` does the same for the rest of the row (name,
place, the entry's source, sub-reason and note), whose ~30 look-ups were the next cost.
"""

from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from absensi.forms import SUB_CHOICES
from absensi.models import ATTENDED_STATUSES

register = template.Library()


@lru_cache(maxsize=16)
def _buttons(buttons: tuple, editable: bool, advance: bool) -> tuple:
    """(raw value, escaped value, escaped style, escaped label, " disabled" or "") per button,
    escaped once per page kind instead of once per row."""
    return tuple(
        (
            value,
            escape(value),
            escape(style),
            escape(label),
            " disabled" if not editable or (advance and not in_advance) else "",
        )
        for value, label, style, in_advance in buttons
    )


@register.simple_tag
def status_radios(row: dict, buttons: list, editable: bool, advance: bool) -> SafeString:
    """The row's status radio buttons: `buttons` is the view's (value, label, style,
    allowed before the session) list; checked for the row's value; disabled when the grid is
    read-only, or before the session for a status that needs it to have begun."""
    name, auto_id = escape(row["status_name"]), escape(row["status_id"])
    current = row["status_value"]
    return mark_safe(  # every part is escaped above or in _buttons
        "".join(
            f'<input type="radio" class="btn-check" name="{name}" id="{auto_id}-{value}"'
            f' value="{value}" autocomplete="off"{" checked" if current == raw else ""}{disabled}>'
            f'<label class="btn btn-lg btn-outline-{style}" for="{auto_id}-{value}">{label}</label>'
            for raw, value, style, label, disabled in _buttons(
                tuple(buttons), bool(editable), bool(advance)
            )
        )
    )


@lru_cache(maxsize=64)
def _sub_options(selected: str) -> SafeString:
    return mark_safe(  # every part is escaped by format_html
        "".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                value,
                " selected" if value == selected else "",
                label,
            )
            for value, label in SUB_CHOICES
        )
    )


@register.simple_tag
def sub_options(selected) -> SafeString:
    """The sub-reason `<option>`s with `selected` chosen (built once per value, then reused)."""
    return _sub_options(str(selected or ""))


def _errors(errors) -> str:
    return "".join(f'<div class="invalid-feedback">{escape(error)}</div>' for error in errors)


@register.simple_tag
def grid_row(row: dict, buttons: list, editable: bool, advance: bool) -> SafeString:
    """A whole row of the grid (the view's `row` dict): name and place, its entry's source,
    the status buttons, the sub-reason and the note. The row was ~30 variable look-ups as
    template markup; here each value is read and escaped once."""
    inmate, attendance, away = row["inmate"], row["attendance"], row["away"]
    pk, name = inmate.pk, escape(inmate.name)
    border = ""
    if attendance:
        attended = attendance.status in ATTENDED_STATUSES
        border = f"border-start border-{'success' if attended else 'warning'} border-4"
    select = ""
    if editable and row["participant"]:
        select = (
            '<input class="form-check-input attendance-select" type="checkbox" name="inmate"'
            f' value="{pk}" form="bulk-form" id="pilih-{pk}" aria-label="Pilih {name}">'
        )
    place = (
        f"{escape(inmate.registration_number)} · Blok {escape(inmate.block or '-')}"
        f"/{escape(inmate.cell or '-')}{'' if row['participant'] else ' · bukan peserta lagi'}"
    )
    away_badge = ""
    if away:
        away_badge = (
            '<span class="badge text-bg-warning d-inline-block mt-1" data-away>Ditangguhkan: '
            f"{escape(away.label)}{'' if attendance else ' · belum disimpan'}</span>"
        )
    source = ""
    if attendance:
        # As `|date` in a template: on the local time (the filter expects it converted).
        recorded_at = timezone.localtime(attendance.recorded_at)
        if attendance.method == "sidik_jari":
            device = f" ({escape(attendance.punch.device)})" if attendance.punch else ""
            source = (
                '<i class="bi bi-fingerprint"></i> Sidik jari '
                f"{escape(date_filter(recorded_at, 'H:i:s'))}{device}"
            )
        else:
            source = (
                '<i class="bi bi-pencil"></i> Manual '
                f"{escape(date_filter(recorded_at, 'd-m H:i'))}"
                f" oleh {escape(attendance.recorded_by)}"
            )
        source = f'<span class="small d-block text-muted">{source}</span>'
    disabled = "" if editable else " disabled"
    sub_invalid = " is-invalid" if row["sub_errors"] else ""
    note_invalid = " is-invalid" if row["note_errors"] else ""
    return mark_safe(  # every value is escaped above or by the tags it calls
        f'<div class="list-group-item py-3 {border}" data-row>'
        '<div class="d-flex flex-wrap gap-3 align-items-center">'
        f"{select}"
        f'<label class="flex-grow-1" for="pilih-{pk}" style="min-width: 14rem">'
        f'<span class="fw-semibold d-block" data-name>{name}</span>'
        f'<span class="small text-muted">{place}</span>{away_badge}{source}</label>'
        f'<div class="btn-group flex-wrap" role="group" aria-label="Kehadiran {name}">'
        f"{status_radios(row, buttons, editable, advance)}</div>"
        '<div class="attendance-sub" style="min-width: 10rem">'
        f'<select class="form-select{sub_invalid}" name="{escape(row["sub_name"])}"'
        f' aria-label="Rincian alasan {name}"{disabled}>{sub_options(row["sub_value"])}</select>'
        f"{_errors(row['sub_errors'])}</div>"
        '<div class="attendance-note" style="min-width: 12rem">'
        f'<input type="text" class="form-control{note_invalid}" name="{escape(row["note_name"])}"'
        f' value="{escape(row["note_value"])}" maxlength="500" placeholder="Keterangan"'
        f' aria-label="Keterangan {name}"{disabled}>{_errors(row["note_errors"])}</div>'
        "</div></div>"
    )
