"""Months: the one month helper and the one month filter of every report.

A report or list filtered by month takes it from the query parameter `bulan` as `YYYY-MM` (the
value of an `<input type="month">`), through `MonthFilterForm`; a missing or invalid value falls
back to the current month (and the form shows the error). `Month` gives the month's days
(`first`, `last`), its bounds as aware datetimes in the project's time zone (`start`, `end`,
for `DateTimeField`s) and its Indonesian name (`label`, `short_label`).

Part of rutan's base: imports no app.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from rutan.forms import FilterForm

MONTH_NAMES = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
MONTH_ABBREVIATIONS = [name[:3] for name in MONTH_NAMES]
# The query parameter that carries a month, everywhere.
MONTH_PARAM = "bulan"


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def current(cls) -> "Month":
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, text: str) -> "Month | None":
        """`"2026-03"` (the value of an `<input type="month">`) → Month, else None."""
        try:
            year, month = (int(part) for part in (text or "").strip().split("-"))
        except ValueError:
            return None
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            return None
        return cls(year, month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.shift(1).first - timedelta(days=1)

    @property
    def start(self) -> datetime:
        """Midnight at the start of the first day, in the current time zone."""
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        """Midnight at the start of the next month (exclusive bound), in the current time zone."""
        return self.shift(1).start

    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def short_label(self) -> str:
        return f"{MONTH_ABBREVIATIONS[self.month - 1]} {self.year % 100:02d}"

    def shift(self, months: int) -> "Month":
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def last_n(self, n: int) -> list["Month"]:
        """The `n` months ending with this one, oldest first."""
        return [self.shift(k) for k in range(1 - n, 1)]


class MonthField(forms.CharField):
    """A month as `YYYY-MM` (the value of `<input type="month">`), cleaned to a `Month`."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {
        "invalid": "Bulan tidak sah: isi dengan format TTTT-BB, misalnya 2026-03.",
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        month = Month.parse(value)
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month

    def prepare_value(self, value):
        return getattr(value, "param", value)


class MonthFilterForm(FilterForm):
    """The month filter (`?bulan=YYYY-MM`) of every monthly report and page."""

    bulan = MonthField(label="Bulan", required=False)

    def month(self) -> Month:
        return self.valid_data().get(MONTH_PARAM) or Month.current()
