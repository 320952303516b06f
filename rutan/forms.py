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


class MonthFilterForm(forms.Form):
    bulan = MonthField(label="Bulan", required=False)

    def month(self):
        from rutan.reports import Month

        if self.is_valid() and self.cleaned_data.get("bulan"):
            return self.cleaned_data["bulan"]
        return Month.current()
