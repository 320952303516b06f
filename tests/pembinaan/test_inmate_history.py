"""The inmate page's change history, including inmates that have none."""

from datetime import date

import pytest
from django.urls import reverse

from pembinaan.models import Inmate
from pembinaan.services import apply_stage_dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def budi() -> Inmate:
    inmate = Inmate(
        registration_number="B.I 123/2024",
        name="Budi Santoso",
        legal_status="narapidana",
        block="A",
        detention_date=date(2024, 1, 1),
        sentence_years=3,
    )
    apply_stage_dates(inmate)
    inmate.save()
    return inmate


def test_inmate_page_of_an_inmate_without_history_rows_is_200(petugas_client, budi):
    # Inmates loaded by SQL, or whose history was pruned, have no history row at all.
    budi.history.all().delete()
    response = petugas_client.get(reverse("pembinaan:inmate_detail", args=[budi.pk]))
    assert response.status_code == 200
    assert budi.name in response.content.decode()


def test_inmate_page_with_one_history_row_shows_it(petugas_client, budi):
    budi.history.exclude(pk=budi.history.earliest().pk).delete()
    response = petugas_client.get(reverse("pembinaan:inmate_detail", args=[budi.pk]))
    assert response.status_code == 200
