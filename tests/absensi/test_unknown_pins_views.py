"""The review list of unknown PINs, mapping from it, and the quarantine list."""

import re
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
        reverse("absensi:map_pin"),
        {"pin": "7777", "inmate": inmate.registration_number},
        follow=True,
    )

    inmate.refresh_from_db()
    assert inmate.device_pin == "7777"
    assert "PIN 7777 dipetakan ke Budi Santoso" in response.content.decode()
    assert "Semua PIN sudah dikenali" in response.content.decode()


def test_every_inmate_still_held_is_offered_even_with_a_pin(device, petugas_client):
    pf.inmate(name="Tanpa PIN")
    pf.inmate(name="Sudah Ber-PIN", device_pin="1")
    pf.inmate(name="Sedang Sidang", status="BON")
    pf.inmate(name="Sudah Bebas", status="BEBAS")

    body = petugas_client.get(reverse("absensi:unknown_pins")).content.decode()

    assert "Tanpa PIN" in body and "Sedang Sidang" in body
    assert re.search(r"Sudah Ber-PIN[^<]* · PIN 1</option>", body)
    assert "Sudah Bebas" not in body


def test_remapping_an_inmate_who_has_a_pin_asks_for_confirmation(device, petugas_client):
    inmate = pf.inmate(name="Budi Santoso", device_pin="1")
    data = {"pin": "7777", "inmate": inmate.registration_number}

    asked = petugas_client.post(reverse("absensi:map_pin"), data)

    inmate.refresh_from_db()
    assert inmate.device_pin == "1"  # nothing changed yet
    body = asked.content.decode()
    assert "Ganti PIN mesin Budi Santoso?" in body and 'name="confirm"' in body

    petugas_client.post(reverse("absensi:map_pin"), {**data, "confirm": "on"})

    inmate.refresh_from_db()
    assert inmate.device_pin == "7777"
    old, new = inmate.history.all()[1], inmate.history.all()[0]
    assert (old.device_pin, new.device_pin) == ("1", "7777")
    assert new.history_change_reason.startswith("PIN mesin 1 -> 7777")


def test_an_inmate_no_longer_held_or_unknown_is_refused(device, petugas_client):
    gone = pf.inmate(status="BEBAS")

    for number in (gone.registration_number, "X 999/2026"):
        response = petugas_client.post(
            reverse("absensi:map_pin"), {"pin": "7777", "inmate": number}, follow=True
        )
        assert "tidak ditemukan" in response.content.decode()


def test_a_pin_held_by_another_inmate_is_refused_with_its_holder(device, petugas_client):
    pf.inmate(name="Pemilik", device_pin="7777")
    other = pf.inmate(name="Lain")

    response = petugas_client.post(
        reverse("absensi:map_pin"),
        {"pin": "7777", "inmate": other.registration_number},
        follow=True,
    )

    assert "PIN 7777 sudah dipakai oleh Pemilik" in response.content.decode()


def test_the_page_counts_pins_and_records(device, kepala_client):
    RawPunch.objects.create(device=device, device_user_id="7777", timestamp=AT.replace(hour=3))
    RawPunch.objects.create(device=device, device_user_id="8888", timestamp=AT)

    body = kepala_client.get(reverse("absensi:unknown_pins")).content.decode()

    assert "<strong>2 PIN</strong> tak dikenal dengan <strong>3 rekaman</strong>" in body


def test_quarantine_list(device, petugas_client):
    QuarantinedPunch.objects.create(
        device=device, device_user_id="2077", raw_time=123, reason=QuarantineReason.IMPOSSIBLE
    )

    body = petugas_client.get(reverse("absensi:quarantine"), {"mesin": device.pk}).content.decode()

    assert "2077" in body and "Tanggal tidak mungkin ada" in body and "(tidak terbaca)" in body
