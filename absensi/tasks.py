"""Background tasks of the absensi app (django-tasks; the worker is `manage.py db_worker`)."""

from django_tasks import task

from absensi.models import SyncRun, SyncStatus
from absensi.sync import sync_device


@task()
def sync_device_task(run_id: int) -> str:
    """Run the queued sync `run_id` (made by the "Sinkronkan sekarang" button)."""
    run = SyncRun.objects.select_related("device").filter(pk=run_id).first()
    if run is None or run.status != SyncStatus.QUEUED:
        return SyncStatus.SKIPPED
    finished = sync_device(device=run.device, trigger=run.trigger, by=run.requested_by, run=run)
    return finished.status
