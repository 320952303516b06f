"""The review list of unknown PINs, mapping from it, and the quarantine list."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from absensi.models import (
    DeviceEnrollment,
    FingerprintDevice,
    QuarantinedPunch,
    QuarantineReason,
    RawPunch,
)
from tests.pembinaan import planning_factories as pf

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


@pytest.fixture
def device(db):
    device = FingerprintDevice.objects.create(name="Aula", ip_address="10.0.0.5")
    RawPunch.objects.create(device=device, device_user_id="7777", timestamp=AT)
    DeviceEnrollment.objects.create(
        device=device, device_user_id="7777", name="Budi S", last_seen=AT
    )
    return device


def test_unknown_pins_are_listed_with_the_name_on_the_device(device, kepala_client):
    body = kepala_client.get(reverse("absensi:unknown_pins")).content.decode()

    assert "7777" in body and "Budi S" in body and "Petakan" not in body


def test_petugas_maps_a_pin(device, petugas_client):
    inmate = pf.inmate(name="Budi Santoso")

    response = petugas_client.post(
        reverse("absensi:map_pin"), {"pin": "7777", "inmate": inmate.pk}, follow=True
    )

    inmate.refresh_from_db()
    assert inmate.device_pin == "7777"
    assert "PIN 7777 dipetakan ke Budi Santoso" in response.content.decode()
    assert "Semua PIN sudah dikenali" in response.content.decode()


def test_an_inmate_with_a_pin_is_not_offered(device, petugas_client):
    taken = pf.inmate(device_pin="1")

    response = petugas_client.post(
        reverse("absensi:map_pin"), {"pin": "7777", "inmate": taken.pk}, follow=True
    )

    assert "sudah punya PIN" in response.content.decode()


def test_quarantine_list(device, petugas_client):
    QuarantinedPunch.objects.create(
        device=device, device_user_id="2077", raw_time=123, reason=QuarantineReason.IMPOSSIBLE
    )

    body = petugas_client.get(reverse("absensi:quarantine"), {"mesin": device.pk}).content.decode()

    assert "2077" in body and "Tanggal tidak mungkin ada" in body and "(tidak terbaca)" in body
