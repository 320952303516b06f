"""A service's refusal reaches the form, whatever names its errors carry."""

from django import forms
from django.core.exceptions import ValidationError

from rutan.forms import add_service_error


class TimesForm(forms.Form):
    start_time = forms.TimeField()
    reason = forms.CharField()


def bound() -> TimesForm:
    form = TimesForm({"start_time": "09:00", "reason": "lupa"})
    assert form.is_valid()
    return form


def test_an_error_keyed_by_a_field_of_the_form_goes_beside_that_field():
    form = bound()
    add_service_error(form, ValidationError({"reason": "Tuliskan alasan."}))
    assert form.errors == {"reason": ["Tuliskan alasan."]}


def test_an_error_keyed_by_a_name_the_form_lacks_goes_to_the_top_not_a_500():
    form = bound()
    add_service_error(form, ValidationError({"end": "Jam selesai tidak boleh di masa depan."}))
    assert form.non_field_errors() == ["Jam selesai tidak boleh di masa depan."]


def test_a_plain_error_and_its_parameters():
    form = bound()
    add_service_error(form, ValidationError("Sisa %(n)s hari.", params={"n": 3}))
    assert form.non_field_errors() == ["Sisa 3 hari."]
