"""Forms of the absensi app: they validate and normalise input only."""

import copy

from django import forms

from absensi.models import (
    ABSENCE_STATUSES,
    ATTENDED_STATUSES,
    SUB_REASONS,
    AttendanceStatus,
    AttendanceSubReason,
    FingerprintDevice,
)
from pembinaan.models import Inmate, Venue
from pembinaan.services import PRESENT_STATUSES
from rutan.dates import BoundedDateField

STATUS_FIELD = "status_{}"
NOTE_FIELD = "note_{}"
SUB_FIELD = "sub_{}"
OTHER_NEEDS_NOTE = "Keterangan wajib diisi untuk alasan \u201cLainnya\u201d."
SUB_MISMATCH = "Rincian ini tidak sesuai dengan alasan yang dipilih."
SUB_CHOICES = [("", "— rincian —"), *AttendanceSubReason.choices]


def _check_sub(form: forms.Form, status: str | None, sub: str | None, field: str) -> None:
    if sub and sub not in SUB_REASONS.get(status or "", ()):
        form.add_error(field, SUB_MISMATCH)


def _labelled(field: forms.Field, label: str) -> forms.Field:
    row_field = copy.copy(field)
    row_field.label = label
    return row_field


class AttendanceGridForm(forms.Form):
    """One status and one note per participant; a row left empty is not recorded.

    The three fields of a row are shallow copies of three fields made once per form, given the
    row's label: building a ChoiceField normalises its choices (~50 µs each), which for a
    session of 100 participants was a third of the grid's time. The copies share the choices
    and the widget, which nothing changes per row (the grid's HTML comes from
    `absensi/templatetags/attendance_grid.py`, which reads the fields' values only).
    """

    def __init__(self, *args, inmates=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.inmate_ids = [inmate.pk for inmate in inmates]
        status = forms.ChoiceField(
            choices=[("", "Belum dicatat"), *AttendanceStatus.choices], required=False
        )
        note = forms.CharField(required=False, max_length=500)
        sub = forms.ChoiceField(choices=SUB_CHOICES, required=False)
        for inmate in inmates:
            self.fields[STATUS_FIELD.format(inmate.pk)] = _labelled(status, inmate.name)
            self.fields[NOTE_FIELD.format(inmate.pk)] = _labelled(note, f"Keterangan {inmate.name}")
            self.fields[SUB_FIELD.format(inmate.pk)] = _labelled(
                sub, f"Rincian alasan {inmate.name}"
            )

    def clean(self):
        cleaned = super().clean()
        for pk in self.inmate_ids:
            status = cleaned.get(STATUS_FIELD.format(pk))
            if status == AttendanceStatus.OTHER and not cleaned.get(NOTE_FIELD.format(pk)):
                self.add_error(NOTE_FIELD.format(pk), OTHER_NEEDS_NOTE)
            sub_field = SUB_FIELD.format(pk)
            _check_sub(self, status, cleaned.get(sub_field), sub_field)
        return cleaned

    def entries(self) -> list[tuple[int, str, str, str]]:
        """(inmate id, status, note, sub-reason) for every row given a status."""
        rows = []
        for pk in self.inmate_ids:
            status = self.cleaned_data.get(STATUS_FIELD.format(pk))
            if status:
                rows.append(
                    (
                        pk,
                        status,
                        self.cleaned_data.get(NOTE_FIELD.format(pk), ""),
                        self.cleaned_data.get(SUB_FIELD.format(pk), ""),
                    )
                )
        return rows


class MarkSelectedForm(forms.Form):
    """Multi-select: one status (and note) for the ticked participants."""

    inmate = forms.TypedMultipleChoiceField(
        label="WBP terpilih", coerce=int, error_messages={"required": "Pilih minimal satu WBP."}
    )
    status = forms.ChoiceField(
        label="Tandai sebagai",
        choices=[(s.value, s.label) for s in ATTENDED_STATUSES]
        + [(s.value, s.label) for s in ABSENCE_STATUSES],
    )
    sub_reason = forms.ChoiceField(label="Rincian alasan", choices=SUB_CHOICES, required=False)
    note = forms.CharField(label="Keterangan", required=False, max_length=500)

    def __init__(self, *args, inmates=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inmate"].choices = [(i.pk, i.name) for i in inmates]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == AttendanceStatus.OTHER and not cleaned.get("note"):
            self.add_error("note", OTHER_NEEDS_NOTE)
        _check_sub(self, cleaned.get("status"), cleaned.get("sub_reason"), "sub_reason")
        return cleaned


class DeviceForm(forms.ModelForm):
    class Meta:
        model = FingerprintDevice
        fields = [
            "name",
            "ip_address",
            "port",
            "use_udp",
            "comm_key",
            "time_zone",
            "venue",
            "is_active",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.filter(is_active=True)
        self.fields["ip_address"].help_text = "IPv4, misalnya 192.168.1.201."


class MapPinForm(forms.Form):
    """Map an unknown PIN to any inmate still held (AKTIF, BON, SAKIT), chosen by registration
    number (the page offers them in a list to search by name)."""

    pin = forms.CharField(label="PIN mesin", max_length=24)
    inmate = forms.CharField(label="WBP (no. registrasi)", max_length=40)
    confirm = forms.BooleanField(label="Ganti PIN lama WBP ini", required=False)

    def clean_pin(self) -> str:
        return self.cleaned_data["pin"].strip()

    def clean_inmate(self) -> Inmate:
        number = self.cleaned_data["inmate"].strip()
        inmate = (
            Inmate.objects.filter(status__in=PRESENT_STATUSES)
            .filter(registration_number__iexact=number)
            .first()
        )
        if inmate is None:
            raise forms.ValidationError(
                f"WBP aktif dengan nomor registrasi {number!r} tidak ditemukan. Pilih dari daftar."
            )
        return inmate


class AttendanceExportForm(forms.Form):
    """The period and format of the attendance export for SDP."""

    mulai = BoundedDateField(label="Dari tanggal")
    sampai = BoundedDateField(label="Sampai tanggal")
    format = forms.ChoiceField(
        label="Format",
        choices=[("csv", "CSV (Excel Indonesia, pemisah titik koma)"), ("xlsx", "Excel (.xlsx)")],
        initial="csv",
    )

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("mulai"), data.get("sampai")
        if first and last and last < first:
            raise forms.ValidationError("Tanggal akhir periode tidak boleh sebelum tanggal awal.")
        return data
