"""The reports' GET filters: an invalid or missing value falls back to the default.

The month filter itself (`?bulan=YYYY-MM`) is rutan's one `MonthFilterForm` (rutan/months.py).
"""

from django import forms
from django.utils import timezone

from pembinaan.models import Inmate, InmateClass, Program
from rutan.dates import BoundedDateField
from rutan.forms import FilterForm, PlainSelect
from rutan.months import MonthFilterForm


class DayFilterForm(FilterForm):
    tanggal = BoundedDateField(label="Tanggal", required=False)

    def day(self):
        return self.valid_data().get("tanggal") or timezone.localdate()


class RecapFilterForm(MonthFilterForm):
    program = forms.ModelChoiceField(
        label="Program",
        queryset=None,
        required=False,
        empty_label="— pilih program —",
        widget=PlainSelect,
    )
    field_order = ["program", "bulan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The options show names only (Program.__str__): a regional office lists ~300
        # programs, whose other columns (a JSON list among them) would be read for nothing.
        self.fields["program"].queryset = Program.objects.only("pk", "name").order_by("name", "id")


class ParticipationFilterForm(MonthFilterForm):
    blok = forms.ChoiceField(label="Blok", required=False)
    kelas = forms.ChoiceField(label="Kelas", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blocks = (
            Inmate.objects.exclude(block="")
            .order_by("block")
            .values_list("block", flat=True)
            .distinct()
        )
        self.fields["blok"].choices = [("", "Semua blok"), *((b, b) for b in blocks)]
        self.fields["kelas"].choices = [("", "Semua kelas"), *InmateClass.choices]

    def filters(self) -> dict:
        data = self.valid_data()
        return {"block": data.get("blok", ""), "klass": data.get("kelas", "")}
