"""Invisible and direction-changing characters never reach a stored name."""

import pytest

from pengaduan.forms import PublicComplaintForm
from rutan.text import clean_line


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Budi\u202eitnaS", "BudiitnaS"),  # right-to-left override
        ("Bu\u200bdi", "Budi"),  # zero-width space
        ("\ufeffSri\u200d Wahyuni\u2066", "Sri Wahyuni"),  # BOM, zero-width joiner, isolate
        ("Sri\x0b\x00 Wahyuni ", "Sri Wahyuni"),  # control characters
        ("  Sri \t Wahyuni\n", "Sri Wahyuni"),
        ("Ñoño Éko", "Ñoño Éko"),  # real letters stay
    ],
)
def test_clean_line(typed, stored):
    assert clean_line(typed) == stored


@pytest.mark.django_db
def test_complaint_form_stores_the_name_without_hidden_characters():
    form = PublicComplaintForm({"reporter_name": "Bu\u202edi\u200b"})
    form.is_valid()
    assert form.cleaned_data["reporter_name"] == "Budi"
