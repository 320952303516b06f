"""Syncing a finger-scan terminal: lease, download, quarantine, store once, derive attendance.

`sync_device()` is the one entry point (the command, the background task and the demo use it):

1. A `SyncRun` row records the attempt (created "menunggu" by the button, or here).
2. The per-device lease (`DeviceLease`) is taken with one conditional UPDATE; when another
   process holds it the run ends "dilewati" and nothing else happens.
3. The device is read outside any database transaction (`absensi.device.download`), with a
   bounded number of retries and back-off for network errors; authentication, refused
   commands and undecodable data are not retried.
4. Everything is written in one transaction, after locking the lease row and checking the
   lease is still ours: quarantined records, then the punches (on PostgreSQL COPY into a
   temporary table and one INSERT … ON CONFLICT DO NOTHING; on SQLite `executemany` of one
   INSERT OR IGNORE per batch) and the enrollment names. A failure
   anywhere rolls all of it back.
5. After that transaction commits, the attendance is derived from the new punches
   (`absensi.derivation`) in bounded transactions of a batch of sessions each, so no
   transaction holds thousands of session locks. A failure there loses no punch: the run ends
   "gagal" (`DerivationFailed`) saying the data is stored, and the device's next sync derives
   that run's punches again (as does `sync_fingerprint`'s re-derivation of recent sessions).
6. The run gets its outcome, counts and Indonesian message; the lease is released.

Counting: on PostgreSQL every key of the log is copied and the INSERT's own row count (of
the rows it did not drop as conflicts on the unique key) is `inserted`. On SQLite the keys
already stored are read first (one query over the log's time range), so the rows sent are
the new ones; the unique constraint still guards against anything that slips through, and
`inserted` is SQLite's own count of the rows the statements inserted.
`duplicates` = fetched − inserted − quarantined.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from absensi import device as zk
from absensi.derivation import derive_attendance_for_range
from absensi.models import (
    DeviceEnrollment,
    DeviceLease,
    FingerprintDevice,
    QuarantinedPunch,
    QuarantineReason,
    RawPunch,
    SyncRun,
    SyncStatus,
    SyncTrigger,
)
from pembinaan.models import Inmate
from rutan.models import User

logger = logging.getLogger(__name__)

FUTURE_TOLERANCE = timedelta(minutes=1)


class LeaseLost(Exception):
    """The lease expired and another process took the device over before we wrote."""


# --- the lease -------------------------------------------------------------------------------


def lease_seconds() -> int:
    """How long a lease lasts: every attempt, every back-off, and time to write."""
    attempts = settings.FINGERPRINT_RETRIES + 1
    backoff = settings.FINGERPRINT_RETRY_BACKOFF_SECONDS * (2**attempts)
    return attempts * settings.FINGERPRINT_ATTEMPT_DEADLINE_SECONDS + backoff + 600


def acquire_lease(device: FingerprintDevice, token: str) -> bool:
    """Take the device's lease if it is free or expired: one atomic UPDATE, any database."""
    now = timezone.now()
    DeviceLease.objects.bulk_create([DeviceLease(device=device)], ignore_conflicts=True)
    taken = (
        DeviceLease.objects.filter(device=device)
        .filter(Q(holder="") | Q(expires_at__isnull=True) | Q(expires_at__lt=now))
        .update(
            holder=token,
            acquired_at=now,
            expires_at=now + timedelta(seconds=lease_seconds()),
        )
    )
    return taken == 1


def renew_lease(device: FingerprintDevice, token: str) -> bool:
    now = timezone.now()
    return (
        DeviceLease.objects.filter(device=device, holder=token).update(
            expires_at=now + timedelta(seconds=lease_seconds())
        )
        == 1
    )


def release_lease(device: FingerprintDevice, token: str) -> None:
    DeviceLease.objects.filter(device=device, holder=token).update(holder="", expires_at=None)


def _check_lease_for_write(device: FingerprintDevice, token: str) -> None:
    """Inside the write transaction: lock the lease row and make sure it is still ours."""
    lease = DeviceLease.objects.select_for_update().get(device=device)
    if lease.holder != token:
        raise LeaseLost


# --- the run record --------------------------------------------------------------------------


def _update_run(run: SyncRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    SyncRun.objects.filter(pk=run.pk).update(**fields)


def queue_stale_after() -> timedelta:
    """How long a run may wait in the queue before the worker is taken to be down."""
    return timedelta(minutes=settings.FINGERPRINT_QUEUE_STALE_MINUTES)


def claim_queued_run(run_id: int) -> SyncRun | None:
    """Take a queued run to run it here (the worker's task or the scheduled sync): one
    conditional UPDATE, so the worker and the timer never both run the same run."""
    claimed = SyncRun.objects.filter(pk=run_id, status=SyncStatus.QUEUED).update(
        status=SyncStatus.RUNNING, started_at=timezone.now(), phase="mulai"
    )
    if not claimed:
        return None
    return SyncRun.objects.select_related("device", "requested_by").get(pk=run_id)


def take_queued_run(device: FingerprintDevice) -> SyncRun | None:
    """The scheduled sync picks up a run the button queued for `device` (the oldest), so a run
    queued while the worker is down does not wait forever."""
    for run_id in (
        SyncRun.objects.filter(device=device, status=SyncStatus.QUEUED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    ):
        run = claim_queued_run(run_id)
        if run is not None:
            return run
    return None


RUN_START_GRACE = timedelta(minutes=1)
STALE_QUEUED_MESSAGE = (
    "Tidak diproses: sinkronisasi ini menunggu di antrean lebih dari {minutes} menit karena "
    "layanan latar belakang tidak berjalan. Tidak ada yang diubah."
)
ABANDONED_MESSAGE = "Proses sinkronisasi ini berhenti tanpa hasil (proses mati atau dihentikan)."


def fail_stuck_run(run: SyncRun) -> bool:
    """End a run that will never finish: queued longer than the stale time, or running with no
    live lease (its process died). Returns True when the run was ended."""
    now = timezone.now()
    if run.status == SyncStatus.QUEUED and run.created_at < now - queue_stale_after():
        minutes = settings.FINGERPRINT_QUEUE_STALE_MINUTES
        fields = {
            "message": STALE_QUEUED_MESSAGE.format(minutes=minutes),
            "error_class": "QueueStale",
            "error_kind": "antrean",
        }
    elif (
        run.status == SyncStatus.RUNNING
        # just claimed, its lease not taken yet: give it a moment
        and (run.started_at is None or run.started_at < now - RUN_START_GRACE)
        and not DeviceLease.objects.filter(device_id=run.device_id, expires_at__gte=now)
        .exclude(holder="")
        .exists()
    ):
        fields = {
            "message": ABANDONED_MESSAGE,
            "error_class": "Abandoned",
            "error_kind": "abandoned",
        }
    else:
        return False
    ended = SyncRun.objects.filter(pk=run.pk, status=run.status).update(
        status=SyncStatus.FAILED, finished_at=now, phase="", **fields
    )
    if ended:
        for name, value in {"status": SyncStatus.FAILED, "finished_at": now, **fields}.items():
            setattr(run, name, value)
    return bool(ended)


def _progress(run: SyncRun) -> Callable[[str], None]:
    def report(step: str) -> None:
        _update_run(run, phase=step[:80])

    return report


# --- ingest ----------------------------------------------------------------------------------


@dataclass
class IngestResult:
    fetched: int = 0
    inserted: int = 0
    duplicates: int = 0
    unmatched: int = 0
    quarantined: int = 0
    stored: int = 0
    attendance_created: int = 0
    derivation_error: str = ""  # the exception's class when the derivation failed
    ingest_seconds: float = 0.0  # how long the write transaction (punch locks) lasted


def _classify(
    record: zk.LogRecord, device_now: datetime, oldest: datetime
) -> QuarantineReason | None:
    if not record.user_id.strip() or not record.user_id.isprintable():
        return QuarantineReason.BAD_PIN
    if record.timestamp is None or record.raw_time == 0:
        # A raw 0 decodes as 2000-01-01 00:00:00: an empty slot, not a punch.
        return QuarantineReason.IMPOSSIBLE
    if record.timestamp > device_now + FUTURE_TOLERANCE:
        return QuarantineReason.FUTURE
    if record.timestamp < oldest:
        return QuarantineReason.TOO_OLD
    return None


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ingest(
    *, device: FingerprintDevice, download: zk.Download, run: SyncRun, token: str
) -> IngestResult:
    """Store one download: all of it, in one transaction, or nothing; then derive attendance
    from the new punches in bounded transactions of their own."""
    tz = ZoneInfo(device.time_zone)
    batch = settings.FINGERPRINT_BATCH_SIZE
    device_now = download.device_time
    oldest = device_now - timedelta(days=settings.FINGERPRINT_MAX_PUNCH_AGE_DAYS)
    result = IngestResult(fetched=len(download.records))

    ingest_started = time.monotonic()
    with transaction.atomic():
        _check_lease_for_write(device, token)

        # 1. Quarantine: impossible or implausible records, and anything quarantined before.
        known_quarantine = set(
            QuarantinedPunch.objects.filter(device=device).values_list("device_user_id", "raw_time")
        )
        new_quarantine: dict[tuple[str, int], QuarantinedPunch] = {}
        good: dict[tuple[str, datetime], zk.LogRecord] = {}
        good_records = 0
        for record in download.records:
            pin = record.user_id[:24]
            reason = _classify(record, device_now, oldest)
            if reason is None and (pin, record.raw_time) not in known_quarantine:
                ts = record.timestamp.replace(tzinfo=tz)  # type: ignore[union-attr]
                good.setdefault((pin, ts), record)
                good_records += 1
                continue
            result.quarantined += 1
            key = (pin, record.raw_time)
            if key in known_quarantine or key in new_quarantine:
                continue
            new_quarantine[key] = QuarantinedPunch(
                device=device,
                device_user_id=pin,
                raw_time=record.raw_time,
                timestamp=record.timestamp.replace(tzinfo=tz) if record.timestamp else None,
                reason=reason or QuarantineReason.IMPOSSIBLE,
                verify_mode=record.status,
                punch_state=record.punch,
                sync_run=run,
            )
        QuarantinedPunch.objects.bulk_create(
            list(new_quarantine.values()), batch_size=batch, ignore_conflicts=True
        )

        # 2. Punches. PostgreSQL: every key goes through COPY and one INSERT … ON CONFLICT on
        # the unique key (device, PIN, time) DO NOTHING; a row not inserted conflicted on
        # that key, so it is stored already. SQLite: skip the keys already stored, insert the
        # rest in batches (no model instances), and prove every key is stored when the counts
        # disagree.
        new_span: tuple[datetime, datetime] | None = None
        if connection.vendor == "postgresql":
            result.inserted, new_span = _copy_punches(device, run, good)
        else:
            existing: set[tuple[str, datetime]] = set()
            if good:
                stamps = [ts for _pin, ts in good]
                existing = set(
                    RawPunch.objects.filter(
                        device=device, timestamp__gte=min(stamps), timestamp__lte=max(stamps)
                    ).values_list("device_user_id", "timestamp")
                )
            new_keys = [
                (pin, ts, record) for (pin, ts), record in good.items() if (pin, ts) not in existing
            ]
            result.inserted = _insert_punches(device, run, new_keys, batch)
            if result.inserted != len(new_keys):
                # Some rows we thought new were already there: prove every key is stored.
                logger.warning(
                    "device %s: %d new rows sent, %d stored",
                    device,
                    len(new_keys),
                    result.inserted,
                )
                _verify_stored(device, list(good))
            if new_keys:
                new_stamps = [ts for _pin, ts, _record in new_keys]
                new_span = (min(new_stamps), max(new_stamps))
        result.duplicates = result.fetched - result.inserted - result.quarantined
        # Every record of the device's log is now in the database (stored or quarantined).
        result.stored = good_records + result.quarantined

        # 3. Which punches match no inmate (they wait for a PIN mapping).
        unknown = _unmatched_pins({pin for pin, _ts in good})
        result.unmatched = sum(1 for pin, _ts in good if pin in unknown)

        # 4. Names as enrolled on the device (helps mapping unknown PINs). Never templates.
        _store_enrollments(device, download.users)

    # 5. Attendance from the new punches, after the punches are committed: in bounded
    # transactions of `derivation.SESSIONS_PER_TRANSACTION` sessions each, so the sync never
    # holds thousands of session locks. The spans of earlier runs whose derivation failed are
    # derived again here. A failure leaves the punches stored; the run says so.
    result.ingest_seconds = time.monotonic() - ingest_started  # the commit included
    spans = pending_derivation_spans(device, run)
    if result.inserted and new_span is not None:
        spans.append(new_span)
    try:
        for first, last in spans:
            result.attendance_created += derive_attendance_for_range(first=first, last=last)
    except Exception as exc:  # noqa: BLE001  (the punches are safe; the run records it)
        logger.exception("device %s: attendance derivation failed", device)
        result.derivation_error = type(exc).__name__
    return result


DERIVATION_FAILED = "DerivationFailed"


def pending_derivation_spans(device: FingerprintDevice, run: SyncRun) -> list[tuple]:
    """(first, last) of the punches stored by this device's runs whose derivation failed
    since its last successful run: the next sync derives them again."""
    last_ok = (
        SyncRun.objects.filter(device=device, status=SyncStatus.SUCCESS)
        .exclude(pk=run.pk)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )
    failed = SyncRun.objects.filter(device=device, error_class=DERIVATION_FAILED).exclude(pk=run.pk)
    if last_ok is not None:
        failed = failed.filter(created_at__gt=last_ok)
    spans = []
    for failed_run in failed.values_list("pk", flat=True):
        span = RawPunch.objects.filter(sync_run_id=failed_run).aggregate(
            first=Min("timestamp"), last=Max("timestamp")
        )
        if span["first"] is not None:
            spans.append((span["first"], span["last"]))
    return spans


def _insert_punches(device: FingerprintDevice, run: SyncRun, keys: list[tuple], batch: int) -> int:
    """Insert new punches on SQLite: plain tuples through `executemany` of one `INSERT OR
    IGNORE` per batch (no model instances). Returns how many were stored: SQLite's count of
    the rows each statement inserted (an ignored conflict counts 0), summed."""
    if not keys:
        return 0
    table = connection.ops.quote_name(RawPunch._meta.db_table)
    sql = (
        f"INSERT OR IGNORE INTO {table} (device_id, device_user_id, timestamp, verify_mode,"
        " punch_state, sync_run_id) VALUES (%s, %s, %s, %s, %s, %s)"
    )
    stamp = connection.ops.adapt_datetimefield_value  # as Django stores it (UTC text)
    inserted = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(keys, batch):
            cursor.executemany(
                sql,
                [
                    (device.pk, pin, stamp(ts), record.status, record.punch, run.pk)
                    for pin, ts, record in chunk
                ],
            )
            inserted += cursor.rowcount
    return inserted


def _copy_punches(
    device: FingerprintDevice, run: SyncRun, good: dict[tuple[str, datetime], zk.LogRecord]
) -> tuple[int, tuple[datetime, datetime] | None]:
    """Store punches on PostgreSQL: COPY every key into a temporary table, then one INSERT …
    SELECT … ON CONFLICT (device, PIN, time) DO NOTHING (no model instances, no pre-read of
    the stored keys, no COUNT). Returns the rows inserted (exact: conflicts excluded) and the
    first and last time among them (for the derivation), from the same statement."""
    if not good:
        return 0, None
    table = connection.ops.quote_name(RawPunch._meta.db_table)
    with connection.cursor() as cursor:
        # The device's naive local times go in as they are (the cheapest COPY) and are made
        # aware in the INSERT with the device's time zone, as `ingest` does in Python.
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS absensi_rawpunch_incoming ("
            " device_user_id varchar(24), ts timestamp, verify_mode integer,"
            " punch_state integer) ON COMMIT DELETE ROWS"
        )
        cursor.execute("TRUNCATE absensi_rawpunch_incoming")
        with cursor.copy(
            "COPY absensi_rawpunch_incoming (device_user_id, ts, verify_mode, punch_state)"
            " FROM STDIN"
        ) as copy:
            for (pin, _ts), record in good.items():
                copy.write_row((pin, record.timestamp, record.status, record.punch))
        cursor.execute(
            f"WITH stored AS (INSERT INTO {table}"
            " (device_id, device_user_id, timestamp, verify_mode, punch_state, sync_run_id)"
            " SELECT %s, device_user_id, ts AT TIME ZONE %s, verify_mode, punch_state, %s"
            " FROM absensi_rawpunch_incoming"
            " ON CONFLICT (device_id, device_user_id, timestamp) DO NOTHING"
            " RETURNING timestamp)"
            " SELECT count(*), min(timestamp), max(timestamp) FROM stored",
            [device.pk, device.time_zone, run.pk],
        )
        inserted, first, last = cursor.fetchone()
    return inserted, (first, last) if inserted else None


def _verify_stored(device: FingerprintDevice, keys: list[tuple[str, datetime]]) -> None:
    stamps = [ts for _pin, ts in keys]
    present = set(
        RawPunch.objects.filter(
            device=device, timestamp__gte=min(stamps), timestamp__lte=max(stamps)
        ).values_list("device_user_id", "timestamp")
    )
    missing = [key for key in keys if key not in present]
    if missing:
        raise RuntimeError(f"{len(missing)} punches of device {device.pk} not stored")


def _unmatched_pins(pins: set[str]) -> set[str]:
    known: set[str] = set()
    pin_list = sorted(pins)
    for chunk in _chunks(pin_list, 500):
        known.update(
            Inmate.objects.filter(device_pin__in=chunk).values_list("device_pin", flat=True)
        )
    return pins - known


def _store_enrollments(device: FingerprintDevice, users: dict[str, str]) -> None:
    if not users:
        return
    now = timezone.now()
    rows = [
        DeviceEnrollment(device=device, device_user_id=pin[:24], name=name[:24], last_seen=now)
        for pin, name in users.items()
        if pin
    ]
    for chunk in _chunks(rows, settings.FINGERPRINT_BATCH_SIZE):
        DeviceEnrollment.objects.bulk_create(
            chunk,
            update_conflicts=True,
            unique_fields=["device", "device_user_id"],
            update_fields=["name", "last_seen"],
        )


# --- the sync --------------------------------------------------------------------------------


def device_address(device: FingerprintDevice) -> zk.Address:
    return zk.Address(
        ip=device.ip_address,
        port=device.port,
        udp=device.use_udp,
        comm_key=device.comm_key,
        timeout=settings.FINGERPRINT_TIMEOUT_SECONDS,
    )


def _fail(run: SyncRun, *, message: str, error_class: str, kind: str, released: bool) -> SyncRun:
    _update_run(
        run,
        status=SyncStatus.FAILED,
        finished_at=timezone.now(),
        phase="",
        message=message,
        error_class=error_class[:80],
        error_kind=kind[:20],
        device_released=released,
    )
    return run


def _download_with_retries(device: FingerprintDevice, run: SyncRun, token: str) -> zk.Download:
    address = device_address(device)
    retries = max(settings.FINGERPRINT_RETRIES, 0)
    for attempt in range(1, retries + 2):
        _update_run(run, attempts=attempt)
        renew_lease(device, token)
        try:
            return zk.download(
                address,
                deadline=settings.FINGERPRINT_ATTEMPT_DEADLINE_SECONDS,
                progress=_progress(run),
            )
        except zk.DeviceError as exc:
            if not exc.retryable or attempt > retries:
                raise
            wait = settings.FINGERPRINT_RETRY_BACKOFF_SECONDS * (2 ** (attempt - 1))
            logger.info("device %s: %s; retrying in %ss", device, exc.message, wait)
            _update_run(run, phase=f"menunggu {wait} detik sebelum mencoba lagi")
            time.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _mark_abandoned_runs(device: FingerprintDevice, run: SyncRun) -> None:
    """Runs left "berjalan" by a process that died: we hold the lease, so they are dead."""
    SyncRun.objects.filter(device=device, status=SyncStatus.RUNNING).exclude(pk=run.pk).update(
        status=SyncStatus.FAILED,
        finished_at=timezone.now(),
        phase="",
        error_class="Abandoned",
        error_kind="abandoned",
        message=ABANDONED_MESSAGE,
    )


def sync_device(
    *,
    device: FingerprintDevice,
    trigger: str = SyncTrigger.COMMAND,
    by: User | None = None,
    run: SyncRun | None = None,
) -> SyncRun:
    """Sync one device; always returns its finished `SyncRun` (never raises for the device)."""
    if run is None:
        run = SyncRun.objects.create(device=device, trigger=trigger, requested_by=by)
    token = uuid.uuid4().hex
    if not acquire_lease(device, token):
        holder = DeviceLease.objects.filter(device=device).values_list("acquired_at", flat=True)
        since = holder[0] if holder else None
        when = f" sejak {timezone.localtime(since):%H:%M:%S}" if since else ""
        _update_run(
            run,
            status=SyncStatus.SKIPPED,
            started_at=timezone.now(),
            finished_at=timezone.now(),
            error_class="DeviceBusy",
            error_kind="busy",
            message=f"Mesin sedang disinkronkan oleh proses lain{when}; tidak ada yang diubah.",
        )
        return run
    try:
        _mark_abandoned_runs(device, run)
        _update_run(run, status=SyncStatus.RUNNING, started_at=timezone.now(), phase="mulai")
        try:
            download = _download_with_retries(device, run, token)
        except zk.DeviceError as exc:
            message = exc.message
            if not exc.released:
                message = f"{message} {exc.release_note}"
            return _fail(
                run,
                message=message,
                error_class=exc.error_class,
                kind=exc.kind,
                released=exc.released,
            )
        tz = ZoneInfo(device.time_zone)
        device_time = download.device_time.replace(tzinfo=tz)
        _update_run(
            run,
            phase="menyimpan",
            device_time=device_time,
            clock_offset_s=round((device_time - download.host_time).total_seconds(), 1),
            record_count=download.record_count,
            record_capacity=download.record_capacity,
            user_count=download.user_count,
        )
        try:
            result = ingest(device=device, download=download, run=run, token=token)
        except LeaseLost:
            return _fail(
                run,
                message="Kunci sinkronisasi kedaluwarsa dan diambil proses lain; tidak ada "
                "yang disimpan oleh sinkronisasi ini.",
                error_class="LeaseLost",
                kind="busy",
                released=download.released,
            )
        counts = {
            "fetched": result.fetched,
            "inserted": result.inserted,
            "duplicates": result.duplicates,
            "unmatched": result.unmatched,
            "quarantined": result.quarantined,
            "stored": result.stored,
            "attendance_created": result.attendance_created,
        }
        if result.derivation_error:
            _update_run(run, **counts)
            return _fail(
                run,
                message=f"Data tersimpan ({result.inserted} rekaman baru), tetapi kehadiran dari "
                f"sidik jari belum diturunkan ({result.derivation_error}). Sinkronisasi "
                "berikutnya mengulanginya.",
                error_class=DERIVATION_FAILED,
                kind="derivation",
                released=download.released,
            )
        if not download.released:
            _update_run(run, **counts)
            return _fail(
                run,
                message=f"Data tersimpan ({result.inserted} rekaman baru), tetapi "
                f"{download.release_note}",
                error_class="DeviceNotReleased",
                kind="release",
                released=False,
            )
        for name, value in counts.items():  # the message below reads the new counts
            setattr(run, name, value)
        _update_run(
            run,
            **counts,
            status=SyncStatus.SUCCESS,
            finished_at=timezone.now(),
            phase="",
            message=success_message(run),
        )
        return run
    except Exception as exc:
        logger.exception("sync of device %s failed unexpectedly", device)
        return _fail(
            run,
            message=f"Kesalahan tak terduga pada sistem: {type(exc).__name__}. Tidak ada yang "
            "disimpan oleh sinkronisasi ini.",
            error_class=type(exc).__name__,
            kind="internal",
            released=True,
        )
    finally:
        release_lease(device, token)


def success_message(run: SyncRun) -> str:
    parts = [f"{run.fetched} catatan diambil", f"{run.inserted} baru", f"{run.duplicates} duplikat"]
    if run.quarantined:
        parts.append(f"{run.quarantined} dikarantina")
    if run.unmatched:
        parts.append(f"{run.unmatched} rekaman dengan PIN tak dikenal")
    if run.attendance_created:
        parts.append(f"{run.attendance_created} kehadiran tercatat dari sidik jari")
    return "Berhasil: " + ", ".join(parts) + "."
