"""Device registry pages (admins manage), the "Sinkronkan sekarang" button and its progress."""

from datetime import timedelta

import pytest
from django.urls import reverse

from absensi.models import FingerprintDevice, SyncRun, SyncStatus, SyncTrigger
from absensi.sync import sync_device
from tests.absensi.conftest import device_now
from tests.absensi.factories import device_users, punches


@pytest.fixture
def device(db):
    return FingerprintDevice.objects.create(name="Aula", ip_address="10.0.0.5")


def test_admin_registers_a_device(admin_client_):
    response = admin_client_.post(
        reverse("absensi:device_create"),
        {
            "name": "Bengkel",
            "ip_address": "10.0.0.9",
            "port": 4370,
            "comm_key": 0,
            "time_zone": "Asia/Makassar",
            "is_active": "on",
        },
    )

    device = FingerprintDevice.objects.get(name="Bengkel")
    assert response.status_code == 302 and device.time_zone == "Asia/Makassar"


def test_an_invalid_ip_is_refused(admin_client_):
    response = admin_client_.post(
        reverse("absensi:device_create"),
        {
            "name": "Bengkel",
            "ip_address": "10.0.0.999",
            "port": 4370,
            "comm_key": 0,
            "time_zone": "Asia/Jakarta",
        },
    )

    assert response.status_code == 200 and not FingerprintDevice.objects.exists()
    assert "IPv4" in response.content.decode()


def test_admin_edits_a_device_with_history(device, admin_client_, admin_user):
    admin_client_.post(
        reverse("absensi:device_edit", args=[device.pk]),
        {
            "name": "Aula",
            "ip_address": "10.0.0.6",
            "port": 4371,
            "use_udp": "on",
            "comm_key": 7,
            "time_zone": "Asia/Jayapura",
        },
    )

    device.refresh_from_db()
    assert (device.ip_address, device.port, device.use_udp, device.is_active) == (
        "10.0.0.6",
        4371,
        True,
        False,
    )
    assert device.history.latest().history_user == admin_user


def test_petugas_may_not_register_devices(petugas_client):
    assert petugas_client.get(reverse("absensi:device_create")).status_code == 403


def test_the_button_queues_a_background_sync(
    device, petugas_client, petugas, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        response = petugas_client.post(reverse("absensi:device_sync", args=[device.pk]))

    run = SyncRun.objects.get()
    assert response.status_code == 302
    assert (
        run.status == SyncStatus.QUEUED
        and run.requested_by == petugas
        and run.trigger == SyncTrigger.BUTTON
    )
    assert [r.args for r in default_task_backend.results] == [[run.pk]]


def test_pressing_twice_does_not_queue_twice(device, petugas_client):
    petugas_client.post(reverse("absensi:device_sync", args=[device.pk]))
    petugas_client.post(reverse("absensi:device_sync", args=[device.pk]))

    assert SyncRun.objects.count() == 1


def test_htmx_button_returns_the_polling_status(device, petugas_client):
    response = petugas_client.post(
        reverse("absensi:device_sync", args=[device.pk]), headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    run = SyncRun.objects.get()
    assert 'hx-trigger="every 2s"' in body
    assert reverse("absensi:sync_run_status", args=[run.pk]) in body


def test_status_stops_polling_when_finished(emulator, device_for, petugas_client):
    dev = emulator(
        users=device_users(["1042"]),
        attendance=punches(["1042"], device_now() - timedelta(hours=2), 3),
    )
    run = sync_device(device=device_for(dev))

    body = petugas_client.get(reverse("absensi:sync_run_status", args=[run.pk])).content.decode()

    assert "hx-trigger" not in body and "Berhasil" in body and "Diambil 3" in body


def test_detail_shows_a_failed_sync_message(emulator, device_for, petugas_client):
    dev = emulator(comm_key=5)
    device = device_for(dev, comm_key=6)
    sync_device(device=device)

    body = petugas_client.get(reverse("absensi:device_detail", args=[device.pk])).content.decode()

    assert "Gagal" in body and "Kunci komunikasi (comm key) ditolak" in body


def test_an_inactive_device_cannot_be_synced_from_the_page(device, petugas_client):
    device.is_active = False
    device.save()

    response = petugas_client.post(reverse("absensi:device_sync", args=[device.pk]), follow=True)

    assert "tidak aktif" in response.content.decode() and not SyncRun.objects.exists()


def test_list_and_detail_pages(device, kepala_client):
    assert "Aula" in kepala_client.get(reverse("absensi:device_list")).content.decode()
    body = kepala_client.get(reverse("absensi:device_detail", args=[device.pk])).content.decode()
    assert "belum pernah disinkronkan" in body and "Sinkronkan sekarang" not in body


def test_unknown_device_is_404(db, petugas_client):
    assert petugas_client.get(reverse("absensi:device_detail", args=[99999])).status_code == 404
