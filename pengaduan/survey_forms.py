"""Forms of the satisfaction survey: the respondent's form (public page, kiosk, invitation),
the staff's choice of period and the Kepala UPT's population and publication."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from pengaduan.models import (
    AgeGroup,
    Education,
    Occupation,
    Sex,
    SurveyChannel,
    SurveyElement,
    SurveyQuestion,
)
from pengaduan.services.survey import SurveyAnswers
from pengaduan.survey_report import Semester

HONEYPOT_MESSAGE = "Jawaban tidak dapat diproses. Muat ulang halaman dan coba lagi."
FIRST_YEAR = 2020


def _choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=[("", "— pilih —"), *choices], error_messages=_REQUIRED
    )


_REQUIRED = {"required": "Mohon pilih salah satu.", "invalid_choice": "Pilihan tidak dikenal."}


class SurveyForm(forms.Form):
    """Nine questions (1–4), the profile, a suggestion. The questions come from the admin-edited
    `SurveyQuestion` rows (one query); an element without a row is asked by its name."""

    age_group = _choice("Usia", AgeGroup.choices)
    sex = forms.ChoiceField(
        label="Jenis kelamin",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages=_REQUIRED,
    )
    education = _choice("Pendidikan terakhir", Education.choices)
    occupation = _choice("Pekerjaan utama", Occupation.choices)
    suggestion = forms.CharField(
        label="Saran dan masukan (tidak wajib)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Jangan menulis nama, nomor telepon atau data pribadi lain.",
    )
    source = forms.ChoiceField(
        choices=[(SurveyChannel.ONLINE, ""), (SurveyChannel.TRACKING, "")],
        required=False,
        widget=forms.HiddenInput,
    )
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(
        label="Jangan isi kolom ini",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        questions = {q.element: q for q in SurveyQuestion.objects.all()}
        self.question_fields = []
        for number, (element, label) in enumerate(SurveyElement.choices, 1):
            question = questions.get(element)
            answers = question.answers if question else [(s, str(s)) for s in (1, 2, 3, 4)]
            name = f"u{number}"
            self.fields[name] = forms.TypedChoiceField(
                label=f"{number}. {question.text if question else label}",
                choices=answers,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages=_REQUIRED,
            )
            self.fields[name].element = element
            self.question_fields.append(name)

    def questions(self):
        return [self[name] for name in self.question_fields]

    def profile(self):
        return [self[name] for name in ("age_group", "sex", "education", "occupation")]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(HONEYPOT_MESSAGE)
        return cleaned

    def channel(self, *, kiosk: bool) -> str:
        if kiosk:
            return SurveyChannel.KIOSK
        return self.cleaned_data.get("source") or SurveyChannel.ONLINE

    def to_answers(self) -> SurveyAnswers:
        data = self.cleaned_data
        return SurveyAnswers(
            scores={self.fields[name].element: data[name] for name in self.question_fields},
            age_group=data["age_group"],
            sex=data["sex"],
            education=data["education"],
            occupation=data["occupation"],
            suggestion=data.get("suggestion", ""),
        )


class PublicSurveyForm(SurveyForm):
    """The page anyone may open: with the same self-hosted challenge as the complaint form."""

    captcha = CaptchaField(
        label="Kode keamanan",
        widget=CaptchaTextInput(attrs={"aria-label": "Kode keamanan"}),
        help_text="Ketik huruf/angka pada gambar.",
        error_messages={"invalid": "Kode keamanan salah. Coba lagi dengan gambar yang baru."},
    )


class PeriodForm(forms.Form):
    """`?tahun=2026&semester=1`; the current semester when absent or wrong."""

    tahun = forms.IntegerField(label="Tahun", min_value=FIRST_YEAR, max_value=2100)
    semester = forms.TypedChoiceField(
        label="Semester", choices=[(1, "I (Januari–Juni)"), (2, "II (Juli–Desember)")], coerce=int
    )

    def period(self) -> Semester:
        current = Semester.of(timezone.localdate())
        if not self.is_bound or not self.is_valid():
            return current
        return Semester(self.cleaned_data["tahun"], self.cleaned_data["semester"])


class PublishForm(PeriodForm):
    population = forms.IntegerField(
        label="Populasi dilayani pada periode",
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text=(
            "Kosongkan untuk memakai jumlah WBP berbeda yang tercatat hadir pembinaan pada "
            "semester ini. Dipakai untuk sampel minimum Krejcie–Morgan."
        ),
    )
    published = forms.BooleanField(
        label="Terbitkan indeks di halaman standar pelayanan", required=False
    )
