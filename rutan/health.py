"""`GET /healthz`: is this instance able to serve? For nginx, the local monitor, a load balancer.

200 with {"status": "ok", "checks": {...}} when every check passes, 503 with the failing ones
marked otherwise. The checks: the database answers, no migration is pending, no queued task has
waited longer than HEALTH_QUEUE_MAX_AGE_MINUTES (the task worker is running), the disk holding
the uploaded files has HEALTH_MIN_FREE_MB free, and each app's own checks (an AppConfig's
`health_checks`: name -> dotted path of a function returning (ok, detail); absensi checks that
every active finger-scan device synced recently). No login, no rate limit; the body holds counts
and short Indonesian words only — no host names, addresses, paths or error messages.
"""

import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult, get_date_max

Check = tuple[bool, str]


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True, "menjawab"


def check_migrations() -> Check:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return False, f"{len(pending)} migrasi belum dijalankan"
    return True, "lengkap"


def check_task_queue() -> Check:
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return True, "antrean bukan di basis data"
    cutoff = timezone.now() - timedelta(minutes=settings.HEALTH_QUEUE_MAX_AGE_MINUTES)
    waiting = (
        DBTaskResult.objects.ready()
        .filter(enqueued_at__lt=cutoff)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lt=cutoff))
        .count()
    )
    if waiting:
        return False, (
            f"{waiting} tugas menunggu lebih dari {settings.HEALTH_QUEUE_MAX_AGE_MINUTES} menit "
            "(pekerja tugas tidak berjalan?)"
        )
    return True, "tidak ada tugas yang tertahan"


def check_disk() -> Check:
    path = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    while not path.exists() and path != path.parent:
        path = path.parent
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    if free_mb < settings.HEALTH_MIN_FREE_MB:
        return False, f"sisa {free_mb} MB, kurang dari {settings.HEALTH_MIN_FREE_MB} MB"
    return True, f"sisa {free_mb} MB"


def app_checks() -> dict[str, str]:
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        found.update(getattr(config, "health_checks", {}))
    return found


def run_checks() -> dict[str, Check]:
    results: dict[str, Check] = {}
    database_checks: dict[str, Callable[[], Check]] = {
        "database": check_database,
        "migrations": check_migrations,
        "task_queue": check_task_queue,
    }
    database_checks.update({name: import_string(path) for name, path in app_checks().items()})
    for name, check in database_checks.items():
        if results and not results.get("database", (True, ""))[0]:
            results[name] = (False, "tidak diperiksa: basis data tidak menjawab")
            continue
        try:
            results[name] = check()
        except DatabaseError as exc:
            results[name] = (False, f"galat basis data ({type(exc).__name__})")
    results["disk"] = check_disk()
    return results


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    healthy = all(ok for ok, _detail in results.values())
    body = {
        "status": "ok" if healthy else "gagal",
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in results.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)
