"""The dashboard panel: each device's last sync, result, clock and capacity warnings."""

from datetime import UTC, datetime

from django.test import RequestFactory
from django.urls import reverse

from absensi.models import FingerprintDevice, RawPunch, SyncRun, SyncStatus, SyncTrigger
from absensi.views import devices_panel


def _run(device, **fields):
    return SyncRun.objects.create(device=device, trigger=SyncTrigger.COMMAND, **fields)


def test_panel_shows_result_and_warnings(db, petugas_client):
    ok = FingerprintDevice.objects.create(name="Aula", ip_address="10.0.0.5")
    drifted = FingerprintDevice.objects.create(name="Bengkel", ip_address="10.0.0.6")
    broken = FingerprintDevice.objects.create(name="Gudang", ip_address="10.0.0.7")
    _run(ok, status=SyncStatus.SUCCESS, clock_offset_s=119, record_count=79, record_capacity=100)
    _run(
        drifted,
        status=SyncStatus.SUCCESS,
        clock_offset_s=-121,
        record_count=80,
        record_capacity=100,
    )
    _run(broken, status=SyncStatus.FAILED, message="Mesin tidak dapat dihubungi.")

    body = petugas_client.get(reverse("dashboard")).content.decode()

    assert "Mesin sidik jari" in body
    assert body.count('data-warning="clock"') == 1 and body.count('data-warning="capacity"') == 1
    assert "Jam mesin selisih -121 dtk" in body and "Log 80% penuh" in body
    assert "Mesin tidak dapat dihubungi." in body and "Gagal" in body


def test_panel_uses_the_last_finished_run(db, petugas):
    device = FingerprintDevice.objects.create(name="Aula", ip_address="10.0.0.5")
    _run(device, status=SyncStatus.FAILED, message="lama")
    _run(device, status=SyncStatus.SUCCESS, clock_offset_s=0)
    _run(device, status=SyncStatus.QUEUED)
    request = RequestFactory().get("/")
    request.user = petugas

    html = devices_panel(request)

    assert "Berhasil" in html and "lama" not in html


def test_panel_is_hidden_from_roles_without_access(db, ulp):
    request = RequestFactory().get("/")
    request.user = ulp

    assert devices_panel(request) is None


def test_panel_query_count_does_not_grow_with_devices(db, petugas, django_assert_max_num_queries):
    request = RequestFactory().get("/")
    request.user = petugas
    for i in range(8):
        device = FingerprintDevice.objects.create(name=f"M{i}", ip_address=f"10.0.0.{i + 1}")
        _run(device, status=SyncStatus.SUCCESS, clock_offset_s=i * 60.0)
        _run(device, status=SyncStatus.FAILED)

    with django_assert_max_num_queries(8):
        devices_panel(request)


def test_panel_counts_unknown_pins_and_their_records(db, petugas_client):
    device = FingerprintDevice.objects.create(name="Aula", ip_address="10.0.0.5")
    for pin, hour in (("7777", 1), ("7777", 2), ("8888", 1)):
        RawPunch.objects.create(
            device=device, device_user_id=pin, timestamp=datetime(2026, 3, 2, hour, tzinfo=UTC)
        )

    body = petugas_client.get(reverse("dashboard")).content.decode()

    assert "2 PIN mesin belum dipetakan ke WBP (3 rekaman)" in body
