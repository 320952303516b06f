"""`PlainSelect` gives the HTML of Django's `Select` for flat choices (issue 15)."""

import pytest
from django import forms
from django.test.html import parse_html

from rutan.forms import PlainSelect

CHOICES = [("", "— pilih —"), (1, "Karawitan"), (2, 'Tari "Reog" <b>&</b>'), ("x y", "Lain")]


@pytest.mark.parametrize("value", [None, "", 1, "2", ["x y"], "tidak ada"])
@pytest.mark.parametrize("attrs", [None, {"class": "form-select", "id": "id_p", "required": True}])
def test_same_html_as_select(value, attrs):
    plain = PlainSelect(choices=CHOICES).render("program", value, attrs)
    django = forms.Select(choices=CHOICES).render("program", value, attrs)
    assert parse_html(plain) == parse_html(django)


def test_a_model_choice_field_on_a_bound_form(db):
    from pembinaan.models import ArtForm

    class F(forms.Form):
        seni = forms.ModelChoiceField(ArtForm.objects.order_by("pk"), widget=PlainSelect)

    class G(forms.Form):
        seni = forms.ModelChoiceField(ArtForm.objects.order_by("pk"))

    chosen = ArtForm.objects.order_by("pk").last()
    data = {"seni": str(chosen.pk)}
    assert parse_html(str(F(data)["seni"])) == parse_html(str(G(data)["seni"]))
    assert f'value="{chosen.pk}" selected' in str(F(data)["seni"])


def test_option_groups_are_refused():
    with pytest.raises(ValueError, match="option groups"):
        PlainSelect(choices=[("Grup", [(1, "a")])]).render("x", None)
