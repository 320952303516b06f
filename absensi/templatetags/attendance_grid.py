"""The attendance grid's per-row widgets, built in Python.

A grid row has one radio button per status and one option per sub-reason; written as
template loops they cost ~20 template nodes and ~100 variable lookups per row, most of the
page's time for a session of 100 participants. These tags give the same plain HTML (same names,
ids, values and attributes; the form still validates the POST), about ten times faster: the
radio group is formatted in one pass and the sub-reason options are built once per selected
value and reused by every row.
"""

from functools import lru_cache

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from absensi.forms import SUB_CHOICES

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
