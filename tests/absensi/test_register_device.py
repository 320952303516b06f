"""`register_device NAME --ip IP [--port N] [--udp] [--comm-key N] [--tz ZONE]`."""

import pytest
from django.core.management import CommandError, call_command

from absensi.models import DeviceTimeZone, FingerprintDevice


def _register(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("register_device", *args, stdout=out)
    return out.getvalue()


def test_register_creates_a_device_with_defaults(db):
    out = _register("Aula", "--ip", "192.168.1.201")

    device = FingerprintDevice.objects.get(name="Aula")
    assert (device.ip_address, device.port, device.use_udp, device.comm_key) == (
        "192.168.1.201",
        4370,
        False,
        0,
    )
    assert device.time_zone == DeviceTimeZone.WIB and device.is_active
    assert "didaftarkan" in out


def test_register_again_updates_the_same_device(db):
    _register("Aula", "--ip", "192.168.1.201")

    out = _register("Aula", "--ip", "10.0.0.5", "--port", "5005", "--udp", "--comm-key", "123456")

    device = FingerprintDevice.objects.get()
    assert (device.ip_address, device.port, device.use_udp, device.comm_key) == (
        "10.0.0.5",
        5005,
        True,
        123456,
    )
    assert "diperbarui" in out
    assert device.history.count() == 2


@pytest.mark.parametrize(
    ("given", "zone"),
    [
        ("WIB", "Asia/Jakarta"),
        ("wita", "Asia/Makassar"),
        ("WIT", "Asia/Jayapura"),
        ("Asia/Makassar", "Asia/Makassar"),
    ],
)
def test_time_zones_by_short_or_full_name(db, given, zone):
    _register("Aula", "--ip", "10.0.0.5", "--tz", given)

    assert FingerprintDevice.objects.get().time_zone == zone


def test_updating_without_tz_keeps_the_zone(db):
    _register("Aula", "--ip", "10.0.0.5", "--tz", "WIT")
    _register("Aula", "--ip", "10.0.0.6")

    assert FingerprintDevice.objects.get().time_zone == DeviceTimeZone.WIT


@pytest.mark.parametrize(
    "args",
    [
        ["--ip", "192.168.1.300"],
        ["--ip", "not-an-ip; rm -rf /"],
        ["--ip", "::1"],
        ["--ip", "10.0.0.5", "--port", "70000"],
        ["--ip", "10.0.0.5", "--comm-key", "1000000"],
    ],
)
def test_invalid_values_are_refused(db, args):
    with pytest.raises(CommandError, match="Mesin tidak disimpan"):
        _register("Aula", *args)
    assert not FingerprintDevice.objects.exists()


def test_an_unknown_time_zone_is_refused(db):
    with pytest.raises(CommandError, match="Zona waktu"):
        _register("Aula", "--ip", "10.0.0.5", "--tz", "Europe/Paris")
