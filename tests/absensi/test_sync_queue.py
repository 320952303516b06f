"""A sync queued while the worker is down: staff get a plain message, admins an alert, the next
press or the scheduled sync moves on; the device page reloads itself when a run ends; old
success messages are rewritten with their counts."""

from datetime import timedelta
from importlib import import_module
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from absensi.models import DeviceLease, FingerprintDevice, SyncRun, SyncStatus, SyncTrigger
from absensi.services import request_sync
from absensi.sync import sync_device
from absensi.tasks import sync_device_task
from tests.absensi.conftest import device_now
from tests.absensi.factories import device_users, punches


@pytest.fixture
def device(db):
    return FingerprintDevice.objects.create(name="Aula", ip_address="10.0.0.5")


def _age(run: SyncRun, minutes: int) -> SyncRun:
    SyncRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    run.refresh_from_db()
    return run


def test_a_fresh_queued_run_is_returned_again(device, petugas):
    first = request_sync(device=device, by=petugas)
    assert request_sync(device=device, by=petugas) == first


def test_a_stale_queued_run_is_failed_with_its_reason_and_a_new_one_queued(device, petugas):
    stale = _age(request_sync(device=device, by=petugas), minutes=6)

    new = request_sync(device=device, by=petugas)

    stale.refresh_from_db()
    assert new != stale and new.status == SyncStatus.QUEUED
    assert stale.status == SyncStatus.FAILED and stale.error_class == "QueueStale"
    assert "menunggu di antrean lebih dari 5 menit" in stale.message
    assert stale.finished_at is not None


def test_a_running_run_without_a_live_lease_is_ended(device, petugas):
    dead = SyncRun.objects.create(
        device=device, trigger=SyncTrigger.BUTTON, status=SyncStatus.RUNNING
    )

    new = request_sync(device=device, by=petugas)

    dead.refresh_from_db()
    assert dead.status == SyncStatus.FAILED and dead.error_class == "Abandoned"
    assert new.status == SyncStatus.QUEUED


def test_a_run_claimed_a_moment_ago_is_not_taken_for_dead(device, petugas):
    claimed = SyncRun.objects.create(
        device=device,
        trigger=SyncTrigger.BUTTON,
        status=SyncStatus.RUNNING,
        started_at=timezone.now(),
    )
    assert request_sync(device=device, by=petugas) == claimed


def test_a_running_run_holding_the_lease_is_returned(device, petugas):
    running = SyncRun.objects.create(
        device=device, trigger=SyncTrigger.BUTTON, status=SyncStatus.RUNNING
    )
    DeviceLease.objects.create(
        device=device, holder="x", expires_at=timezone.now() + timedelta(minutes=5)
    )
    assert request_sync(device=device, by=petugas) == running


def test_the_scheduled_sync_picks_up_a_queued_run(emulator, device_for, petugas):
    dev = emulator(
        users=device_users(["1042"]),
        attendance=punches(["1042"], device_now() - timedelta(hours=2), 4),
    )
    queued = _age(request_sync(device=device_for(dev), by=petugas), minutes=30)

    call_command("sync_fingerprint", stdout=StringIO())

    queued.refresh_from_db()
    assert SyncRun.objects.count() == 1  # no second run: the queued one ran
    assert queued.status == SyncStatus.SUCCESS and queued.inserted == 4
    assert queued.trigger == SyncTrigger.BUTTON and queued.requested_by == petugas
    # The worker, back up later, does not run it again.
    assert sync_device_task.call(queued.pk) == SyncStatus.SKIPPED


def test_staff_see_a_plain_message_not_the_worker_command(device, petugas, petugas_client):
    run = request_sync(device=device, by=petugas)
    url = reverse("absensi:sync_run_status", args=[run.pk])
    fresh = petugas_client.get(url).content.decode()
    assert "Menunggu giliran diproses" in fresh and "db_worker" not in fresh

    _age(run, minutes=6)
    stalled = petugas_client.get(url).content.decode()
    assert 'data-queue="stalled"' in stalled
    assert "layanan latar belakang sistem sedang tidak berjalan" in stalled
    assert "db_worker" not in stalled


def test_admins_are_alerted_on_the_dashboard_when_runs_wait(
    device, petugas, admin_client_, petugas_client
):
    run = request_sync(device=device, by=petugas)
    assert 'data-panel="sync-queue-stalled"' not in admin_client_.get("/dasbor/").content.decode()

    _age(run, minutes=6)
    page = admin_client_.get("/dasbor/").content.decode()
    assert 'data-panel="sync-queue-stalled"' in page and "Aula" in page
    assert 'data-panel="sync-queue-stalled"' not in petugas_client.get("/dasbor/").content.decode()


def test_the_device_page_reloads_once_the_run_has_ended(emulator, device_for, petugas_client):
    dev = emulator(
        users=device_users(["1042"]),
        attendance=punches(["1042"], device_now() - timedelta(hours=2), 3),
    )
    device = device_for(dev)
    queued = SyncRun.objects.create(device=device, trigger=SyncTrigger.BUTTON)
    url = reverse("absensi:sync_run_status", args=[queued.pk]) + "?muat_ulang=1"
    htmx = {"HX-Request": "true"}

    waiting = petugas_client.get(url, headers=htmx)
    assert "HX-Refresh" not in waiting and "?muat_ulang=1" in waiting.content.decode()

    sync_device(device=device, run=queued)
    ended = petugas_client.get(url, headers=htmx)
    assert ended["HX-Refresh"] == "true"
    assert "Berhasil: 3 catatan diambil, 3 baru, 0 duplikat" in ended.content.decode()


def test_migration_rewrites_old_success_messages_from_their_counts(device):
    wrong = SyncRun.objects.create(
        device=device,
        trigger=SyncTrigger.COMMAND,
        status=SyncStatus.SUCCESS,
        fetched=500,
        inserted=500,
        message="Berhasil: 0 catatan diambil, 0 baru, 0 duplikat.",
    )
    empty = SyncRun.objects.create(
        device=device,
        trigger=SyncTrigger.COMMAND,
        status=SyncStatus.SUCCESS,
        message="Berhasil: 0 catatan diambil, 0 baru, 0 duplikat.",
    )
    migration = import_module("absensi.migrations.0003_sync_messages_with_their_counts")

    migration.rewrite(apps, None)

    wrong.refresh_from_db()
    empty.refresh_from_db()
    assert wrong.message == "Berhasil: 500 catatan diambil, 500 baru, 0 duplikat."
    assert empty.message == "Berhasil: 0 catatan diambil, 0 baru, 0 duplikat."
