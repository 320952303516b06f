"""Test helpers around :mod:`devtools.zk_emulator`: an emulated ZKTeco terminal on loopback.

Plain context manager (usable anywhere)::

    from tests.absensi.zk_fixtures import zk_client, zk_device

    with zk_device(users=SAMPLE_USERS, attendance=sample_punches(), clock_offset=-420) as dev:
        conn = zk_client(dev).connect()          # pyzk ZK, ommit_ping=True, timeout=2
        ...
    assert dev.commands[-2:] == [Command.ENABLEDEVICE, Command.EXIT]

``zk_device(faults=Faults(...), udp=True, **state_kwargs)``: ``state_kwargs`` go to
:class:`devtools.zk_emulator.DeviceState` (``users``, ``attendance``, ``clock_offset``,
``fixed_time``, ``user_size``, ``att_size``, ``reply_mode``, ``comm_key``, capacities, ...).

Pytest fixtures (import them into a conftest, or list this module in ``pytest_plugins``):
``zk_device_factory`` — call it like ``zk_device``; every device is stopped at teardown;
``zk_client_factory`` — call it like ``zk_client``; every client socket is closed at teardown.

Sample data keeps ``uid`` (device slot) different from ``user_id`` (the PIN a sync must key
on), so code that confuses the two fails.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest
from zk import ZK

from devtools.zk_emulator import (
    LOOPBACK,
    AttendanceRecord,
    DeviceState,
    DeviceUser,
    Faults,
    ZKEmulator,
)

__all__ = [
    "SAMPLE_USERS",
    "close_client",
    "sample_punches",
    "zk_client",
    "zk_client_factory",
    "zk_device",
    "zk_device_factory",
]

#: Three enrolled users; ``uid`` (slot) never equals ``user_id`` (PIN).
SAMPLE_USERS: tuple[DeviceUser, ...] = (
    DeviceUser(uid=1, user_id="1042", name="Agus Santoso", privilege=14),
    DeviceUser(uid=2, user_id="2077", name="Budi Hidayat"),
    DeviceUser(uid=3, user_id="3105", name="Wayan Sudarma"),
)


def sample_punches(
    start: datetime = datetime(2026, 3, 2, 8, 0, 0),
    users: Sequence[DeviceUser] = SAMPLE_USERS,
) -> list[AttendanceRecord]:
    """One check-in (08:00 + i minutes) and one check-out (11:30 + i minutes) per user."""
    records = [
        AttendanceRecord(u.user_id, start + timedelta(minutes=i), status=1, punch=0)
        for i, u in enumerate(users)
    ]
    records += [
        AttendanceRecord(u.user_id, start + timedelta(hours=3, minutes=30 + i), status=1, punch=1)
        for i, u in enumerate(users)
    ]
    return records


@contextlib.contextmanager
def zk_device(
    *, faults: Faults | None = None, udp: bool = True, **state_kwargs: Any
) -> Iterator[ZKEmulator]:
    """Run an emulated terminal on 127.0.0.1 (free port, TCP and UDP) for the ``with`` block.

    ``users``/``attendance`` may be any sequence; they are copied into lists.
    """
    for key in ("users", "attendance"):
        if key in state_kwargs:
            state_kwargs[key] = list(state_kwargs[key])
    with ZKEmulator(DeviceState(**state_kwargs), faults, udp=udp) as device:
        yield device


def zk_client(
    device: ZKEmulator, *, force_udp: bool = False, password: int = 0, timeout: float = 2
) -> ZK:
    """A pyzk client for ``device`` (always ``ommit_ping=True``; not yet connected)."""
    return ZK(
        LOOPBACK,
        port=device.port,
        timeout=timeout,
        password=password,
        force_udp=force_udp,
        ommit_ping=True,
    )


def close_client(client: ZK) -> None:
    """Close a pyzk client's socket without talking to the device (safe after any error)."""
    with contextlib.suppress(Exception):
        client._ZK__sock.close()  # pyzk keeps its socket in a name-mangled attribute


@pytest.fixture
def zk_device_factory() -> Iterator[Callable[..., ZKEmulator]]:
    """``zk_device_factory(faults=..., udp=..., **state_kwargs)`` → a running emulator."""
    with contextlib.ExitStack() as stack:

        def factory(**kwargs: Any) -> ZKEmulator:
            return stack.enter_context(zk_device(**kwargs))

        yield factory


@pytest.fixture
def zk_client_factory() -> Iterator[Callable[..., ZK]]:
    """``zk_client_factory(device, force_udp=..., password=..., timeout=...)`` → pyzk ``ZK``."""
    clients: list[ZK] = []

    def factory(device: ZKEmulator, **kwargs: Any) -> ZK:
        client = zk_client(device, **kwargs)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        close_client(client)
