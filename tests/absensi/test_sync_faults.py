"""Every field failure ends in a failed run with a clear message, nothing half-written, the
device re-enabled and disconnected; network errors are retried, authentication is not; the
next healthy run recovers everything, exactly once."""

import socket
from datetime import timedelta

import pytest

from absensi import sync as sync_module
from absensi.models import RawPunch, SyncStatus
from absensi.sync import sync_device
from devtools.zk_emulator import Command, Faults
from tests.absensi.conftest import device_now
from tests.absensi.factories import device_users, punches

PINS = ["1042", "2077", "3105"]


def _log(n: int = 8):
    return punches(PINS, device_now() - timedelta(days=1), n)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _assert_failed_cleanly(run, dev, *, kind: str, words: str, stored: int = 0):
    assert run.status == SyncStatus.FAILED
    assert run.error_kind == kind, (run.error_kind, run.message)
    assert words in run.message, run.message
    assert run.error_class
    assert RawPunch.objects.count() == stored
    assert run.finished_at is not None
    if dev is not None:
        assert not dev.disabled, "the device was left disabled"


def test_unreachable_device_fails_with_a_clear_message(device_for, emulator):
    dev = emulator()
    device = device_for(dev, port=_free_port())

    run = sync_device(device=device)

    _assert_failed_cleanly(run, None, kind="network", words="tidak dapat dihubungi")


@pytest.mark.parametrize("udp", [False, True], ids=["tcp", "udp"])
def test_silent_device_times_out(emulator, device_for, udp):
    dev = emulator(users=device_users(PINS), attendance=_log(), faults=Faults(silent=True))

    run = sync_device(device=device_for(dev, use_udp=udp))

    _assert_failed_cleanly(run, dev, kind="timeout", words="tidak menjawab dalam 2 detik")


def test_wrong_comm_key_is_refused_and_not_retried(emulator, device_for, settings):
    settings.FINGERPRINT_RETRIES = 3
    dev = emulator(users=device_users(PINS), attendance=_log(), comm_key=4321)

    run = sync_device(device=device_for(dev, comm_key=1234))

    _assert_failed_cleanly(run, dev, kind="auth", words="Kunci komunikasi")
    assert run.attempts == 1 and dev.auth_failures == 1


def test_right_comm_key_syncs(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log(), comm_key=4321)

    run = sync_device(device=device_for(dev, comm_key=4321))

    assert run.status == SyncStatus.SUCCESS and run.inserted == 8


@pytest.mark.parametrize("udp", [False, True], ids=["tcp", "udp"])
def test_reset_in_the_middle_of_a_download_writes_nothing_then_recovers(emulator, device_for, udp):
    dev = emulator(
        users=device_users(PINS), attendance=_log(), faults=Faults(reset_during_data=True)
    )
    device = device_for(dev, use_udp=udp)

    failed = sync_device(device=device)

    assert failed.status == SyncStatus.FAILED and failed.error_kind in {"network", "timeout"}
    assert RawPunch.objects.count() == 0
    assert not dev.disabled
    dev.faults.reset_during_data = False
    healthy = sync_device(device=device)
    assert healthy.status == SyncStatus.SUCCESS and healthy.inserted == 8
    assert RawPunch.objects.count() == 8


def test_reset_after_earlier_syncs_loses_and_doubles_nothing(emulator, device_for):
    log = _log(6)
    dev = emulator(users=device_users(PINS), attendance=log)
    device = device_for(dev)
    sync_device(device=device)
    dev.add_punches(punches(PINS, log[-1].timestamp + timedelta(minutes=3), 4))
    dev.faults.reset_during_data = True

    failed = sync_device(device=device)
    dev.faults.reset_during_data = False
    healthy = sync_device(device=device)

    assert failed.status == SyncStatus.FAILED and RawPunch.objects.count() in (6, 10)
    assert (healthy.fetched, healthy.inserted, healthy.duplicates) == (10, 4, 6)
    assert RawPunch.objects.count() == 10


def test_network_errors_are_retried_with_back_off(emulator, device_for, settings, monkeypatch):
    settings.FINGERPRINT_RETRIES = 2
    settings.FINGERPRINT_RETRY_BACKOFF_SECONDS = 3
    waits: list[float] = []
    monkeypatch.setattr(sync_module.time, "sleep", waits.append)
    dev = emulator()
    device = device_for(dev, port=_free_port())

    run = sync_device(device=device)

    assert run.status == SyncStatus.FAILED and run.attempts == 3
    assert waits == [3, 6]


def test_a_retry_after_a_reset_succeeds_within_the_same_run(
    emulator, device_for, settings, monkeypatch
):
    settings.FINGERPRINT_RETRIES = 1
    dev = emulator(
        users=device_users(PINS), attendance=_log(), faults=Faults(reset_during_data=True)
    )
    device = device_for(dev)

    def heal(_seconds):
        dev.faults.reset_during_data = False

    monkeypatch.setattr(sync_module.time, "sleep", heal)

    run = sync_device(device=device)

    assert run.status == SyncStatus.SUCCESS and run.attempts == 2 and run.inserted == 8


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (Command.DISABLEDEVICE, "mengunci mesin"),
        (Command.PREPARE_BUFFER, "membaca daftar pengguna"),
        (Command.GET_TIME, "membaca jam mesin"),
    ],
)
def test_a_refused_command_fails_the_run_without_retry(
    emulator, device_for, settings, command, words
):
    settings.FINGERPRINT_RETRIES = 2
    dev = emulator(users=device_users(PINS), attendance=_log(), faults=Faults(ack_error_on=command))

    run = sync_device(device=device_for(dev))

    _assert_failed_cleanly(run, dev, kind="refused", words=words)
    assert run.attempts == 1
    assert "Mesin menolak perintah" in run.message


def test_a_log_that_disagrees_with_its_count_is_garbage_and_not_stored(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log(), faults=Faults(count_mismatch=1))
    device = device_for(dev)

    run = sync_device(device=device)

    _assert_failed_cleanly(run, dev, kind="data", words="Data log tidak dapat dibaca")
    assert run.error_class == "GarbageRecord"
    assert dev.commands[-2:] == [Command.ENABLEDEVICE, Command.EXIT]
    dev.faults.count_mismatch = 0
    assert sync_device(device=device).inserted == 8


def test_a_short_sizes_reply_is_not_taken_for_an_empty_log(emulator, device_for):
    dev = emulator(
        users=device_users(PINS),
        attendance=_log(),
        faults=Faults(short_reply_on=Command.GET_FREE_SIZES),
    )

    run = sync_device(device=device_for(dev))

    _assert_failed_cleanly(run, dev, kind="data", words="kapasitas yang tidak lengkap")


def test_split_tcp_data_times_out_cleanly(emulator, device_for):
    dev = emulator(
        users=device_users(PINS), attendance=_log(200), faults=Faults(split_tcp_data=True)
    )

    run = sync_device(device=device_for(dev))

    _assert_failed_cleanly(run, dev, kind="timeout", words="tidak menjawab")


def test_a_connection_closed_mid_transfer_is_cut_by_the_watchdog(emulator, device_for, settings):
    """pyzk 0.9 spins forever on a FIN mid-transfer; the attempt deadline ends it."""
    settings.FINGERPRINT_ATTEMPT_DEADLINE_SECONDS = 3
    dev = emulator(
        users=device_users(PINS), attendance=_log(), faults=Faults(close_during_data=True)
    )

    run = sync_device(device=device_for(dev))

    _assert_failed_cleanly(run, dev, kind="timeout", words="melewati batas 3 detik")
    assert run.error_class == "DeadlineExceeded"


def test_a_device_that_refuses_to_be_re_enabled_fails_the_run_but_keeps_the_data(
    emulator, device_for
):
    dev = emulator(
        users=device_users(PINS),
        attendance=_log(),
        faults=Faults(ack_error_on=Command.ENABLEDEVICE),
    )

    run = sync_device(device=device_for(dev))

    assert run.status == SyncStatus.FAILED and run.error_kind == "release"
    assert not run.device_released
    assert "tidak dapat diaktifkan" in run.message or "menolak diaktifkan" in run.message
    assert RawPunch.objects.count() == 8 and run.inserted == 8


def test_a_failure_while_writing_rolls_everything_back(emulator, device_for, monkeypatch):
    def explode(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(sync_module, "_store_enrollments", explode)
    dev = emulator(users=device_users(PINS), attendance=_log())
    device = device_for(dev)

    run = sync_device(device=device)

    assert run.status == SyncStatus.FAILED and run.error_kind == "internal"
    assert "Tidak ada yang disimpan" in run.message
    assert RawPunch.objects.count() == 0
    assert not dev.disabled
    monkeypatch.undo()
    assert sync_device(device=device).inserted == 8


def test_the_device_is_released_after_every_successful_sync(emulator, device_for):
    dev = emulator(users=device_users(PINS), attendance=_log())

    sync_device(device=device_for(dev))

    assert not dev.disabled
    assert dev.commands.count(Command.DISABLEDEVICE) == dev.commands.count(Command.ENABLEDEVICE)
    assert dev.commands[-1] == Command.EXIT
