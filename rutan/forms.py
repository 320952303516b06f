from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah.",
        "inactive": "Akun ini tidak aktif.",
    }

    username = forms.CharField(
        label="Nama pengguna", widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


# --- Report filters (GET forms; an invalid or missing value falls back to the default) -----


class MonthField(forms.CharField):
    """A month as `YYYY-MM` (the value of `<input type="month">`), cleaned to a `Month`."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value):
        from rutan.reports import Month

        value = super().to_python(value)
        if not value:
            return None
        month = Month.parse(value)
        if month is None:
            raise forms.ValidationError("Isi bulan dengan format TTTT-BB, misalnya 2026-03.")
        return month

    def prepare_value(self, value):
        return getattr(value, "param", value)


class ReportFilterForm(forms.Form):
    """A report's GET filters: each valid field is used, an invalid one falls back to its
    default (and shows its error)."""

    def valid_data(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data


class MonthFilterForm(ReportFilterForm):
    bulan = MonthField(label="Bulan", required=False)

    def month(self):
        from rutan.reports import Month

        return self.valid_data().get("bulan") or Month.current()


class DayFilterForm(ReportFilterForm):
    tanggal = forms.DateField(
        label="Tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
    )

    def day(self):
        from django.utils import timezone

        return self.valid_data().get("tanggal") or timezone.localdate()


class RecapFilterForm(MonthFilterForm):
    program = forms.ModelChoiceField(
        label="Program", queryset=None, required=False, empty_label="— pilih program —"
    )
    field_order = ["program", "bulan"]

    def __init__(self, *args, **kwargs):
        from pembinaan.models import Program

        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.select_related("art_form").order_by(
            "name", "id"
        )


class ParticipationFilterForm(MonthFilterForm):
    blok = forms.ChoiceField(label="Blok", required=False)
    kelas = forms.ChoiceField(label="Kelas", required=False)

    def __init__(self, *args, **kwargs):
        from pembinaan.models import Inmate, InmateClass

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
