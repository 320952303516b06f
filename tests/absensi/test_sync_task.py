"""The background task behind "Sinkronkan sekarang" runs the queued run to its end."""

from datetime import timedelta

from absensi.models import SyncRun, SyncStatus, SyncTrigger
from absensi.services import request_sync
from absensi.tasks import sync_device_task
from tests.absensi.conftest import device_now
from tests.absensi.factories import device_users, punches


def test_the_task_runs_the_queued_run(emulator, device_for, petugas):
    dev = emulator(
        users=device_users(["1042"]),
        attendance=punches(["1042"], device_now() - timedelta(hours=3), 4),
    )
    run = request_sync(device=device_for(dev), by=petugas)

    result = sync_device_task.call(run.pk)

    run.refresh_from_db()
    assert result == SyncStatus.SUCCESS
    assert run.status == SyncStatus.SUCCESS and run.inserted == 4 and run.requested_by == petugas


def test_a_run_that_is_no_longer_queued_is_not_run_again(emulator, device_for):
    device = device_for(emulator())
    run = SyncRun.objects.create(
        device=device, trigger=SyncTrigger.BUTTON, status=SyncStatus.FAILED
    )

    assert sync_device_task.call(run.pk) == SyncStatus.SKIPPED
    assert sync_device_task.call(987654) == SyncStatus.SKIPPED


def test_the_task_is_enqueued_after_commit_with_the_immediate_backend(
    emulator, device_for, petugas, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    dev = emulator(
        users=device_users(["1042"]),
        attendance=punches(["1042"], device_now() - timedelta(hours=3), 2),
    )
    device = device_for(dev)

    with django_capture_on_commit_callbacks(execute=True):
        run = request_sync(device=device, by=petugas)

    run.refresh_from_db()
    assert run.status == SyncStatus.SUCCESS and run.inserted == 2
