"""Fixtures of the absensi tests: emulated ZKTeco terminals on loopback, and devices.

Only the device is emulated (`devtools.zk_emulator`); pyzk runs for real against it.
"""

import contextlib
from collections.abc import Callable, Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from absensi.models import FingerprintDevice
from devtools.zk_emulator import DeviceState, Faults, ZKEmulator


@pytest.fixture(autouse=True)
def _fast_device_settings(settings):
    """Short timeouts so that faults end quickly (timeout=2); no waiting between retries."""
    settings.FINGERPRINT_TIMEOUT_SECONDS = 2
    settings.FINGERPRINT_ATTEMPT_DEADLINE_SECONDS = 20
    settings.FINGERPRINT_RETRIES = 0
    settings.FINGERPRINT_RETRY_BACKOFF_SECONDS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def wall_clock_offset(zone: str = "Asia/Jakarta", drift: float = 0) -> float:
    """Emulator `clock_offset` making its clock show `zone`'s wall time (plus `drift` s).

    The emulator's clock is the host's local time plus an offset; the host may run on UTC.
    """
    zoned = datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
    return (zoned - datetime.now()).total_seconds() + drift


def device_now(zone: str = "Asia/Jakarta") -> datetime:
    """Naive wall time in `zone`, whole seconds: what a correct device clock shows."""
    return datetime.now(ZoneInfo(zone)).replace(tzinfo=None, microsecond=0)


@pytest.fixture
def emulator() -> Iterator[Callable[..., ZKEmulator]]:
    """emulator(faults=None, udp=True, zone="Asia/Jakarta", drift=0, **DeviceState fields).

    A running emulated terminal whose clock shows `zone`'s wall time plus `drift` seconds
    (unless `clock_offset` or `fixed_time` is given).
    """
    with contextlib.ExitStack() as stack:

        def start(
            *,
            faults: Faults | None = None,
            udp: bool = True,
            zone: str = "Asia/Jakarta",
            drift: float = 0,
            **state,
        ) -> ZKEmulator:
            for key in ("users", "attendance"):
                if key in state:
                    state[key] = list(state[key])
            if "clock_offset" not in state and "fixed_time" not in state:
                state["clock_offset"] = wall_clock_offset(zone, drift)
            return stack.enter_context(ZKEmulator(DeviceState(**state), faults, udp=udp))

        yield start


@pytest.fixture
def device_for(db) -> Callable[..., FingerprintDevice]:
    """device_for(emulator, **fields) -> a registered FingerprintDevice pointing at it."""
    counter = iter(range(1, 10_000))

    def make(emulator: ZKEmulator, **fields) -> FingerprintDevice:
        values = {
            "name": f"Mesin uji {next(counter)}",
            "ip_address": "127.0.0.1",
            "port": emulator.port,
        }
        values.update(fields)
        return FingerprintDevice.objects.create(**values)

    return make
