"""Forms of the pengaduan app: they validate and normalise input only."""

import re
from datetime import date

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from pengaduan.models import (
    LAPOR_ID_PATTERN,
    Channel,
    IdentityMode,
    Referral,
    ServiceCategory,
    Status,
)
from pengaduan.services import (
    Intake,
    normalise_lapor_id,
    normalise_number,
    normalise_phone,
    officials,
)
from pengaduan.uploads import clean_uploads
from rutan.dates import BoundedDateField, BoundedDateTimeField
from rutan.text import clean_line

PHONE_PATTERN = re.compile(r"^0\d{8,14}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each file is checked by `pengaduan.uploads`.

    With `deferred=True` the field only collects the files; the form decodes them in its
    `clean()` once every cheap check (challenge, honeypot, other fields) has passed.
    """

    def __init__(self, *args, deferred: bool = False, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}))
        kwargs.setdefault("required", False)
        self.deferred = deferred
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(f, initial) for f in files if f]
        return files if self.deferred else clean_uploads(files)


def attachment_help() -> str:
    return (
        f"Opsional. JPG, PNG atau PDF; paling banyak {settings.PENGADUAN_MAX_ATTACHMENTS} berkas, "
        f"masing-masing paling besar {settings.PENGADUAN_MAX_ATTACHMENT_MB} MB. Data lokasi (GPS) "
        "pada foto dihapus otomatis."
    )


def _active_services():
    return ServiceCategory.objects.filter(active=True)


class IdentityFieldsMixin:
    """Identity choice and contact details, shared by the public form and the ULP intake."""

    def clean_reporter_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("reporter_phone", ""))
        if phone and not PHONE_PATTERN.match(phone):
            raise ValidationError("Nomor telepon/WhatsApp tidak sah (contoh: 081234567890).")
        return phone

    def clean_reporter_name(self) -> str:
        return clean_line(self.cleaned_data.get("reporter_name"))

    def clean_reporter_email(self) -> str:
        return (self.cleaned_data.get("reporter_email") or "").strip().lower()

    def clean_incident_date(self) -> date | None:
        day = self.cleaned_data.get("incident_date")
        if day and day > timezone.localdate():
            raise ValidationError("Tanggal kejadian tidak boleh di masa depan.")
        return day

    def _clear_identity_when_anonymous(self, cleaned: dict) -> None:
        if cleaned.get("identity_mode") == IdentityMode.ANONIM:
            for name in ("reporter_name", "reporter_email", "reporter_phone", "channel_handle"):
                if name in cleaned:
                    cleaned[name] = ""


class PublicComplaintForm(IdentityFieldsMixin, forms.Form):
    """The public form (website channel): no login, no NIK."""

    identity_mode = forms.ChoiceField(
        label="Identitas Anda",
        choices=IdentityMode.choices,
        initial=IdentityMode.IDENTIFIED,
        widget=forms.RadioSelect,
        help_text=(
            "Dirahasiakan: nama dan kontak Anda hanya dilihat petugas pengaduan dan Kepala Rutan. "
            "Anonim: identitas tidak disimpan sama sekali; simpan kode pelacakan untuk memantau "
            "pengaduan."
        ),
    )
    reporter_name = forms.CharField(label="Nama", max_length=150, required=False)
    reporter_email = forms.EmailField(
        label="Email",
        required=False,
        help_text="Opsional. Nomor, kode pelacakan dan jawaban dikirim ke alamat ini.",
    )
    reporter_phone = forms.CharField(label="Nomor telepon/WhatsApp", max_length=20, required=False)
    service = forms.ModelChoiceField(
        label="Layanan yang diadukan", queryset=_active_services(), empty_label="— pilih —"
    )
    incident_date = BoundedDateField(label="Tanggal kejadian", required=False)
    description = forms.CharField(
        label="Apa yang terjadi?",
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ceritakan kejadiannya: apa, di mana, kapan, siapa yang terlibat.",
    )
    expected_outcome = forms.CharField(
        label="Apa yang Anda harapkan?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = MultipleFileField(label="Lampiran", deferred=True)
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(
        label="Jangan isi kolom ini",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    captcha = CaptchaField(
        label="Kode keamanan",
        widget=CaptchaTextInput(attrs={"aria-label": "Kode keamanan"}),
        help_text="Ketik huruf/angka pada gambar.",
        error_messages={"invalid": "Kode keamanan salah. Coba lagi dengan gambar yang baru."},
    )
    consent = forms.BooleanField(
        label="Saya telah membaca pemberitahuan privasi dan menyetujui data saya diproses untuk "
        "penanganan pengaduan ini."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_help()

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(
                "Pengaduan tidak dapat diproses. Muat ulang halaman dan coba lagi."
            )
        self._clear_identity_when_anonymous(cleaned)
        if (
            cleaned.get("identity_mode") != IdentityMode.ANONIM
            and not cleaned.get("reporter_name", "").strip()
        ):
            self.add_error("reporter_name", "Nama wajib diisi, atau pilih Anonim.")
        # The attachments are decoded (the costly part) only for an otherwise valid form:
        # a wrong code or a bot never makes the server open an image.
        files = cleaned.get("attachments") or []
        if self.errors:
            cleaned["attachments"] = []
        else:
            try:
                cleaned["attachments"] = clean_uploads(files)
            except ValidationError as exc:
                self.add_error("attachments", exc)
        return cleaned

    def to_intake(self) -> Intake:
        data = self.cleaned_data
        return Intake(
            identity_mode=data["identity_mode"],
            service=data["service"],
            description=data["description"],
            expected_outcome=data["expected_outcome"],
            incident_date=data.get("incident_date"),
            reporter_name=data.get("reporter_name", ""),
            reporter_email=data.get("reporter_email", ""),
            reporter_phone=data.get("reporter_phone", ""),
            attachments=data.get("attachments") or [],
        )


class IntakeForm(IdentityFieldsMixin, forms.Form):
    """ULP logs a complaint that came through another channel."""

    channel = forms.ChoiceField(label="Kanal", choices=Channel.choices)
    channel_handle = forms.CharField(
        label="Akun/alamat pengirim",
        max_length=200,
        required=False,
        help_text=(
            "Nama akun Facebook/Instagram/X, nomor WhatsApp atau alamat email asal pengaduan."
        ),
    )
    lapor_id = forms.CharField(
        label="ID pelacakan SP4N-LAPOR!",
        max_length=30,
        required=False,
        help_text="Wajib untuk kanal SP4N-LAPOR!: nomor laporan di lapor.go.id (angka).",
    )
    received_at = BoundedDateTimeField(
        label="Waktu diterima",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    identity_mode = forms.ChoiceField(
        label="Identitas pelapor", choices=IdentityMode.choices, widget=forms.RadioSelect
    )
    reporter_name = forms.CharField(label="Nama pelapor", max_length=150, required=False)
    reporter_email = forms.EmailField(label="Email pelapor", required=False)
    reporter_phone = forms.CharField(
        label="Telepon/WhatsApp pelapor", max_length=20, required=False
    )
    service = forms.ModelChoiceField(
        label="Layanan yang diadukan", queryset=_active_services(), empty_label="— pilih —"
    )
    incident_date = BoundedDateField(label="Tanggal kejadian", required=False)
    description = forms.CharField(
        label="Isi pengaduan", max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    expected_outcome = forms.CharField(
        label="Harapan pelapor",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    screenshots = MultipleFileField(
        label="Tangkapan layar kanal",
        help_text="Opsional: tangkapan layar pesan/unggahan asal pengaduan (JPG, PNG atau PDF).",
    )
    attachments = MultipleFileField(label="Bukti lain")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_help()
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime().replace(second=0, microsecond=0)
            )
            self.initial.setdefault("identity_mode", IdentityMode.IDENTIFIED)

    def clean_lapor_id(self) -> str:
        value = normalise_lapor_id(self.cleaned_data.get("lapor_id", ""))
        if value and not re.match(LAPOR_ID_PATTERN, value):
            raise ValidationError("ID pelacakan SP4N-LAPOR! terdiri dari 4–20 angka.")
        return value

    def clean_received_at(self):
        moment = self.cleaned_data["received_at"]
        if moment > timezone.now():
            raise ValidationError("Waktu diterima tidak boleh di masa depan.")
        return moment

    def clean(self) -> dict:
        cleaned = super().clean()
        self._clear_identity_when_anonymous(cleaned)
        channel, lapor_id = cleaned.get("channel"), cleaned.get("lapor_id", "")
        if channel == Channel.LAPOR and not lapor_id and "lapor_id" not in self.errors:
            self.add_error("lapor_id", "Isi ID pelacakan SP4N-LAPOR! dari laporan yang diteruskan.")
        elif channel and channel != Channel.LAPOR and lapor_id:
            self.add_error("lapor_id", "ID pelacakan SP4N-LAPOR! hanya diisi untuk kanal itu.")
        if cleaned.get("identity_mode") not in (None, IdentityMode.ANONIM) and not any(
            cleaned.get(name)
            for name in ("reporter_name", "reporter_email", "reporter_phone", "channel_handle")
        ):
            raise ValidationError(
                "Isi nama, kontak atau akun pengirim, atau pilih Anonim bila pelapor tidak "
                "menyebutkan identitas."
            )
        return cleaned

    def to_intake(self) -> Intake:
        data = self.cleaned_data
        return Intake(
            identity_mode=data["identity_mode"],
            service=data["service"],
            description=data["description"],
            expected_outcome=data.get("expected_outcome", ""),
            incident_date=data.get("incident_date"),
            reporter_name=data.get("reporter_name", ""),
            reporter_email=data.get("reporter_email", ""),
            reporter_phone=data.get("reporter_phone", ""),
            channel_handle=data.get("channel_handle", ""),
            lapor_id=data.get("lapor_id", ""),
            attachments=data.get("attachments") or [],
            screenshots=data.get("screenshots") or [],
        )


# --- Steps of the state machine ------------------------------------------------------------


def _text(label: str, *, required: bool = True, rows: int = 3, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class VerifyForm(forms.Form):
    note = _text("Catatan verifikasi", required=False, rows=2)


class CompletionRequestForm(forms.Form):
    message = _text(
        "Yang perlu dilengkapi pelapor",
        help_text="Dikirim kepada pelapor dan tampil di halaman lacak pengaduan.",
    )


class RejectForm(forms.Form):
    reason = _text("Alasan penolakan", help_text="Tampil kepada pelapor di halaman lacak.")


class ReferForm(forms.Form):
    destination = forms.ChoiceField(label="Dirujuk ke", choices=Referral.choices)
    reference = forms.CharField(
        label="Nomor rujukan",
        max_length=100,
        help_text="Nomor surat pengantar, atau ID laporan bila diteruskan ke SP4N-LAPOR!.",
    )
    reason = _text("Alasan rujukan", help_text="Tampil kepada pelapor di halaman lacak.")


class MergeForm(forms.Form):
    main_number = forms.CharField(
        label="Nomor pengaduan induk",
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "ADU-2026-00001", "autocomplete": "off"}),
        help_text="Pengaduan yang masih berjalan tentang masalah yang sama.",
    )
    reason = _text(
        "Alasan penggabungan",
        rows=2,
        help_text="Pelapor tetap melacak dengan nomor dan kodenya sendiri dan melihat jawaban "
        "pengaduan induk.",
    )

    def clean_main_number(self) -> str:
        return normalise_number(self.cleaned_data["main_number"])


class RecommendationForm(forms.Form):
    review = _text("Telaah", rows=4)
    recommendation = _text("Rekomendasi kepada Kepala UPT", rows=3)


class DirectionForm(forms.Form):
    official = forms.ModelChoiceField(
        label="Pejabat terkait", queryset=None, empty_label="— pilih pejabat —"
    )
    direction = _text("Arahan", rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials()


class SendBackForm(forms.Form):
    note = _text("Alasan pengembalian kepada ULP")


class DraftReplyForm(forms.Form):
    """The pejabat's follow-up: a perbaikan, a klarifikasi, or both (the seed's "dan/atau")."""

    correction = _text(
        "Perbaikan yang dilakukan",
        required=False,
        help_text="Untuk catatan internal; tidak otomatis tampil kepada pelapor.",
    )
    draft = _text(
        "Draf klarifikasi kepada pelapor",
        required=False,
        rows=6,
        help_text=(
            "Diperiksa ULP sebelum diterbitkan. Boleh kosong bila Anda hanya melakukan "
            "perbaikan; isi salah satu atau keduanya."
        ),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("correction") or "").strip() and not (data.get("draft") or "").strip():
            raise forms.ValidationError(
                "Isi perbaikan yang dilakukan, draf klarifikasi, atau keduanya."
            )
        return data


class ReassignmentForm(forms.Form):
    reason = _text("Alasan permintaan pengalihan")


class ReturnDraftForm(forms.Form):
    note = _text("Yang perlu diperbaiki pejabat")


class PublishForm(forms.Form):
    text = _text(
        "Jawaban yang diterbitkan",
        rows=8,
        help_text="Periksa dan sunting draf pejabat; teks ini tampil kepada pelapor.",
    )


class InternalNoteForm(forms.Form):
    text = _text(
        "Catatan internal",
        rows=2,
        help_text="Hanya untuk petugas; tidak pernah tampil kepada pelapor.",
    )


# --- Public tracking -----------------------------------------------------------------------


class TrackForm(forms.Form):
    number = forms.CharField(
        label="Nomor pengaduan",
        max_length=30,
        widget=forms.TextInput(attrs={"placeholder": "ADU-2026-00001", "autocomplete": "off"}),
    )
    code = forms.CharField(
        label="Kode pelacakan",
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "XXXX-XXXX-XXXX-XXXX", "autocomplete": "off"}),
    )


class CompleteForm(forms.Form):
    text = _text("Kelengkapan yang Anda kirim", rows=5)
    attachments = MultipleFileField(label="Lampiran")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_help()


class DisputeForm(forms.Form):
    reason = _text(
        "Alasan sanggahan",
        rows=4,
        help_text="Sanggahan hanya dapat diajukan satu kali.",
    )


# --- Lists ------------------------------------------------------------------------------------


class ListFilterForm(forms.Form):
    q = forms.CharField(label="Cari", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Semua status"), *Status.choices]
    )
    channel = forms.ChoiceField(
        label="Kanal", required=False, choices=[("", "Semua kanal"), *Channel.choices]
    )
    flag = forms.ChoiceField(
        label="Batas waktu",
        required=False,
        choices=[("", "Semua"), ("terlambat", "Terlambat"), ("hampir", "Hampir jatuh tempo")],
    )
