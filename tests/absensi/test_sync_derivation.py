"""The sync derives attendance after its punches are committed, in bounded transactions; a
failed derivation loses no punch and the next sync derives them again."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from absensi import derivation
from absensi import sync as sync_module
from absensi.models import Attendance, RawPunch, SyncStatus
from absensi.summary import differences
from absensi.sync import sync_device
from devtools.zk_emulator import AttendanceRecord
from tests.absensi.factories import device_users
from tests.pembinaan import planning_factories as pf

DAY = date(2026, 3, 2)
START = timezone.make_aware(datetime.combine(DAY, time(9, 0)))
LOCAL = timezone.localtime(START).replace(tzinfo=None)


@pytest.fixture
def session(db):
    s = pf.session(day=DAY, at=time(9, 0))
    for pin in ("1042", "2077"):
        pf.allocation(program_=s.program, inmate_=pf.inmate(device_pin=pin))
    return s


@pytest.fixture
def dev(emulator):
    return emulator(
        users=device_users(["1042", "2077"]),
        attendance=[
            AttendanceRecord("1042", LOCAL - timedelta(minutes=5)),
            AttendanceRecord("2077", LOCAL + timedelta(minutes=3)),
        ],
    )


def test_derivation_runs_after_the_ingest_transaction(session, dev, device_for, monkeypatch):
    depth: dict[str, int] = {}
    real_store, real_batch = sync_module._store_enrollments, derivation._derive_batch

    def store(*args):
        depth["ingest"] = len(connection.atomic_blocks)
        return real_store(*args)

    def batch(ids):
        depth.setdefault("derive_call", len(connection.atomic_blocks))
        return real_batch(ids)

    monkeypatch.setattr(sync_module, "_store_enrollments", store)
    monkeypatch.setattr(derivation, "_derive_batch", batch)

    run = sync_device(device=device_for(dev))

    assert run.ok and run.attendance_created == 2
    # Outside the ingest's atomic block (the test's own transaction stays around both).
    assert depth["derive_call"] == depth["ingest"] - 1


def test_a_failed_derivation_keeps_the_punches_and_the_next_sync_derives_them(
    session, dev, device_for, monkeypatch
):
    def explode(_ids):
        raise RuntimeError("deadlock")

    monkeypatch.setattr(derivation, "_derive_batch", explode)
    device = device_for(dev)

    run = sync_device(device=device)

    assert run.status == SyncStatus.FAILED and run.error_class == "DerivationFailed"
    assert "Data tersimpan (2 rekaman baru)" in run.message and "RuntimeError" in run.message
    assert RawPunch.objects.filter(device=device).count() == 2 and run.inserted == 2
    assert not Attendance.objects.exists()

    monkeypatch.undo()
    again = sync_device(device=device)

    assert again.ok and again.inserted == 0 and again.attendance_created == 2
    assert Attendance.objects.filter(session=session).count() == 2
    assert differences() == []
    # Once a sync succeeded, the failed run's punches are not derived again.
    assert sync_device(device=device).attendance_created == 0


def test_derivation_locks_sessions_in_batches(session, emulator, device_for, monkeypatch):
    monkeypatch.setattr(derivation, "SESSIONS_PER_TRANSACTION", 1)
    later = [pf.session(day=DAY, at=time(9 + 2 * d, 0), plan_=session.plan) for d in (1, 2)]
    log = [AttendanceRecord("1042", LOCAL + timedelta(hours=2 * d, minutes=1)) for d in range(3)]
    batches: list[list[int]] = []
    real_batch = derivation._derive_batch

    def batch(ids):
        batches.append(ids)
        return real_batch(ids)

    monkeypatch.setattr(derivation, "_derive_batch", batch)
    dev = emulator(users=device_users(["1042"]), attendance=log)

    run = sync_device(device=device_for(dev))

    assert run.ok and run.attendance_created == 3
    assert batches == [[session.pk], *([s.pk] for s in later)]
