"""Benchmark of the finger-scan sync: 100,000 punches from the emulator, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/absensi_sync.py [--punches 100000] [--only sqlite|postgresql]
                                                [--pg-url postgres://postgres@127.0.0.1:5432/]

For each database (a throwaway one: a fresh SQLite file in benchmarks/out/, and a PostgreSQL
database created for the run and dropped afterwards) it starts the protocol emulator with the
punches, registers a device and prints the seconds of:

- the first sync (download + database work), and its database work alone;
- the ingest's write transaction alone (punches, quarantine, names; commit included) beside
  bare inserts of the same rows in the same run: executemany into a temporary table, and on
  PostgreSQL COPY into a temporary table (no index, no WAL) and COPY straight into the punch
  table (its indexes, unique key, foreign keys and commit: the like-for-like floor); and the
  longest transaction (the longest any lock is held: the ingest or one derivation batch);
- the derivation after the ingest: time, queries, batches, the longest batch;
- a re-sync, when every punch is a duplicate;
- the same ingest done one row at a time (`get_or_create` per punch, the approach of the
  per-punch tools), into a fresh device — generously inside one transaction;

with the ratio row-at-a-time ÷ first sync for the database work (target ≥ 10×) and whether the
re-sync is no slower than the first sync (target). Each database runs in its own process
(Django's settings are per process); pyzk talks to the emulator over loopback TCP.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
TARGET_RATIO = 10.0


# --- one database, in a child process --------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # Production-like: DEBUG off (no query log kept in memory).
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("STATIC_MANIFEST", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rutan.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def copy_alone(log) -> float:
    """Seconds of a bare COPY of the same rows into a temporary table (rolled back)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_copy (pin varchar(24), ts timestamp, v int, p int)"
        )
        with cursor.copy("COPY bench_copy FROM STDIN") as copy:
            for record in log:
                copy.write_row((record.user_id, record.timestamp, record.status, record.punch))
        transaction.set_rollback(True)
    return time.perf_counter() - started


def copy_into_punches(log) -> float:
    """Seconds of a bare COPY of the same rows straight into the punch table (its indexes,
    unique key and foreign keys), committed like the ingest, for a device of its own; the rows
    are deleted afterwards."""
    from django.db import connection, transaction

    from absensi.models import FingerprintDevice, RawPunch

    device = FingerprintDevice.objects.create(
        name=f"Bench copy {uuid.uuid4().hex[:6]}", ip_address="127.0.0.1"
    )
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.copy(
            "COPY absensi_rawpunch (device_id, device_user_id, timestamp, verify_mode,"
            " punch_state) FROM STDIN"
        ) as copy,
    ):
        for record in log:
            copy.write_row(
                (device.pk, record.user_id, record.timestamp, record.status, record.punch)
            )
    elapsed = time.perf_counter() - started
    RawPunch.objects.filter(device=device).delete()
    device.delete()
    return elapsed


def executemany_alone(log) -> float:
    """Seconds of a bare executemany INSERT of the same rows into a temporary table (rolled
    back): the floor for a driver-level insert on either database."""
    from django.db import connection, transaction

    rows = [(r.user_id, r.timestamp.isoformat(), r.status, r.punch) for r in log]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_many (pin varchar(24), ts varchar(32), v int, p int)"
        )
        for start in range(0, len(rows), 5_000):
            cursor.executemany(
                "INSERT INTO bench_many (pin, ts, v, p) VALUES (%s, %s, %s, %s)",
                rows[start : start + 5_000],
            )
        transaction.set_rollback(True)
    return time.perf_counter() - started


def ingest_row_at_a_time(device, download) -> int:
    """The per-punch approach: look each punch up, insert it when missing."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.db import transaction

    from absensi.models import QuarantinedPunch, RawPunch
    from absensi.sync import _classify

    tz = ZoneInfo(device.time_zone)
    oldest = download.device_time - timedelta(days=settings.FINGERPRINT_MAX_PUNCH_AGE_DAYS)
    inserted = 0
    with transaction.atomic():
        for record in download.records:
            reason = _classify(record, download.device_time, oldest)
            if reason is not None:
                QuarantinedPunch.objects.get_or_create(
                    device=device,
                    device_user_id=record.user_id,
                    raw_time=record.raw_time,
                    defaults={"reason": reason},
                )
                continue
            _punch, created = RawPunch.objects.get_or_create(
                device=device,
                device_user_id=record.user_id,
                timestamp=record.timestamp.replace(tzinfo=tz),
                defaults={"verify_mode": record.status, "punch_state": record.punch},
            )
            inserted += created
    return inserted


def regional_data(n_users: int, scale: str) -> int:
    """The data set of benchmarks/reports.py (inmates, programs, sessions, attendance over the
    last twelve months) with the first `n_users` allocated inmates given the emulator's PINs
    (10001…): the first sync then has sessions to derive into. Returns the sessions."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import reports as data
    from django.utils import timezone

    from pembinaan.models import Allocation, Inmate, Session

    inmates, programs, sessions, attendance = (int(n) for n in scale.split(","))
    data.build(
        data.Scale("regional", inmates, programs, sessions, attendance), timezone.localdate()
    )
    ids = list(
        Allocation.objects.order_by("inmate_id").values_list("inmate_id", flat=True).distinct()
    )[:n_users]
    people = list(Inmate.objects.filter(pk__in=ids).order_by("pk"))
    for i, inmate in enumerate(people):
        inmate.device_pin = str(10001 + i)
    Inmate.objects.bulk_update(people, ["device_pin"], batch_size=1_000)
    return Session.objects.count()


def run_one(label: str, database_url: str, punches: int, regional: str = "") -> dict:
    setup_django(database_url)
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from absensi import device as zk
    from absensi import sync
    from absensi.models import FingerprintDevice, RawPunch
    from devtools.zk_emulator import DeviceState, ZKEmulator, generate_punches, generate_users

    # Time the database work inside the real sync by wrapping its ingest step.
    db_seconds: list[float] = []
    transaction_seconds: list[float] = []  # the ingest's write transaction, commit included
    real_ingest = sync.ingest

    def timed_ingest(**kwargs):
        started = time.perf_counter()
        try:
            outcome = real_ingest(**kwargs)
            transaction_seconds.append(outcome.ingest_seconds)
            return outcome
        finally:
            db_seconds.append(time.perf_counter() - started)

    sync.ingest = timed_ingest

    # Derivation: queries, time, and the longest batch (the longest any session lock is held
    # outside the sync's own transaction).
    from django.db import connection

    from absensi import derivation

    derived = {"queries": 0, "seconds": 0.0, "longest_batch_s": 0.0, "batches": 0}
    real_batch = derivation._derive_batch

    def timed_batch(ids):
        def count(execute, sql, params, many, context):
            derived["queries"] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            try:
                return real_batch(ids)
            finally:
                elapsed = time.perf_counter() - started
                derived["seconds"] += elapsed
                derived["batches"] += 1
                derived["longest_batch_s"] = max(derived["longest_batch_s"], elapsed)

    derivation._derive_batch = timed_batch
    n_users = 300
    result_extra: dict = {}
    if regional:
        n_users = int(regional.split(",")[0])
        result_extra["sessions"] = regional_data(n_users, regional.split(",", 1)[1])
        result_extra["pins"] = n_users

    zone = ZoneInfo("Asia/Jakarta")
    wall = datetime.now(zone).replace(tzinfo=None, microsecond=0)
    offset = (wall - datetime.now()).total_seconds()  # emulator clock = Jakarta wall time
    users = generate_users(n_users)
    span = 300 * 86400
    log = generate_punches(
        punches,
        [u.user_id for u in users],
        start=wall - timedelta(seconds=span),
        interval_seconds=max(span // punches, 1),
    )
    state = DeviceState(users=users, attendance=log, clock_offset=offset, record_capacity=200_000)
    result: dict = {"database": label, "punches": punches, **result_extra}
    with ZKEmulator(state, udp=False) as emulator:
        device = FingerprintDevice.objects.create(
            name=f"Bench {uuid.uuid4().hex[:6]}", ip_address="127.0.0.1", port=emulator.port
        )
        started = time.perf_counter()
        first = sync.sync_device(device=device)
        result["first_total_s"] = time.perf_counter() - started
        result["first_db_s"] = db_seconds[-1]
        assert first.ok, first.message
        assert first.inserted == punches, (first.inserted, punches)
        result["derived"] = dict(derived, created=first.attendance_created)
        result["ingest_tx_s"] = transaction_seconds[-1]
        result["longest_tx_s"] = max(transaction_seconds[-1], derived["longest_batch_s"])
        result["executemany_s"] = executemany_alone(log)
        if connection.vendor == "postgresql":
            result["copy_s"] = copy_alone(log)
            result["copy_table_s"] = copy_into_punches(log)

        started = time.perf_counter()
        again = sync.sync_device(device=device)
        result["resync_total_s"] = time.perf_counter() - started
        result["resync_db_s"] = db_seconds[-1]
        assert again.ok and again.inserted == 0 and again.duplicates == punches

        if regional:  # the row-at-a-time baseline is the empty-database case's comparison
            return result
        download = zk.download(sync.device_address(device))
        other = FingerprintDevice.objects.create(
            name=f"Bench row {uuid.uuid4().hex[:6]}", ip_address="127.0.0.1", port=emulator.port
        )
        started = time.perf_counter()
        inserted = ingest_row_at_a_time(other, download)
        result["row_db_s"] = time.perf_counter() - started
        assert inserted == punches, inserted
    result["stored"] = RawPunch.objects.count()
    assert result["stored"] == 2 * punches
    result["ratio"] = result["row_db_s"] / result["first_db_s"]
    return result


# --- the parent: throwaway databases and the report ------------------------------------------


def sqlite_url() -> tuple[str, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "absensi_sync.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}", path


def postgres_database(base_url: str, name: str, *, drop: bool) -> None:
    import psycopg

    with psycopg.connect(base_url.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')


def child(label: str, url: str, punches: int, regional: str = "") -> dict:
    command = [sys.executable, __file__, "--child", label, "--url", url, "--punches", str(punches)]
    if regional:
        command += ["--regional", regional]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"benchmark on {label} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(results: list[dict]) -> bool:
    ok = True
    print(f"Sinkronisasi {results[0]['punches']:,} rekaman dari emulator (TCP, pyzk 0.9)")
    header = (
        f"{'basis data':<11} {'sinkr. 1 total':>14} {'sinkr. 1 DB':>11} {'ulang total':>11} "
        f"{'ulang DB':>9} {'per baris DB':>12} {'rasio':>7}"
    )
    print(header)
    for r in results:
        row = (
            f"{r['row_db_s']:>11.2f}s {r['ratio']:>6.1f}×"
            if "ratio" in r
            else f"{'—':>12} {'—':>7}"
        )
        print(
            f"{r['database']:<11} {r['first_total_s']:>13.2f}s {r['first_db_s']:>10.2f}s "
            f"{r['resync_total_s']:>10.2f}s {r['resync_db_s']:>8.2f}s {row}"
        )
    for r in results:
        d = r["derived"]
        where = (
            f"{r['sessions']:,} sesi, {r['pins']:,} WBP ber-PIN" if "sessions" in r else "kosong"
        )
        print(
            f"{r['database']}: data {where}; derivasi {d['seconds']:.2f} s, {d['queries']} kueri "
            f"dalam {d['batches']} batch, batch terlama (kunci terlama) "
            f"{d['longest_batch_s']:.2f} s, {d['created']:,} absensi dibuat"
        )
        ingest = r["ingest_tx_s"]
        bare = f"executemany saja {r['executemany_s']:.2f} s"
        if "copy_s" in r:
            table = r["copy_table_s"]
            bare += (
                f", COPY ke tabel sementara {r['copy_s']:.2f} s ({ingest / r['copy_s']:.1f}×), "
                f"COPY ke tabel rekaman (indeks, kunci, commit) {table:.2f} s "
                f"({ingest / table:.1f}×; target ≤ 3×: {'YA' if ingest <= 3 * table else 'TIDAK'})"
            )
        print(
            f"{r['database']}: simpan (transaksi tulis, tanpa derivasi) {ingest:.2f} s; {bare}; "
            f"transaksi terlama {r['longest_tx_s']:.2f} s"
        )
    for r in results:
        if "ratio" not in r:
            continue
        ratio_ok = r["ratio"] >= TARGET_RATIO
        resync_ok = (
            r["resync_db_s"] <= r["first_db_s"] and r["resync_total_s"] <= r["first_total_s"]
        )
        ok &= ratio_ok and resync_ok
        print(
            f"{r['database']}: kerja DB sinkronisasi pertama {r['ratio']:.1f}× lebih cepat dari "
            f"per baris (target ≥ {TARGET_RATIO:.0f}×: {'YA' if ratio_ok else 'TIDAK'}); "
            f"sinkronisasi ulang tidak lebih lambat: {'YA' if resync_ok else 'TIDAK'}"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--punches", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/"),
        help="server URL without a database name (a throwaway database is created and dropped)",
    )
    parser.add_argument(
        "--regional",
        default="",
        help="PINS,INMATES,PROGRAMS,SESSIONS,ATTENDANCE: first sync into the data set of "
        "benchmarks/reports.py with PINS inmates given PINs (regional: "
        "3000,30000,300,15000,1000000)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(run_one(args.child, args.url, args.punches, args.regional)))
        return 0

    results = []
    if args.only in (None, "sqlite"):
        url, path = sqlite_url()
        try:
            results.append(child("SQLite", url, args.punches, args.regional))
        finally:
            path.unlink(missing_ok=True)
    if args.only in (None, "postgresql"):
        name = f"rutan_bench_absensi_{os.getpid()}"
        postgres_database(args.pg_url, name, drop=False)
        try:
            results.append(
                child(
                    "PostgreSQL", args.pg_url.rstrip("/") + "/" + name, args.punches, args.regional
                )
            )
        finally:
            postgres_database(args.pg_url, name, drop=True)
    return 0 if report(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
