"""Two syncs of one device at the same time: the lease lets one through, nothing doubles.

Real threads, real commits (`transactional_db`); runs on SQLite and PostgreSQL.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from absensi.models import DeviceLease, RawPunch, SyncRun, SyncStatus
from absensi.sync import acquire_lease, release_lease, sync_device
from devtools.zk_emulator import Faults
from tests.absensi.conftest import device_now
from tests.absensi.factories import device_users, punches

PINS = [str(7000 + i) for i in range(20)]

pytestmark = pytest.mark.django_db(transaction=True)


def _run_together(n: int, target) -> list:
    barrier = threading.Barrier(n)
    results: list = [None] * n
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = target(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_concurrent_syncs_of_one_device_store_each_punch_once(emulator, device_for):
    log = punches(PINS, device_now() - timedelta(days=3), 2_000)
    # A slow device keeps the first sync busy while the second one starts.
    dev = emulator(users=device_users(PINS), attendance=log, faults=Faults(reply_delay=0.05))
    device = device_for(dev)

    runs = _run_together(2, lambda _i: sync_device(device=device).pk)

    statuses = sorted(SyncRun.objects.filter(pk__in=runs).values_list("status", flat=True))
    assert statuses == sorted([SyncStatus.SUCCESS, SyncStatus.SKIPPED])
    skipped = SyncRun.objects.get(pk__in=runs, status=SyncStatus.SKIPPED)
    assert "sedang disinkronkan oleh proses lain" in skipped.message
    assert RawPunch.objects.filter(device=device).count() == 2_000
    assert not dev.disabled
    assert DeviceLease.objects.get(device=device).holder == ""


def test_repeated_concurrent_runs_never_double_a_punch(emulator, device_for):
    log = punches(PINS, device_now() - timedelta(days=3), 500)
    dev = emulator(users=device_users(PINS), attendance=log)
    device = device_for(dev)

    for round_ in range(3):
        dev.add_punches(punches(PINS, device_now() - timedelta(hours=5 - round_), 10, step_s=7))
        _run_together(3, lambda _i: sync_device(device=device).pk)

    assert RawPunch.objects.filter(device=device).count() == 530
    last = sync_device(device=device)
    assert (last.fetched, last.inserted, last.duplicates) == (530, 0, 530)


def test_only_one_of_many_contenders_gets_the_lease(device_for, emulator):
    device = device_for(emulator())

    got = _run_together(4, lambda i: acquire_lease(device, f"token-{i}"))

    assert sorted(got) == [False, False, False, True]


def test_an_expired_lease_is_taken_over(device_for, emulator):
    device = device_for(emulator())
    assert acquire_lease(device, "crashed-worker")
    DeviceLease.objects.filter(device=device).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert acquire_lease(device, "next-run")
    release_lease(device, "crashed-worker")  # the old holder can no longer release it
    assert DeviceLease.objects.get(device=device).holder == "next-run"
