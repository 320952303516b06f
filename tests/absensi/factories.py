"""Small builders for the absensi tests (plain functions, no factory library)."""

from datetime import datetime, timedelta
from itertools import count

from devtools.zk_emulator import AttendanceRecord, DeviceUser
from pembinaan.models import Inmate, LegalStatus

_numbers = count(1)


def make_inmate(name: str = "", *, pin: str | None = None, **fields) -> Inmate:
    n = next(_numbers)
    values = {
        "registration_number": f"A.I {n}/2026",
        "name": name or f"WBP Uji {n}",
        "legal_status": LegalStatus.TAHANAN,
        "device_pin": pin,
    }
    values.update(fields)
    return Inmate.objects.create(**values)


def device_users(pins: list[str]) -> list[DeviceUser]:
    """Users enrolled on a device; the slot uid never equals the PIN."""
    return [DeviceUser(uid=500 + i, user_id=pin, name=f"User {pin}") for i, pin in enumerate(pins)]


def punches(pins: list[str], start: datetime, n: int, step_s: int = 61) -> list[AttendanceRecord]:
    """n punches cycling through pins, one every step_s seconds from start (device time)."""
    return [
        AttendanceRecord(pins[i % len(pins)], start + timedelta(seconds=i * step_s))
        for i in range(n)
    ]
