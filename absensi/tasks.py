"""Background tasks of the absensi app (django-tasks; the worker is `manage.py db_worker`)."""

from django_tasks import task

from absensi.models import SyncStatus
from absensi.sync import claim_queued_run, sync_device


@task()
def sync_device_task(run_id: int) -> str:
    """Run the queued sync `run_id` (made by the "Sinkronkan sekarang" button), unless the
    scheduled sync (or a stale-run clean-up) took it first."""
    run = claim_queued_run(run_id)
    if run is None:
        return SyncStatus.SKIPPED
    finished = sync_device(device=run.device, trigger=run.trigger, by=run.requested_by, run=run)
    return finished.status
