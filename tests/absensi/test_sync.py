"""Syncing an emulated terminal (pyzk for real): every punch stored exactly once."""

import struct
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from absensi.models import (
    DeviceEnrollment,
    DeviceTimeZone,
    QuarantinedPunch,
    QuarantineReason,
    RawPunch,
    SyncRun,
    SyncStatus,
    SyncTrigger,
)
from absensi.sync import sync_device
from devtools.zk_emulator import AttendanceRecord, Command, Faults
from tests.absensi.conftest import device_now
from tests.absensi.factories import device_users, make_inmate, punches

PINS = ["1042", "2077", "3105"]


def _log(n: int = 6, *, start: datetime | None = None):
    start = start or device_now() - timedelta(days=2)
    return punches(PINS, start, n)


@pytest.mark.parametrize("udp", [False, True], ids=["tcp", "udp"])
@pytest.mark.parametrize("reply_mode", ["buffered", "direct"])
def test_first_sync_stores_every_punch_once(emulator, device_for, udp, reply_mode):
    dev = emulator(users=device_users(PINS), attendance=_log(6), reply_mode=reply_mode)
    device = device_for(dev, use_udp=udp)

    run = sync_device(device=device)

    assert run.status == SyncStatus.SUCCESS, run.message
    assert (run.fetched, run.inserted, run.duplicates, run.quarantined) == (6, 6, 0, 0)
    assert run.record_count == 6 and run.record_capacity == 100_000 and run.user_count == 3
    assert RawPunch.objects.filter(device=device).count() == 6
    assert set(RawPunch.objects.values_list("device_user_id", flat=True)) == set(PINS)
    assert not dev.disabled
    assert dev.commands[-2:] == [Command.ENABLEDEVICE, Command.EXIT]
    assert run.started_at <= run.finished_at


def test_the_stored_message_reports_the_sync_counts(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log(6))
    device = device_for(dev)

    sync_device(device=device)
    first = SyncRun.objects.get(device=device)  # as the device page reads it
    sync_device(device=device)
    second = SyncRun.objects.filter(device=device).latest("pk")

    assert first.message.startswith("Berhasil: 6 catatan diambil, 6 baru, 0 duplikat")
    assert second.message.startswith("Berhasil: 6 catatan diambil, 0 baru, 6 duplikat")


def test_resync_changes_nothing_and_counts_duplicates(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log(9))
    device = device_for(dev)
    sync_device(device=device)

    again = sync_device(device=device)

    assert again.status == SyncStatus.SUCCESS
    assert (again.fetched, again.inserted, again.duplicates) == (9, 0, 9)
    assert RawPunch.objects.count() == 9


def test_new_punches_between_syncs_are_added_once(emulator, device_for):
    log = _log(5)
    dev = emulator(users=device_users(PINS), attendance=log)
    device = device_for(dev)
    sync_device(device=device)
    later = log[-1].timestamp + timedelta(minutes=5)
    dev.add_punches([AttendanceRecord("2077", later), AttendanceRecord("3105", later)])

    run = sync_device(device=device)

    assert (run.fetched, run.inserted, run.duplicates) == (7, 2, 5)
    assert RawPunch.objects.count() == 7


@pytest.mark.parametrize("att_size", [40, 16, 8])
def test_every_record_layout_is_read(emulator, device_for, att_size):
    dev = emulator(users=device_users(PINS), attendance=_log(6), att_size=att_size)
    device = device_for(dev)

    run = sync_device(device=device)

    assert run.status == SyncStatus.SUCCESS, run.message
    assert sorted(RawPunch.objects.values_list("device_user_id", flat=True)) == sorted(PINS * 2)


def test_device_uid_is_never_used_as_the_pin(emulator, device_for):
    record = AttendanceRecord("2077", device_now() - timedelta(hours=1), uid=3)
    dev = emulator(users=device_users(PINS), attendance=[record])

    sync_device(device=device_for(dev))

    assert list(RawPunch.objects.values_list("device_user_id", flat=True)) == ["2077"]


def test_device_local_time_is_made_aware_in_the_device_zone(emulator, device_for):
    local = device_now("Asia/Makassar").replace(minute=0, second=0) - timedelta(hours=3)
    dev = emulator(
        users=device_users(PINS), attendance=[AttendanceRecord("1042", local)], zone="Asia/Makassar"
    )
    device = device_for(dev, time_zone=DeviceTimeZone.WITA)

    run = sync_device(device=device)

    stored = RawPunch.objects.get().timestamp
    assert stored == local.replace(tzinfo=ZoneInfo("Asia/Makassar"))
    assert stored.astimezone(UTC) == (local - timedelta(hours=8)).replace(tzinfo=UTC)
    assert abs(run.clock_offset_s) < 3


def test_clock_offset_of_the_device_is_recorded(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log(3), drift=-420)

    run = sync_device(device=device_for(dev))

    assert run.status == SyncStatus.SUCCESS
    assert -423 <= run.clock_offset_s <= -417
    assert run.clock_warning


def test_wrong_time_zone_is_visible_as_a_clock_offset(emulator, device_for):
    """A WITA device registered as WIB shows a one-hour offset instead of silently shifting."""
    dev = emulator(users=device_users(PINS), attendance=_log(3), zone="Asia/Makassar")

    run = sync_device(device=device_for(dev, time_zone=DeviceTimeZone.WIB))

    assert 3597 <= run.clock_offset_s <= 3603


def test_thirty_thousand_record_log_is_stored_once(emulator, device_for, settings):
    settings.FINGERPRINT_BATCH_SIZE = 5000
    pins = [str(10001 + i) for i in range(150)]
    log = punches(pins, device_now() - timedelta(days=60), 30_000, step_s=170)
    dev = emulator(users=device_users(pins), attendance=log)
    device = device_for(dev)

    first = sync_device(device=device)
    again = sync_device(device=device)

    assert (first.fetched, first.inserted, first.duplicates) == (30_000, 30_000, 0)
    assert (again.inserted, again.duplicates) == (0, 30_000)
    assert RawPunch.objects.filter(device=device).count() == 30_000
    assert first.stored == 30_000


def test_punches_before_registration_are_normal_history(emulator, device_for):
    old = device_now() - timedelta(days=200)
    dev = emulator(users=device_users(PINS), attendance=[AttendanceRecord("1042", old)])

    run = sync_device(device=device_for(dev))

    assert (run.inserted, run.quarantined) == (1, 0)


def test_implausible_records_are_quarantined_not_imported(emulator, device_for, settings):
    settings.FINGERPRINT_MAX_PUNCH_AGE_DAYS = 365
    now = device_now()
    log = [
        AttendanceRecord("1042", now - timedelta(hours=2)),
        AttendanceRecord("2077", now + timedelta(days=3)),  # ahead of the device clock
        AttendanceRecord("3105", now - timedelta(days=400)),  # older than the limit
    ]
    dev = emulator(users=device_users(PINS), attendance=log)
    device = device_for(dev)

    run = sync_device(device=device)
    again = sync_device(device=device)

    assert run.status == SyncStatus.SUCCESS
    assert (run.fetched, run.inserted, run.quarantined, run.duplicates) == (3, 1, 2, 0)
    assert dict(QuarantinedPunch.objects.values_list("device_user_id", "reason")) == {
        "2077": QuarantineReason.FUTURE,
        "3105": QuarantineReason.TOO_OLD,
    }
    assert (again.inserted, again.quarantined) == (0, 2)
    assert QuarantinedPunch.objects.count() == 2
    assert list(RawPunch.objects.values_list("device_user_id", flat=True)) == ["1042"]


def test_a_date_that_cannot_exist_is_quarantined_and_the_rest_imported(emulator, device_for):
    dev = emulator(
        users=device_users(PINS), attendance=_log(5), faults=Faults(impossible_date_record=True)
    )
    device = device_for(dev)

    run = sync_device(device=device)

    assert run.status == SyncStatus.SUCCESS
    assert (run.fetched, run.inserted, run.quarantined) == (5, 4, 1)
    bad = QuarantinedPunch.objects.get()
    assert bad.reason == QuarantineReason.IMPOSSIBLE and bad.timestamp is None
    assert not dev.disabled


def test_once_quarantined_a_record_stays_quarantined(emulator, device_for, settings):
    """A device clock set back later must not turn a quarantined record into a punch."""
    now = device_now()
    future = AttendanceRecord("2077", now + timedelta(hours=5))
    dev = emulator(users=device_users(PINS), attendance=[future])
    device = device_for(dev)
    sync_device(device=device)
    with dev.mutate() as state:
        state.clock_offset += 6 * 3600

    run = sync_device(device=device)

    assert (run.inserted, run.quarantined) == (0, 1)
    assert not RawPunch.objects.exists()


def test_unknown_pins_are_kept_and_counted(emulator, device_for):
    make_inmate("Budi", pin="2077")
    dev = emulator(users=device_users(PINS), attendance=_log(6))

    run = sync_device(device=device_for(dev))

    assert run.inserted == 6 and run.unmatched == 4
    assert RawPunch.objects.unmatched().count() == 4


def test_sync_never_creates_inmates_and_stores_device_names(emulator, device_for):
    from pembinaan.models import Inmate

    dev = emulator(users=device_users(PINS), attendance=_log(3))

    sync_device(device=device_for(dev))

    assert not Inmate.objects.exists()
    assert DeviceEnrollment.objects.get(device_user_id="2077").name == "User 2077"


def test_fingerprint_templates_are_never_requested(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log(3))

    sync_device(device=device_for(dev))

    prepares = [r for r in dev.received if r.command == Command.PREPARE_BUFFER]
    inner = {struct.unpack_from("<bhii", r.payload)[1:3] for r in prepares}
    assert inner <= {(Command.USERTEMP_RRQ, 5), (Command.ATTLOG_RRQ, 0)}


def test_empty_log_is_a_successful_sync(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=[])

    run = sync_device(device=device_for(dev))

    assert run.status == SyncStatus.SUCCESS and run.fetched == 0 and run.record_count == 0


def test_a_run_records_its_timing_and_trigger(emulator, device_for, admin_user):
    dev = emulator(users=device_users(PINS), attendance=_log(2))

    run = sync_device(device=device_for(dev), trigger=SyncTrigger.BUTTON, by=admin_user)

    assert run.trigger == SyncTrigger.BUTTON and run.requested_by == admin_user
    assert run.finished_at <= timezone.now() and run.attempts == 1


def test_a_raw_time_of_zero_is_quarantined(emulator, device_for):
    log = [
        AttendanceRecord("1042", device_now() - timedelta(hours=1)),
        AttendanceRecord("2077", device_now(), raw_time=0),
    ]
    dev = emulator(users=device_users(PINS), attendance=log)

    run = sync_device(device=device_for(dev))

    assert (run.inserted, run.quarantined) == (1, 1)
    assert QuarantinedPunch.objects.get().reason == QuarantineReason.IMPOSSIBLE
