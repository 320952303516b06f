"""Benchmark of the programs side's pages with a year of data.

Builds, in a throwaway test database (SQLite file, or PostgreSQL `test_<name>` when
DATABASE_URL points at PostgreSQL), 300 programs with approved plans and 15,000 sessions over
a year, 1,500 inmates, 6,000 allocations, results for past sessions and 40 plans awaiting
approval; then requests each page as the petugas / Kepala UPT and prints its time and query
count. The database is dropped at the end.

    .venv/bin/python benchmarks/pembinaan_pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rutan_bench \
        .venv/bin/python benchmarks/pembinaan_pages.py
"""

import logging
import os
import random
import statistics
import sys
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rutan.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")

import django  # noqa: E402

django.setup()
logging.getLogger("axes").setLevel(logging.WARNING)

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

PROGRAMS = 300
SESSIONS_PER_PROGRAM = 50  # 15,000 in all
INMATES = 1500
PARTICIPANTS = 20  # per program: 6,000 allocations
WAITING_PLANS = 40
TODAY = date(2026, 6, 15)  # a Monday in the middle of the year of data


def build() -> dict:
    from pembinaan.models import (
        Allocation,
        ArtForm,
        Inmate,
        InstructorType,
        Program,
        Session,
        SessionResult,
        SessionStatus,
        Venue,
        WorkPlan,
        WorkPlanRevision,
        WorkPlanSlot,
        WorkPlanStatus,
    )
    from rutan import roles
    from rutan.models import User

    rng = random.Random(42)
    petugas = User.objects.create_user("petugas", first_name="Siti")
    petugas.groups.add(Group.objects.get(name=roles.group_name(roles.PETUGAS_PEMBINAAN)))
    kepala = User.objects.create_user("karutan", first_name="Bambang")
    kepala.groups.add(Group.objects.get(name=roles.group_name(roles.KEPALA_UPT)))
    arts = list(ArtForm.objects.all())
    venues = Venue.objects.bulk_create(Venue(name=f"Ruang {i}") for i in range(12))
    inmates = Inmate.objects.bulk_create(
        Inmate(
            registration_number=f"A.II {i}/2026",
            name=f"WBP {i:04d}",
            legal_status="tahanan",
            block="ABCDE"[i % 5],
            cell=str(i % 20),
        )
        for i in range(INMATES)
    )
    programs = Program.objects.bulk_create(
        Program(
            name=f"Program {i:03d}",
            art_form=arts[i % len(arts)],
            instructor_type=InstructorType.STAFF,
            instructor_user=petugas,
            venue=venues[i % len(venues)],
            capacity=30,
            target_classes=["tahanan", "awal"],
            session_minutes=45,
            created_by=petugas,
        )
        for i in range(PROGRAMS)
    )
    plans = WorkPlan.objects.bulk_create(
        WorkPlan(program=p, title=f"RK {p.name}", created_by=petugas) for p in programs
    )
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    now = timezone.now()
    revisions = WorkPlanRevision.objects.bulk_create(
        WorkPlanRevision(
            plan=plan,
            status=WorkPlanStatus.APPROVED,
            period_start=start,
            period_end=end,
            objectives="Tujuan",
            author=petugas,
            submitted_by=petugas,
            submitted_at=now,
            decided_by=kepala,
            decided_at=now,
        )
        for plan in plans
    )
    WorkPlanSlot.objects.bulk_create(
        WorkPlanSlot(revision=r, weekday=i % 6, start_time=time(8 + i % 8, 0))
        for i, r in enumerate(revisions)
    )
    for plan, revision in zip(plans, revisions, strict=True):
        plan.latest_revision = plan.approved_revision = revision
    WorkPlan.objects.bulk_update(plans, ["latest_revision", "approved_revision"])

    sessions = []
    for i, (plan, revision) in enumerate(zip(plans, revisions, strict=True)):
        first = start + timedelta(days=(i % 6 - start.weekday()) % 7)
        for week in range(SESSIONS_PER_PROGRAM):
            day = first + timedelta(weeks=week)
            begin = timezone.make_aware(datetime.combine(day, time(8 + i % 8, 0)))
            past = day < TODAY
            sessions.append(
                Session(
                    program=plan.program,
                    plan=plan,
                    revision=revision,
                    date=day,
                    planned_start=begin,
                    planned_end=begin + timedelta(minutes=45),
                    venue=plan.program.venue,
                    status=SessionStatus.FINISHED if past else SessionStatus.SCHEDULED,
                    actual_start=begin if past else None,
                    actual_end=begin + timedelta(minutes=rng.choice([40, 44, 50]))
                    if past
                    else None,
                )
            )
    for s in sessions:
        s.overran = bool(s.actual_end and s.actual_end - s.actual_start > timedelta(minutes=45))
    sessions = Session.objects.bulk_create(sessions, batch_size=2000)
    SessionResult.objects.bulk_create(
        (
            SessionResult(session=s, summary="Latihan", recorded_by=petugas)
            for s in sessions
            if s.status == SessionStatus.FINISHED
        ),
        batch_size=2000,
    )
    Allocation.objects.bulk_create(
        (
            Allocation(
                program=p,
                inmate=inmates[(i * PARTICIPANTS + k) % INMATES],
                start_date=start,
                allocated_by=petugas,
            )
            for i, p in enumerate(programs)
            for k in range(PARTICIPANTS)
        ),
        batch_size=2000,
    )
    waiting = WorkPlan.objects.bulk_create(
        WorkPlan(program=p, title=f"RK tahun depan {p.name}", created_by=petugas)
        for p in programs[:WAITING_PLANS]
    )
    pending = WorkPlanRevision.objects.bulk_create(
        WorkPlanRevision(
            plan=plan,
            status=WorkPlanStatus.SUBMITTED,
            period_start=date(2027, 1, 1),
            period_end=date(2027, 6, 30),
            objectives="Tujuan",
            author=petugas,
            submitted_by=petugas,
            submitted_at=now,
        )
        for plan in waiting
    )
    WorkPlanSlot.objects.bulk_create(
        WorkPlanSlot(revision=r, weekday=1, start_time=time(9, 0)) for r in pending
    )
    for plan, revision in zip(waiting, pending, strict=True):
        plan.latest_revision = revision
    WorkPlan.objects.bulk_update(waiting, ["latest_revision"])
    session_today = next(s for s in sessions if s.date >= TODAY)
    return {
        "petugas": petugas,
        "kepala": kepala,
        "program": programs[0],
        "plan": plans[0],
        "session": session_today,
        "counts": (
            Program.objects.count(),
            Session.objects.count(),
            Allocation.objects.count(),
            WorkPlan.objects.count(),
        ),
    }


def measure(client: Client, url: str, runs: int = 5) -> tuple[float, int, int]:
    """Median time (ms) of `runs` requests after a warm-up, query count, status."""
    client.get(url)  # warm up (template loading)
    if os.environ.get("PROFILE") and os.environ["PROFILE"] in url:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            began = clock.perf_counter()
            response = client.get(url)
            times.append((clock.perf_counter() - began) * 1000)
    if os.environ.get("SQL") and os.environ["SQL"] in url:
        for q in queries.captured_queries:
            print(f"  {q['time']}s  {q['sql'][:300]}")
    return statistics.median(times), len(queries), response.status_code


def main() -> None:
    import time_machine

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with time_machine.travel(
            timezone.make_aware(datetime.combine(TODAY, time(7, 0))), tick=True
        ):
            began = clock.perf_counter()
            data = build()
            programs, sessions, allocations, plans = data["counts"]
            print(
                f"Database: {connection.vendor}; {programs} programs, {sessions} sessions, "
                f"{allocations} allocations, {plans} work plans "
                f"(built in {clock.perf_counter() - began:.1f} s)\n"
            )
            petugas, kepala = Client(), Client()
            petugas.force_login(data["petugas"])
            kepala.force_login(data["kepala"])
            pages = [
                ("Sesi hari ini", petugas, reverse("pembinaan:session_list")),
                ("Jadwal minggu", petugas, reverse("pembinaan:session_list") + "?tampilan=minggu"),
                ("Program (aktif)", petugas, reverse("pembinaan:program_list")),
                (
                    "Program (semua, hal. 6)",
                    petugas,
                    reverse("pembinaan:program_list") + "?status=semua&halaman=6",
                ),
                (
                    "Detail program",
                    petugas,
                    reverse("pembinaan:program_detail", args=[data["program"].pk]),
                ),
                (
                    "Peserta program",
                    petugas,
                    reverse("pembinaan:program_participants", args=[data["program"].pk]),
                ),
                ("Rencana kerja", petugas, reverse("pembinaan:plan_list")),
                (
                    "Detail rencana kerja",
                    petugas,
                    reverse("pembinaan:plan_detail", args=[data["plan"].pk]),
                ),
                (
                    "Cetak rencana kerja",
                    petugas,
                    reverse("pembinaan:plan_print", args=[data["plan"].pk]),
                ),
                ("Kotak keputusan (40 menunggu)", kepala, reverse("pembinaan:plan_inbox")),
                (
                    "Detail sesi",
                    petugas,
                    reverse("pembinaan:session_detail", args=[data["session"].pk]),
                ),
                (
                    "Daftar panggil",
                    petugas,
                    reverse("pembinaan:session_callout", args=[data["session"].pk]),
                ),
                ("Dasbor petugas", petugas, reverse("dashboard")),
                ("Dasbor Kepala UPT", kepala, reverse("dashboard")),
            ]
            print(f"{'halaman':<30} {'ms (median 5)':>13} {'query':>6}  status")
            for label, client, url in pages:
                ms, queries, status = measure(client, url)
                print(f"{label:<30} {ms:>13.1f} {queries:>6}  {status}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
