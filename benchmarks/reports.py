"""Benchmark of the reports and dashboards at demo scale and at a regional office's scale.

    .venv/bin/python benchmarks/reports.py                 # SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rutan .venv/bin/python benchmarks/reports.py
    .venv/bin/python benchmarks/reports.py --inmates 3000 --attendance 100000   # a quicker run

It builds a throwaway database — `/tmp/rutan_bench_reports.sqlite3`, or the PostgreSQL database
`rutan_bench_reports` on the server DATABASE_URL names (dropped and created again; never the
database DATABASE_URL itself) — migrates it, fills it with bulk inserts, then requests every
report and dashboard page through Django's test client as the Kepala UPT and prints each page's
time (best of `--repeat` runs) and number of queries. It does this twice: at demo scale and at
full scale (by default 30,000 inmates, 300 programs, 15,000 sessions and 1,000,000 attendance
records over the last twelve months). It exits with status 1 when a page's query count differs
between the two scales. The full run takes a few minutes (most of it inserting the data).
"""

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("BENCH_DB", "rutan_bench_reports")  # a name of your own: no clash
SQLITE_PATH = Path("/tmp") / f"{BENCH_DB}.sqlite3"


@dataclass(frozen=True)
class Scale:
    name: str
    inmates: int
    programs: int
    sessions: int
    attendance: int


DEMO = Scale("demo", inmates=150, programs=8, sessions=200, attendance=3_000)


def bench_database_url() -> str:
    """The throwaway database's URL, on the server DATABASE_URL points to (or SQLite)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    return f"sqlite:///{SQLITE_PATH}"


def recreate_database(url: str) -> None:
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["DEBUG"] = "false"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["SECURE_COOKIES"] = "false"
    os.environ["STATIC_MANIFEST"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rutan.settings")
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    # WhiteNoise warns once about a missing STATIC_ROOT (no collectstatic here): not our concern.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()


# --- Data -----------------------------------------------------------------------------------


def insert(model, columns: list[str], rows, *, batch: int = 5_000) -> int:
    """Bulk insert plain tuples (no model instances): COPY on PostgreSQL, executemany else."""
    from django.db import connection

    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    if connection.vendor == "sqlite":
        rows = (tuple(_sqlite_value(connection, v) for v in row) for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def _sqlite_value(connection, value):
    """Values as Django stores them in SQLite (datetimes in UTC, without offset)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def build(scale: Scale, today: date) -> dict:
    """Fill the database: users, inmates, programs with an approved plan, weekly sessions over
    the last twelve months (and a few ahead), allocations and attendance. Returns what the
    pages need (a program, an inmate)."""
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from absensi.models import Attendance
    from absensi.summary import recount_all
    from pembinaan.models import (
        Allocation,
        ArtForm,
        Inmate,
        Program,
        Session,
        Venue,
        WorkPlan,
        WorkPlanRevision,
    )
    from pembinaan.registration import natural_sort_key
    from rutan import roles
    from rutan.models import User

    rng = random.Random(20260301)
    now = timezone.now()
    with transaction.atomic():
        staff = User.objects.create_user("petugas", password="x", first_name="Petugas")
        staff.groups.add(Group.objects.get(name=roles.group_name(roles.PETUGAS_PEMBINAAN)))
        head = User.objects.create_user("karutan", password="x", first_name="Karutan")
        head.groups.add(Group.objects.get(name=roles.group_name(roles.KEPALA_UPT)))
        venue = Venue.objects.create(name="Aula")
        forms = list(ArtForm.objects.all()) or [ArtForm.objects.create(name="Seni", code="seni")]

        # Inmates: a quarter tahanan, the rest narapidana spread over the four stages.
        blocks = "ABCDEFGH"

        def inmates():
            for n in range(1, scale.inmates + 1):
                tahanan = n % 4 == 0
                start = today - timedelta(days=rng.randint(30, 1500))
                length = rng.randint(200, 2500)
                third, half, two = (
                    start + timedelta(days=length // 3),
                    start + timedelta(days=length // 2),
                    start + timedelta(days=2 * length // 3),
                )
                yield (
                    f"{'A.II' if tahanan else 'B.I'} {n}/2025",
                    f"WBP {n:05d}",
                    "tahanan" if tahanan else "narapidana",
                    "AKTIF",
                    blocks[n % len(blocks)],
                    str(n % 20 + 1),
                    0,
                    start,
                    None if tahanan else third,
                    None if tahanan else half,
                    None if tahanan else two,
                    "",
                    "",
                    "",
                    natural_sort_key(blocks[n % len(blocks)]),
                    natural_sort_key(str(n % 20 + 1)),
                    now,
                    now,
                )

        insert(
            Inmate,
            [
                "registration_number",
                "name",
                "legal_status",
                "status",
                "block",
                "cell",
                "remisi_days",
                "detention_date",
                "stage_one_third",
                "stage_half",
                "stage_two_thirds",
                "stage_override",
                "override_decision_number",
                "sentence_kind",
                "block_sort_key",
                "cell_sort_key",
                "created_at",
                "updated_at",
            ],
            inmates(),
        )
        inmate_ids = list(Inmate.objects.order_by("id").values_list("id", flat=True))

        programs = Program.objects.bulk_create(
            Program(
                name=f"Program {p:03d}",
                art_form=forms[p % len(forms)],
                instructor_type="petugas",
                instructor_user=staff,
                venue=venue,
                capacity=200,
                target_classes=["tahanan", "awal", "lanjutan_pertama", "lanjutan_kedua", "akhir"],
                created_by=staff,
            )
            for p in range(1, scale.programs + 1)
        )
        programs = list(Program.objects.order_by("id"))
        plans = WorkPlan.objects.bulk_create(
            WorkPlan(program=p, title=f"RK {p.name}", created_by=staff) for p in programs
        )
        plans = list(WorkPlan.objects.order_by("id"))
        revisions = WorkPlanRevision.objects.bulk_create(
            WorkPlanRevision(
                plan=plan,
                status="disetujui",
                period_start=today - timedelta(days=400),
                period_end=today + timedelta(days=60),
                objectives="Latihan rutin.",
                author=staff,
                decided_by=head,
                decided_at=now,
            )
            for plan in plans
        )
        revisions = list(WorkPlanRevision.objects.order_by("plan_id"))
        for plan, revision in zip(plans, revisions, strict=True):
            plan.latest_revision = revision
            plan.approved_revision = revision
        WorkPlan.objects.bulk_update(plans, ["latest_revision", "approved_revision"])

        # Allocations: every inmate in one program (programs get equal shares), from a year ago.
        per_program = max(1, scale.inmates // scale.programs)
        members: dict[int, list[int]] = {p.pk: [] for p in programs}
        allocations = []
        for k, inmate_id in enumerate(inmate_ids):
            program = programs[min(k // per_program, len(programs) - 1)]
            members[program.pk].append(inmate_id)
            allocations.append(
                (
                    program.pk,
                    inmate_id,
                    today - timedelta(days=380),
                    "",
                    "",
                    "",
                    "",
                    staff.pk,
                    "",
                    "",
                    now,
                )
            )
        insert(
            Allocation,
            [
                "program_id",
                "inmate_id",
                "start_date",
                "end_reason",
                "end_note",
                "eligibility_class",
                "override_reason",
                "allocated_by_id",
                "drift_kept_class",
                "drift_kept_reason",
                "created_at",
            ],
            allocations,
        )

        # Sessions: weekly per program, the last ones a little ahead of today.
        sessions = []
        session_members = []
        slots = scale.sessions // len(programs)
        extra = scale.sessions - slots * len(programs)
        tz = timezone.get_current_timezone()
        for index, (program, plan, revision) in enumerate(
            zip(programs, plans, revisions, strict=True)
        ):
            count = slots + (1 if index < extra else 0)
            first_day = today + timedelta(days=14 - 7 * count + index % 7)
            for s in range(count):
                day = first_day + timedelta(days=7 * s)
                start = datetime(day.year, day.month, day.day, 8 + index % 6, 0, tzinfo=tz)
                end = start + timedelta(minutes=45)
                if day >= today:
                    status, actual = "terjadwal", (None, None)
                elif rng.random() < 0.08:
                    status, actual = "dibatalkan", (None, None)
                else:
                    status = "selesai"
                    actual = (start, start + timedelta(minutes=rng.choice([40, 45, 45, 50, 55])))
                overran = bool(actual[1] and actual[1] - actual[0] > timedelta(minutes=45))
                sessions.append(
                    (
                        program.pk,
                        plan.pk,
                        revision.pk,
                        day,
                        start,
                        end,
                        actual[0],
                        actual[1],
                        overran,
                        False,  # start_off_time: every session starts on its slot
                        bool(actual[1] and actual[1] - actual[0] < timedelta(minutes=30)),
                        "",  # times_note
                        venue.pk,
                        status,
                        "instruktur_berhalangan" if status == "dibatalkan" else "",
                        "",
                        now if status == "dibatalkan" else None,
                    )
                )
                session_members.append(members[program.pk])
        insert(
            Session,
            [
                "program_id",
                "plan_id",
                "revision_id",
                "date",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "overran",
                "start_off_time",
                "too_short",
                "times_note",
                "venue_id",
                "status",
                "cancel_reason",
                "cancel_note",
                "cancelled_at",
            ],
            sessions,
        )
        session_ids = list(Session.objects.order_by("id").values_list("id", "status"))
        past = sum(1 for _, status in session_ids if status != "terjadwal")
        per_session = scale.attendance / max(past, 1)

        # Attendance of the sessions held or cancelled (the same number for each, so that the
        # total is exact), mostly present; a cancelled session's records say so.
        statuses = ["hadir"] * 80 + ["sakit"] * 6 + ["izin"] * 6 + ["menolak"] * 4
        statuses += ["bentrok"] * 4

        def attendance():
            made, k = 0, 0
            for (session_id, status), people in zip(session_ids, session_members, strict=True):
                if status == "terjadwal":
                    continue
                wanted = round(per_session * (k + 1)) - round(per_session * k)
                k += 1
                for inmate_id in people[: min(wanted, len(people))]:
                    if made >= scale.attendance:
                        return
                    value = "dibatalkan" if status == "dibatalkan" else rng.choice(statuses)
                    yield (
                        session_id,
                        inmate_id,
                        value,
                        "",
                        "",
                        "manual",
                        now,
                        staff.pk,
                        False,
                        now,
                    )
                    made += 1

        inserted = insert(
            Attendance,
            [
                "session_id",
                "inmate_id",
                "status",
                "sub_reason",
                "note",
                "method",
                "recorded_at",
                "recorded_by_id",
                "set_by_cancellation",
                "updated_at",
            ],
            attendance(),
        )
        # Rows inserted past the services: rebuild the per-session counts the reports read.
        recount_all()
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "head": head,
        "program": programs[len(programs) // 2],
        "inmate": Inmate.objects.get(pk=inmate_ids[len(inmate_ids) // 2]),
        "counts": {
            "inmates": len(inmate_ids),
            "programs": len(programs),
            "sessions": len(session_ids),
            "attendance": inserted,
        },
    }


# --- Pages ----------------------------------------------------------------------------------


def pages(objects: dict, today: date) -> list[tuple[str, str, dict]]:
    from django.urls import reverse

    month = f"{today:%Y-%m}"
    program = objects["program"].pk
    return [
        ("Dasbor Kepala UPT", reverse("dashboard"), {}),
        ("  … panel sekilas bulan ini (htmx)", reverse("report_glance_panel"), {}),
        ("Laporan program bulanan", reverse("report_monthly_programs"), {"bulan": month}),
        (
            "  … XLSX program bulanan",
            reverse("report_monthly_programs"),
            {"bulan": month, "format": "xlsx"},
        ),
        ("Absensi harian", reverse("report_daily_attendance"), {"tanggal": f"{today:%Y-%m-%d}"}),
        (
            "  … XLSX absensi harian",
            reverse("report_daily_attendance"),
            {"tanggal": f"{today:%Y-%m-%d}", "format": "xlsx"},
        ),
        (
            "Rekap absensi program",
            reverse("report_attendance_recap"),
            {"program": program, "bulan": month},
        ),
        (
            "  … XLSX rekap absensi",
            reverse("report_attendance_recap"),
            {"program": program, "bulan": month, "format": "xlsx"},
        ),
        ("Partisipasi WBP (halaman 1)", reverse("report_participation"), {"bulan": month}),
        (
            "  … XLSX partisipasi (semua WBP)",
            reverse("report_participation"),
            {"bulan": month, "format": "xlsx"},
        ),
        (
            "Riwayat kegiatan WBP (halaman WBP)",
            reverse("report_inmate_activity", args=[objects["inmate"].pk]),
            {},
        ),
    ]


def measure(objects: dict, today: date, repeat: int) -> dict[str, tuple[float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(objects["head"])
    results = {}
    for label, path, params in pages(objects, today):
        best, queries = float("inf"), 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(path, params)
                _ = response.content
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (label, response.status_code)
            best, queries = min(best, elapsed), len(ctx.captured_queries)
        results[label] = (best, queries)

    return results


def run_scale(scale: Scale, url: str, today: date, repeat: int) -> tuple[dict, dict, float]:
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    recreate_database(url)
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    objects = build(scale, today)
    built = time.perf_counter() - started
    return objects["counts"], measure(objects, today, repeat), built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inmates", type=int, default=30_000)
    parser.add_argument("--programs", type=int, default=300)
    parser.add_argument("--sessions", type=int, default=15_000)
    parser.add_argument("--attendance", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per page (best is shown)")
    args = parser.parse_args(argv)
    full = Scale("penuh", args.inmates, args.programs, args.sessions, args.attendance)

    url = bench_database_url()
    setup_django(url)
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    print(f"Basis data uji: {connection.vendor} ({url.rsplit('@', 1)[-1]}), tanggal {today}")
    measured = {}
    for scale in (DEMO, full):
        counts, results, built = run_scale(scale, url, today, args.repeat)
        measured[scale.name] = results
        summary = ", ".join(f"{v:,} {k}" for k, v in counts.items())
        print(f"Skala {scale.name}: {summary} (data dibuat dalam {built:.1f} s)")

    demo, big = measured[DEMO.name], measured[full.name]
    width = max(len(k) for k in demo) + 2
    print()
    print(f"{'halaman':<{width}}{'demo (s)':>10}{'kueri':>7}{'penuh (s)':>11}{'kueri':>7}  sama?")
    mismatches = 0
    for page in demo:
        (t_demo, q_demo), (t_full, q_full) = demo[page], big[page]
        same = q_demo == q_full
        mismatches += not same
        print(
            f"{page:<{width}}{t_demo:>10.3f}{q_demo:>7}{t_full:>11.3f}{q_full:>7}  "
            f"{'ya' if same else 'TIDAK'}"
        )
    print()
    if mismatches:
        print(f"{mismatches} halaman dengan jumlah kueri berbeda antar skala.")
        return 1
    print("Jumlah kueri setiap halaman sama pada kedua skala.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
