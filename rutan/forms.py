from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


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


class PlainSelect(forms.Select):
    """A `<select>` whose options are formatted in Python, for long flat lists (~300 programs
    at a regional office). Django renders each option through two templates, ~60 µs an
    option: 20 ms of a report's filter. Same HTML as `forms.Select` for flat choices
    (tests/rutan/test_plain_select.py); option groups are not supported."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                raise ValueError("PlainSelect: option groups are not supported")
            text = "" if option_value is None else str(option_value)
            options.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    text,
                    mark_safe(" selected") if text in chosen else "",
                    label,
                )
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # noqa: S308 - each option is format_html'd above
        )
