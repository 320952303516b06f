"""`GET /healthz` for the proxy and the monitor (rutan/health.py)."""

from datetime import timedelta
from unittest import mock

from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from absensi.models import FingerprintDevice, SyncRun, SyncStatus, SyncTrigger


def _get(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


def test_healthy_instance_answers_200_with_every_check(db, client):
    status, body = _get(client)

    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {
        "database",
        "migrations",
        "task_queue",
        "fingerprint_sync",
        "disk",
    }
    assert all(check["ok"] for check in body["checks"].values())


def test_no_login_and_no_secrets_in_the_body(db, client, settings):
    settings.DATABASES["default"]["PASSWORD"] = "rahasia-sekali"
    response = client.get("/healthz")

    text = response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    for secret in (settings.SECRET_KEY, "rahasia-sekali", str(settings.BASE_DIR), "127.0.0.1"):
        assert secret not in text


def test_unreachable_database_gives_503_naming_the_failed_checks(db, client):
    with mock.patch("rutan.health.check_database", side_effect=OperationalError("host x")):
        status, body = _get(client)

    assert status == 503
    assert body["status"] == "gagal"
    assert body["checks"]["database"] == {
        "ok": False,
        "detail": "galat basis data (OperationalError)",
    }
    assert not body["checks"]["migrations"]["ok"]
    assert "host x" not in str(body)


def test_task_waiting_too_long_means_the_worker_is_down(db, client, settings):
    settings.HEALTH_QUEUE_MAX_AGE_MINUTES = 10
    task = DBTaskResult.objects.create(
        task_path="rutan.health.check_disk",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now() - timedelta(hours=1),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(hours=1))

    status, body = _get(client)

    assert status == 503
    assert body["checks"]["task_queue"]["ok"] is False
    assert "1 tugas" in body["checks"]["task_queue"]["detail"]


def test_active_device_without_a_recent_sync_fails_the_check(db, client, settings):
    settings.HEALTH_SYNC_MAX_AGE_MINUTES = 60
    device = FingerprintDevice.objects.create(name="Aula", ip_address="10.0.0.5")
    FingerprintDevice.objects.filter(pk=device.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    run = SyncRun.objects.create(
        device=device,
        trigger=SyncTrigger.values[0],
        status=SyncStatus.SUCCESS,
        finished_at=timezone.now() - timedelta(hours=3),
    )

    status, body = _get(client)
    assert status == 503
    assert body["checks"]["fingerprint_sync"]["detail"].startswith("1 dari 1 mesin aktif")
    assert "10.0.0.5" not in str(body)

    SyncRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    assert _get(client)[0] == 200


def test_low_disk_space_fails_the_check(db, client, settings):
    settings.HEALTH_MIN_FREE_MB = 10**9
    status, body = _get(client)
    assert status == 503
    assert body["checks"]["disk"]["ok"] is False


def test_favicon_is_served_not_a_404(db, client):
    response = client.get("/favicon.ico", follow=False)
    assert response.status_code == 301
    assert response["Location"].endswith(".ico")
