from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: each message beside its field when the form has a
    field of that name, otherwise at the top of the form. (`form.add_error(None, exc)` raises
    ValueError, a 500, for a service error keyed by a name the form does not have.)"""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field != NON_FIELD_ERRORS and field in form.fields else None
        for message in ValidationError(errors).messages:
            form.add_error(target, message)


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


class FilterForm(forms.Form):
    """A page's GET filters: each valid field is used, an invalid one falls back to its
    default (and shows its error)."""

    def valid_data(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data
