"""An inmate's finger-scan PIN, edited on the inmate page by a petugas (named permission,
service with history, one inmate per PIN)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from pembinaan import services
from pembinaan.models import Inmate
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db


def _post(client, inmate, **data):
    url = reverse("pembinaan:inmate_device_pin", args=[inmate.pk])
    return client.post(url, {"pin": "", "reason": "", **data}, follow=True)


def test_petugas_sets_a_pin_on_the_inmate_page(petugas_client, petugas):
    inmate = f.inmate(name="Budi")
    page = petugas_client.get(reverse("pembinaan:inmate_detail", args=[inmate.pk]))
    assert "Simpan PIN" in page.content.decode()

    response = _post(petugas_client, inmate, pin=" 1042 ", reason="Pendaftaran ulang sidik jari")

    inmate.refresh_from_db()
    assert inmate.device_pin == "1042"
    assert "PIN mesin sidik jari 1042 disimpan." in response.content.decode()
    latest = inmate.history.latest()
    assert latest.history_user == petugas
    assert latest.history_change_reason == "PIN mesin - -> 1042: Pendaftaran ulang sidik jari"


def test_changing_and_removing_a_pin_keeps_the_old_one_in_history(petugas_client):
    inmate = f.inmate(device_pin="1042")

    _post(petugas_client, inmate, pin="2077")
    _post(petugas_client, inmate, pin="")

    inmate.refresh_from_db()
    assert inmate.device_pin is None
    assert [h.device_pin for h in inmate.history.all()][:3] == [None, "2077", "1042"]


def test_a_pin_of_another_inmate_is_refused_with_its_holder(petugas_client):
    f.inmate(name="Pemilik", device_pin="1042")
    inmate = f.inmate(name="Lain")

    response = _post(petugas_client, inmate, pin="1042")

    inmate.refresh_from_db()
    assert inmate.device_pin is None
    assert "PIN 1042 sudah dipakai oleh Pemilik" in response.content.decode()


def test_a_too_long_pin_gets_a_message_not_an_error(petugas_client):
    inmate = f.inmate()
    response = _post(petugas_client, inmate, pin="9" * 25)
    assert response.status_code == 200
    assert "PIN mesin tidak valid" in response.content.decode()


def test_kepala_may_not_edit_a_pin(kepala_client):
    inmate = f.inmate()
    page = kepala_client.get(reverse("pembinaan:inmate_detail", args=[inmate.pk]))
    assert "Simpan PIN" not in page.content.decode()
    url = reverse("pembinaan:inmate_device_pin", args=[inmate.pk])
    assert kepala_client.post(url, {"pin": "1"}).status_code == 403


def test_replacing_a_pin_through_the_service_needs_confirmation(petugas):
    inmate = f.inmate(device_pin="1042")

    with pytest.raises(ValidationError) as refused:
        services.set_device_pin(inmate=inmate, pin="2077", by=petugas)
    assert refused.value.error_list[0].code == "confirm_replace"

    services.set_device_pin(inmate=inmate, pin="2077", by=petugas, confirm_replace=True)
    inmate.refresh_from_db()
    assert inmate.device_pin == "2077"


def test_the_database_holds_one_inmate_per_pin():
    f.inmate(device_pin="1042")
    with pytest.raises(IntegrityError), transaction.atomic():
        Inmate.objects.filter(pk=f.inmate().pk).update(device_pin="1042")
