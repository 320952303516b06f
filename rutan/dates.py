"""The one window every date typed or sent by a person must fall in.

A date far outside the unit's working life (`0001-01-01`, `9999-12-31`) is a typo or an
attack: it overflows date arithmetic (a 500), creates thousands of sessions, or puts a
complaint "received in 1900" into the overdue mail. Every date input (forms, query
parameters, imports) goes through this module: `BoundedDateField` / `BoundedDateTimeField`
in forms, `check_date()` in services and imports, `query_date()` for a `?tanggal=` parameter.

The window runs from 1 January of `DATE_WINDOW_FIRST_YEAR` (2000) to 31 December,
`DATE_WINDOW_YEARS_AHEAD` (5) years after the current year.

Part of rutan's base: imports no app.
"""

from datetime import date, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def window() -> tuple[date, date]:
    """(first, last) allowed day."""
    today = timezone.localdate()
    first = date(settings.DATE_WINDOW_FIRST_YEAR, 1, 1)
    last = date(today.year + settings.DATE_WINDOW_YEARS_AHEAD, 12, 31)
    return first, last


def window_message(label: str = "Tanggal") -> str:
    first, last = window()
    return f"{label} harus antara {first:%d-%m-%Y} dan {last:%d-%m-%Y}."


def in_window(value: date | datetime) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    first, last = window()
    return first <= day <= last


def check_date(value: date | datetime | None, label: str = "Tanggal") -> None:
    """Raise a ValidationError (Indonesian) when `value` is outside the window; None passes."""
    if value is not None and not in_window(value):
        raise ValidationError(window_message(label), code="date_out_of_window")


def validate_in_window(value: date | datetime | None) -> None:
    """A field validator: `validators=[validate_in_window]`."""
    check_date(value)


def query_date(raw: str | None) -> date | None:
    """A `?tanggal=` value as a date, or None when missing, malformed or outside the window."""
    text = (raw or "").strip()
    for fmt in INPUT_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return day if in_window(day) else None
    return None


class _WindowMixin:
    default_validators = [validate_in_window]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        first, last = window()
        if getattr(widget, "input_type", "") == "date":
            attrs.update({"min": first.isoformat(), "max": last.isoformat()})
        return attrs


class BoundedDateField(_WindowMixin, forms.DateField):
    """A date field (`<input type="date">`) limited to the window."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = INPUT_FORMATS

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        super().__init__(*args, **kwargs)


class BoundedDateTimeField(_WindowMixin, forms.DateTimeField):
    """A date-and-time field limited to the window."""
