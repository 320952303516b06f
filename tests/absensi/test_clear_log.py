"""Clearing a device's log: admin-only, confirmed, only right after a verified sync; never
touches local data."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from absensi.models import LogClearance, RawPunch
from absensi.services import clear_device_log
from absensi.sync import sync_device
from devtools.zk_emulator import AttendanceRecord, Command, Faults
from tests.absensi.conftest import device_now
from tests.absensi.factories import device_users, punches

PINS = ["1042", "2077", "3105"]


@pytest.fixture
def synced(emulator, device_for):
    dev = emulator(
        users=device_users(PINS), attendance=punches(PINS, device_now() - timedelta(days=1), 7)
    )
    device = device_for(dev)
    run = sync_device(device=device)
    assert run.ok
    return dev, device


def test_clearing_right_after_a_verified_sync_empties_only_the_device(synced, admin_user):
    dev, device = synced

    clearance = clear_device_log(device=device, by=admin_user)

    assert clearance.record_count == 7 and clearance.cleared_by == admin_user
    assert dev.state.attendance == []
    assert RawPunch.objects.filter(device=device).count() == 7
    assert not dev.disabled and Command.CLEAR_ATTLOG in dev.commands


def test_a_punch_made_after_the_sync_refuses_the_clear(synced, admin_user):
    dev, device = synced
    dev.add_punches([AttendanceRecord("1042", device_now())])

    with pytest.raises(ValidationError, match="Sinkronkan lagi"):
        clear_device_log(device=device, by=admin_user)

    assert len(dev.state.attendance) == 8 and not dev.disabled
    assert Command.CLEAR_ATTLOG not in dev.commands
    assert not LogClearance.objects.exists()


def test_clearing_needs_a_sync_first(emulator, device_for, admin_user):
    dev = emulator(users=device_users(PINS), attendance=punches(PINS, device_now(), 2))
    device = device_for(dev)

    with pytest.raises(ValidationError, match="Sinkronkan dulu"):
        clear_device_log(device=device, by=admin_user)
    assert len(dev.state.attendance) == 2


def test_a_failed_last_sync_refuses_the_clear(synced, admin_user):
    dev, device = synced
    dev.faults.silent = True
    assert not sync_device(device=device).ok
    dev.faults.silent = False

    with pytest.raises(ValidationError, match="Sinkronkan dulu"):
        clear_device_log(device=device, by=admin_user)


def test_a_stale_sync_refuses_the_clear(synced, admin_user, settings):
    _dev, device = synced
    later = timezone.now() + timedelta(minutes=settings.FINGERPRINT_CLEAR_WITHIN_MINUTES + 1)

    with time_machine.travel(later), pytest.raises(ValidationError, match="lebih dari"):
        clear_device_log(device=device, by=admin_user)


def test_a_log_cannot_be_cleared_twice_on_one_sync(synced, admin_user):
    _dev, device = synced
    clear_device_log(device=device, by=admin_user)

    with pytest.raises(ValidationError, match="sudah dihapus"):
        clear_device_log(device=device, by=admin_user)


def test_an_unreachable_device_is_not_cleared(synced, admin_user):
    dev, device = synced
    dev.faults.ack_error_on = Command.CLEAR_ATTLOG

    with pytest.raises(ValidationError, match="Log mesin tidak dihapus"):
        clear_device_log(device=device, by=admin_user)
    assert not LogClearance.objects.exists() and not dev.disabled


def test_the_confirm_page_and_the_typed_name(synced, admin_client_):
    dev, device = synced

    page = admin_client_.get(reverse("absensi:device_clear_confirm", args=[device.pk]))
    wrong = admin_client_.post(
        reverse("absensi:device_clear_log", args=[device.pk]), {"konfirmasi": "salah"}
    )
    assert page.status_code == 200 and "Ketik nama mesin" in page.content.decode()
    assert wrong.status_code == 302 and len(dev.state.attendance) == 7

    right = admin_client_.post(
        reverse("absensi:device_clear_log", args=[device.pk]),
        {"konfirmasi": device.name},
        follow=True,
    )
    assert "Log mesin dihapus (7 catatan)" in right.content.decode()
    assert dev.state.attendance == []


def test_petugas_cannot_clear(synced, petugas_client):
    _dev, device = synced

    response = petugas_client.post(
        reverse("absensi:device_clear_log", args=[device.pk]), {"konfirmasi": device.name}
    )

    assert response.status_code == 403


def test_a_count_mismatch_sync_never_allows_a_clear(emulator, device_for, admin_user):
    dev = emulator(
        users=device_users(PINS),
        attendance=punches(PINS, device_now() - timedelta(days=1), 5),
        faults=Faults(count_mismatch=2),
    )
    device = device_for(dev)
    sync_device(device=device)

    with pytest.raises(ValidationError):
        clear_device_log(device=device, by=admin_user)
    assert len(dev.state.attendance) == 5
