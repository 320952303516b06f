"""`sync_fingerprint [--device NAME] [--json]`: a line or a JSON object per device, exit 0 iff
every device synced."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from absensi.models import RawPunch
from devtools.zk_emulator import Faults
from tests.absensi.conftest import device_now
from tests.absensi.factories import device_users, make_inmate, punches

PINS = ["1042", "2077", "3105"]
KEYS = {
    "device",
    "ok",
    "fetched",
    "inserted",
    "duplicates",
    "unmatched",
    "quarantined",
    "clock_offset_s",
    "error",
}


def _sync(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("sync_fingerprint", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def _log(n=6):
    return punches(PINS, device_now() - timedelta(days=1), n)


@pytest.mark.parametrize("udp", [False, True], ids=["tcp", "udp"])
def test_json_reports_the_counts_of_each_device(emulator, device_for, udp):
    make_inmate(pin="1042")
    dev = emulator(users=device_users(PINS), attendance=_log())
    device_for(dev, name="Aula", use_udp=udp)

    code, out = _sync("--json")
    again_code, again = _sync("--json")

    first = json.loads(out)
    assert code == 0 and set(first) >= KEYS
    assert first["device"] == "Aula" and first["ok"] is True and first["error"] is None
    assert (first["fetched"], first["inserted"], first["duplicates"]) == (6, 6, 0)
    assert first["unmatched"] == 4 and first["quarantined"] == 0
    assert abs(first["clock_offset_s"]) < 3
    second = json.loads(again)
    assert again_code == 0 and (second["inserted"], second["duplicates"]) == (0, 6)
    assert RawPunch.objects.count() == 6


def test_one_line_per_device_and_exit_1_when_one_fails(emulator, device_for):
    healthy = emulator(users=device_users(PINS), attendance=_log())
    broken = emulator(users=device_users(PINS), attendance=_log(), comm_key=99)
    device_for(healthy, name="Aula")
    device_for(broken, name="Bengkel")

    code, out = _sync()

    lines = out.strip().splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0].startswith("Aula: OK - diambil 6, baru 6, duplikat 0")
    assert lines[1].startswith("Bengkel: GAGAL - Kunci komunikasi")
    assert RawPunch.objects.count() == 6


def test_json_carries_the_error_of_a_failed_device(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log(), faults=Faults(silent=True))
    device_for(dev, name="Aula")

    code, out = _sync("--json")

    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert "tidak menjawab" in report["error"] and report["error_class"]


def test_device_option_syncs_only_that_device_even_if_inactive(emulator, device_for):
    a = emulator(users=device_users(PINS), attendance=_log())
    b = emulator(users=device_users(PINS), attendance=_log())
    device_for(a, name="Aula")
    device_for(b, name="Gudang", is_active=False)

    code, out = _sync("--device", "Gudang", "--json")

    assert code == 0 and json.loads(out)["device"] == "Gudang"
    assert set(RawPunch.objects.values_list("device__name", flat=True)) == {"Gudang"}


def test_inactive_devices_are_skipped_by_default(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log())
    device_for(dev, name="Gudang", is_active=False)

    code, out = _sync()

    assert code == 0 and "Tidak ada mesin aktif" in out


def test_an_unknown_device_name_is_an_error(db):
    with pytest.raises(CommandError, match="tidak terdaftar"):
        _sync("--device", "Tidak ada")


def test_clock_and_capacity_warnings_are_printed(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log(9), drift=600, record_capacity=10)
    device_for(dev, name="Aula")

    code, out = _sync()

    assert code == 0
    assert "jam mesin melenceng" in out and "log mesin hampir penuh" in out
