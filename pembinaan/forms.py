"""Forms of the pembinaan app: they validate and normalise input only."""

import re
from datetime import date, datetime

from django import forms
from django.utils import timezone

from pembinaan.models import (
    STAGE_CHOICES,
    ArtForm,
    CancelReason,
    EndReason,
    Frequency,
    Inmate,
    InmateClass,
    InstructorType,
    LegalStatus,
    Partner,
    Predicate,
    Program,
    ProgramStatus,
    RegistrationStatus,
    SuspensionReason,
    Venue,
    WorkPlanSlot,
)
from pembinaan.services import SlotSpec
from rutan.dates import BoundedDateField, check_date
from rutan.models import User

# =============================================================================================
# Programs, work plans, sessions, participants and results
# =============================================================================================

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class BootstrapMixin:
    """For forms rendered field by field in tables (not through crispy)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ProgramForm(forms.Form):
    name = forms.CharField(label="Nama program", max_length=150)
    art_form = forms.ModelChoiceField(
        label="Cabang seni", queryset=ArtForm.objects.filter(is_active=True)
    )
    description = forms.CharField(
        label="Deskripsi", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    instructor_type = forms.ChoiceField(
        label="Jenis instruktur", choices=InstructorType.choices, widget=forms.RadioSelect
    )
    instructor_user = forms.ModelChoiceField(
        label="Instruktur (petugas)",
        queryset=User.objects.filter(is_active=True).order_by("first_name", "username"),
        required=False,
    )
    instructor_inmate_number = forms.CharField(
        label="Instruktur (no. registrasi WBP)",
        max_length=30,
        required=False,
        help_text="Contoh: B.I 123/2024",
    )
    instructor_partner = forms.ModelChoiceField(
        label="Instruktur (mitra)", queryset=Partner.objects.filter(is_active=True), required=False
    )
    venue = forms.ModelChoiceField(label="Tempat", queryset=Venue.objects.filter(is_active=True))
    capacity = forms.IntegerField(label="Kapasitas peserta", min_value=1, max_value=500)
    target_classes = forms.MultipleChoiceField(
        label="Kelas sasaran",
        choices=InmateClass.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    session_minutes = forms.IntegerField(label="Durasi sesi (menit)", min_value=5, max_value=480)
    status = forms.ChoiceField(label="Status", choices=ProgramStatus.choices)

    @classmethod
    def initial_for(cls, program: Program) -> dict:
        return {
            "name": program.name,
            "art_form": program.art_form_id,
            "description": program.description,
            "instructor_type": program.instructor_type,
            "instructor_user": program.instructor_user_id,
            "instructor_inmate_number": (
                program.instructor_inmate.registration_number if program.instructor_inmate else ""
            ),
            "instructor_partner": program.instructor_partner_id,
            "venue": program.venue_id,
            "capacity": program.capacity,
            "target_classes": program.target_classes,
            "session_minutes": program.session_minutes,
            "status": program.status,
        }

    def clean(self):
        data = super().clean()
        kind = data.get("instructor_type")
        data["instructor_inmate"] = None
        if kind == InstructorType.STAFF and not data.get("instructor_user"):
            self.add_error("instructor_user", "Pilih petugas yang menjadi instruktur.")
        elif kind == InstructorType.PARTNER and not data.get("instructor_partner"):
            self.add_error("instructor_partner", "Pilih mitra yang menjadi instruktur.")
        elif kind == InstructorType.INMATE:
            number = " ".join((data.get("instructor_inmate_number") or "").split())
            inmate = Inmate.objects.filter(registration_number__iexact=number).first()
            if inmate is None:
                self.add_error("instructor_inmate_number", "WBP dengan nomor itu tidak ditemukan.")
            data["instructor_inmate"] = inmate
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        values = {k: v for k, v in data.items() if k != "instructor_inmate_number"}
        values["target_classes"] = [c for c in InmateClass.values if c in data["target_classes"]]
        return values


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["person_name", "organisation", "phone", "notes", "is_active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


SKIP_LINE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}|\d{1,2}[-/]\d{1,2}[-/]\d{4})\s*(.*)$")


def parse_skip_dates(text: str) -> list[tuple[date, str]]:
    """One date per line, then an optional note: "2026-08-17 HUT RI" or "17-08-2026 HUT RI"."""
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = SKIP_LINE.match(line)
        if not match:
            raise forms.ValidationError(
                f"Baris {number}: tulis tanggal di awal baris (contoh: 17-08-2026 HUT RI)."
            )
        raw, note = match.groups()
        try:
            if "-" in raw and len(raw.split("-")[0]) == 4:
                day = date.fromisoformat(raw)
            else:
                d, m, y = re.split(r"[-/]", raw)
                day = date(int(y), int(m), int(d))
        except ValueError as exc:
            raise forms.ValidationError(f"Baris {number}: tanggal {raw} tidak sah.") from exc
        check_date(day, f"Baris {number}: tanggal")
        items.append((day, note.strip()))
    return items


def format_skip_dates(items: list[dict]) -> str:
    return "\n".join(
        f"{date.fromisoformat(i['date']):%d-%m-%Y} {i.get('note', '')}".strip() for i in items
    )


class WorkPlanForm(forms.Form):
    title = forms.CharField(label="Judul rencana kerja", max_length=200)
    period_start = BoundedDateField(label="Periode mulai")
    period_end = BoundedDateField(label="Periode selesai")
    objectives = forms.CharField(label="Tujuan", widget=forms.Textarea(attrs={"rows": 4}))
    skip_dates = forms.CharField(
        label="Tanggal yang dilewati",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Satu tanggal per baris, boleh diikuti keterangan: 17-08-2026 HUT RI.",
    )
    notes = forms.CharField(
        label="Catatan", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    confirm_large = forms.BooleanField(
        label="Periode lebih dari satu tahun atau ratusan sesi memang dimaksudkan",
        required=False,
        help_text="Centang hanya bila sistem meminta konfirmasi dan tanggalnya sudah benar.",
    )

    def clean_skip_dates(self):
        return parse_skip_dates(self.cleaned_data["skip_dates"])

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Periode selesai tidak boleh sebelum periode mulai.")
        return data


class SlotForm(BootstrapMixin, forms.Form):
    weekday = forms.TypedChoiceField(
        label="Hari",
        choices=[("", "—"), *WorkPlanSlot.WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    start_time = forms.TimeField(label="Jam mulai", widget=TIME_INPUT, required=False)
    frequency = forms.ChoiceField(label="Frekuensi", choices=Frequency.choices)

    def clean(self):
        data = super().clean()
        if (data.get("weekday") is None) != (data.get("start_time") is None):
            raise forms.ValidationError("Isi hari dan jam mulai bersama-sama.")
        return data


class BaseSlotFormSet(forms.BaseFormSet):
    def slots(self) -> list[SlotSpec]:
        return [
            SlotSpec(
                f.cleaned_data["weekday"], f.cleaned_data["start_time"], f.cleaned_data["frequency"]
            )
            for f in self.forms
            if f.cleaned_data.get("weekday") is not None
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.slots():
            raise forms.ValidationError("Isi paling sedikit satu jadwal rutin (hari dan jam).")


SlotFormSet = forms.formset_factory(SlotForm, formset=BaseSlotFormSet, extra=2)


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Catatan", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    clash_override_reason = forms.CharField(
        label="Alasan menyetujui meski bentrok", required=False, max_length=2000
    )


class InmateSearchForm(forms.Form):
    q = forms.CharField(label="Cari nama, no. registrasi atau blok", required=False, max_length=80)


class AllocateForm(forms.Form):
    inmates = forms.ModelMultipleChoiceField(
        label="WBP", queryset=Inmate.objects.all(), error_messages={"required": "Pilih WBP."}
    )
    start_date = BoundedDateField(label="Mulai")
    override_reason = forms.CharField(
        label="Alasan pengecualian syarat kelas",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Hanya untuk pengguna yang berwenang; dicatat pada data peserta.",
    )


class EndAllocationForm(forms.Form):
    reason = forms.ChoiceField(label="Alasan", choices=EndReason.choices)
    on = BoundedDateField(label="Berakhir mulai tanggal")
    note = forms.CharField(label="Keterangan", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class SuspendAllocationForm(forms.Form):
    start_date = BoundedDateField(label="Mulai")
    end_date = BoundedDateField(label="Sampai", required=False)
    reason = forms.ChoiceField(label="Alasan", choices=SuspensionReason.choices)
    note = forms.CharField(label="Keterangan", required=False, max_length=500)


class KeepAllocationForm(forms.Form):
    reason = forms.CharField(
        label="Alasan tetap ikut",
        max_length=500,
        error_messages={"required": "Tuliskan alasan peserta tetap ikut."},
    )


class DayCalloutForm(forms.Form):
    tanggal = BoundedDateField(label="Tanggal", required=False)


class SessionFilterForm(BootstrapMixin, forms.Form):
    tanggal = BoundedDateField(label="Tanggal", required=False)
    program = forms.ModelChoiceField(
        label="Program", queryset=Program.objects.order_by("name"), required=False
    )
    tempat = forms.ModelChoiceField(label="Tempat", queryset=Venue.objects.all(), required=False)
    tampilan = forms.ChoiceField(
        label="Tampilan",
        choices=[("hari", "Hari"), ("minggu", "Minggu")],
        required=False,
    )


class CancelSessionForm(forms.Form):
    reason = forms.ChoiceField(label="Alasan pembatalan", choices=CancelReason.choices)
    note = forms.CharField(label="Keterangan", required=False, max_length=500)


class SessionTimesForm(forms.Form):
    """The actual start and end of a session, on its own date, and why they are recorded."""

    start_time = forms.TimeField(label="Jam mulai sebenarnya", widget=TIME_INPUT)
    end_time = forms.TimeField(label="Jam selesai sebenarnya", widget=TIME_INPUT)
    reason = forms.CharField(
        label="Alasan pencatatan/koreksi",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="Mis. \u201cSesi terlaksana tetapi lupa ditekan Mulai/Selesai\u201d.",
    )

    def __init__(self, *args, day: date, **kwargs):
        self.day = day
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start is not None and end is not None:
            data["start"] = timezone.make_aware(datetime.combine(self.day, start))
            data["end"] = timezone.make_aware(datetime.combine(self.day, end))
            if data["end"] <= data["start"]:
                self.add_error("end_time", "Jam selesai harus sesudah jam mulai.")
        return data

    @classmethod
    def initial_for(cls, session) -> dict:
        start = session.actual_start or session.planned_start
        end = session.actual_end or session.planned_end
        return {
            "start_time": timezone.localtime(start).time().replace(second=0, microsecond=0),
            "end_time": timezone.localtime(end).time().replace(second=0, microsecond=0),
            "reason": "",
        }


class SessionResultForm(forms.Form):
    summary = forms.CharField(label="Ringkasan kegiatan", widget=forms.Textarea(attrs={"rows": 3}))
    material = forms.CharField(
        label="Materi", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    notes = forms.CharField(
        label="Catatan", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ParticipantResultForm(BootstrapMixin, forms.Form):
    inmate = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.IntegerField(label="Nilai", min_value=0, max_value=100, required=False)
    predicate = forms.ChoiceField(
        label="Predikat",
        choices=[("", "—"), *Predicate.choices],
        required=False,
        help_text="Diisi sendiri hanya bila tanpa nilai; dengan nilai, predikat mengikuti skala.",
    )
    behaviour_note = forms.CharField(label="Catatan perilaku", required=False, max_length=500)


ParticipantResultFormSet = forms.formset_factory(ParticipantResultForm, extra=0)


class PhotoForm(forms.Form):
    image = forms.FileField(
        label="Foto",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label="Keterangan", required=False, max_length=200)


# =============================================================================================
# Register
# =============================================================================================

INCOMPLETE = "kosong"  # the class filter's value for "data pidana belum lengkap"
SDP_MAX_BYTES = 20 * 1024 * 1024  # a 30,000-row export is about 3 MB as CSV, 2 MB as XLSX


class InmateFilterForm(forms.Form):
    q = forms.CharField(label="Cari", required=False, max_length=100)
    kelas = forms.ChoiceField(
        label="Kelas",
        required=False,
        choices=[("", "Semua kelas"), *InmateClass.choices, (INCOMPLETE, "Data belum lengkap")],
    )
    status_hukum = forms.ChoiceField(
        label="Status hukum", required=False, choices=[("", "Semua"), *LegalStatus.choices]
    )
    status = forms.ChoiceField(
        label="Status registrasi",
        required=False,
        choices=[("", "Semua"), *RegistrationStatus.choices],
    )
    blok = forms.CharField(label="Blok", required=False, max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"


class SdpUploadForm(forms.Form):
    file = forms.FileField(
        label="Berkas ekspor SDP",
        help_text="CSV (UTF-8, pemisah koma atau titik koma) atau XLSX, paling besar 20 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Gunakan berkas .csv atau .xlsx.")
        if upload.size > SDP_MAX_BYTES:
            raise forms.ValidationError("Berkas terlalu besar (paling besar 20 MB).")
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="Format", choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")], required=False
    )
    tanggal = BoundedDateField(label="Kelas per tanggal", required=False)


class DevicePinForm(forms.Form):
    pin = forms.CharField(
        label="PIN mesin sidik jari",
        required=False,
        max_length=24,
        help_text="User ID WBP ini di mesin sidik jari. Kosongkan untuk menghapus PIN.",
    )
    reason = forms.CharField(
        label="Alasan perubahan", required=False, max_length=80, help_text="Tercatat di riwayat."
    )

    def clean_pin(self) -> str:
        return self.cleaned_data["pin"].strip()


class StageOverrideForm(forms.Form):
    stage = forms.ChoiceField(
        label="Tahap (keputusan sidang TPP)",
        required=False,
        choices=[("", "Ikuti perhitungan (tanpa keputusan TPP)"), *STAGE_CHOICES],
    )
    decision_number = forms.CharField(label="Nomor keputusan TPP", required=False, max_length=80)
    decision_date = BoundedDateField(label="Tanggal keputusan TPP", required=False)
