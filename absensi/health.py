"""The finger-scan part of /healthz (rutan/health.py; named in AbsensiConfig.health_checks)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from absensi.models import FingerprintDevice, SyncStatus


def recent_syncs() -> tuple[bool, str]:
    """Every active device registered before the window has a successful sync inside it."""
    minutes = settings.HEALTH_SYNC_MAX_AGE_MINUTES
    cutoff = timezone.now() - timedelta(minutes=minutes)
    devices = (
        FingerprintDevice.objects.active()
        .filter(created_at__lt=cutoff)
        .annotate(
            last_success=Max(
                "sync_runs__finished_at", filter=Q(sync_runs__status=SyncStatus.SUCCESS)
            )
        )
    )
    late = sum(1 for d in devices if d.last_success is None or d.last_success < cutoff)
    total = len(devices)
    if late:
        return False, f"{late} dari {total} mesin aktif tidak tersinkron dalam {minutes} menit"
    return True, f"{total} mesin aktif tersinkron dalam {minutes} menit"
