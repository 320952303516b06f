"""Every staff page at demo and at regional scale, beside a bare view of the same data.

    .venv/bin/python benchmarks/pages.py                      # SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rutan .venv/bin/python benchmarks/pages.py
    .venv/bin/python benchmarks/pages.py --inmates 3000 --sessions 1500 --attendance 100000

It builds the throwaway database of `benchmarks/reports.py` (same data, same flags) once per
scale, then requests each page through Django's test client as the Kepala UPT, `--repeat`
times interleaved with its bare view: the same queryset or report function rendered into a
one-line template. It prints per page: queries at demo and at full scale, the median server
time, the bare view's median, their ratio, and the goals beside them (median ≤ 50 ms for list
and detail pages, ≤ 150 ms for reports, ≤ 2× the bare view). It exits with status 1 when a
page's query count differs between the scales.
"""

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reports as data  # noqa: E402  (benchmarks/reports.py: database, data set)

LIST_GOAL, REPORT_GOAL, RATIO_GOAL = 0.050, 0.150, 2.0


def pages(objects: dict, today: date) -> list[tuple[str, str, str, dict, object]]:
    """(label, kind, path, params, bare) per page; `bare()` returns what the page shows."""
    from django.db.models import QuerySet
    from django.template import Context, Template
    from django.urls import reverse

    from absensi.models import Attendance
    from pembinaan.models import Session
    from rutan.months import Month
    from rutan.reports.attendance_recap import attendance_recap
    from rutan.reports.daily_attendance import daily_attendance
    from rutan.reports.glance import month_glance
    from rutan.reports.inmate_activity import inmate_activity
    from rutan.reports.monthly_programs import monthly_program_report
    from rutan.reports.participation import participation_rows, participation_totals

    month = Month.of(today)
    program = objects["program"]
    session = (
        Session.objects.filter(program=program, date__lte=today).order_by("-date").first()
        or Session.objects.order_by("-date").first()
    )
    line = Template("{{ value }}")

    def force(value) -> int:
        """Evaluate every queryset in a report's result (no str(): a model's __str__ may query)."""
        if isinstance(value, QuerySet):
            value = list(value)
        if isinstance(value, dict):
            return sum(force(item) for item in value.values())
        if isinstance(value, list | tuple):
            return len(value) + sum(force(item) for item in value if isinstance(item, dict))
        return 1

    def bare(compute):
        def run():
            return line.render(Context({"value": force(compute())}))

        return run

    def session_list():
        first = today - timedelta(days=7)
        return list(
            Session.objects.with_related().with_participant_count().between(first, today)
        ), Attendance.objects.filter(session__date__range=(first, today)).count()

    def grid():
        return list(session.participants()), list(Attendance.objects.for_session(session))

    return [
        ("Absensi: daftar sesi", "list", reverse("absensi:session_list"), {}, bare(session_list)),
        (
            "Absensi: isian sesi",
            "list",
            reverse("absensi:session_attendance", args=[session.pk]),
            {},
            bare(grid),
        ),
        (
            "Panel sekilas bulan ini",
            "report",
            reverse("report_glance_panel"),
            {},
            bare(lambda: month_glance(month)),
        ),
        (
            "Laporan program bulanan",
            "report",
            reverse("report_monthly_programs"),
            {"bulan": month.param},
            bare(lambda: monthly_program_report(month)),
        ),
        (
            "Absensi harian",
            "report",
            reverse("report_daily_attendance"),
            {"tanggal": f"{today:%Y-%m-%d}"},
            bare(lambda: daily_attendance(today)),
        ),
        (
            "Rekap absensi program",
            "report",
            reverse("report_attendance_recap"),
            {"program": program.pk, "bulan": month.param},
            bare(lambda: attendance_recap(program, month)),
        ),
        (
            "Partisipasi WBP (halaman 1)",
            "report",
            reverse("report_participation"),
            {"bulan": month.param},
            bare(lambda: (participation_totals(month), list(participation_rows(month)[:100]))),
        ),
        (
            "Riwayat kegiatan WBP",
            "list",
            reverse("report_inmate_activity", args=[objects["inmate"].pk]),
            {},
            bare(lambda: inmate_activity(objects["inmate"])),
        ),
    ]


def measure(objects: dict, today: date, repeat: int) -> dict[str, tuple]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(objects["head"])
    results = {}
    for label, kind, path, params, bare in pages(objects, today):
        page_times, bare_times, queries = [], [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(path, params)
                _ = response.content
                page_times.append(time.perf_counter() - started)
            assert response.status_code == 200, (label, response.status_code)
            queries = len(ctx.captured_queries)
            started = time.perf_counter()
            bare()
            bare_times.append(time.perf_counter() - started)
        results[label] = (
            kind,
            queries,
            statistics.median(page_times),
            statistics.median(bare_times),
        )
    return results


def run_scale(scale, url: str, today: date, repeat: int):
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    data.recreate_database(url)
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    objects = data.build(scale, today)
    built = time.perf_counter() - started
    return objects["counts"], measure(objects, today, repeat), built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inmates", type=int, default=30_000)
    parser.add_argument("--programs", type=int, default=300)
    parser.add_argument("--sessions", type=int, default=15_000)
    parser.add_argument("--attendance", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=12, help="runs per page (median shown)")
    args = parser.parse_args(argv)
    full = data.Scale("penuh", args.inmates, args.programs, args.sessions, args.attendance)

    url = data.bench_database_url()
    data.setup_django(url)
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    print(f"Basis data uji: {connection.vendor}, tanggal {today}")
    measured = {}
    for scale in (data.DEMO, full):
        counts, results, built = run_scale(scale, url, today, args.repeat)
        measured[scale.name] = results
        summary = ", ".join(f"{v:,} {k}" for k, v in counts.items())
        print(f"Skala {scale.name}: {summary} (data dibuat dalam {built:.1f} s)")

    demo, big = measured[data.DEMO.name], measured[full.name]
    width = max(len(k) for k in demo) + 2
    print()
    print(
        f"{'halaman':<{width}}{'kueri demo':>11}{'kueri penuh':>12}{'median':>9}{'target':>8}"
        f"{'bare':>8}{'rasio':>7}  (target rasio ≤ {RATIO_GOAL:.0f}×)"
    )
    mismatches = 0
    for page, (kind, q_demo, _t, _b) in demo.items():
        _kind, q_full, t_full, b_full = big[page]
        goal = LIST_GOAL if kind == "list" else REPORT_GOAL
        ratio = t_full / b_full if b_full else float("inf")
        mismatches += q_demo != q_full
        marks = ("" if t_full <= goal else " (lambat)") + (
            "" if ratio <= RATIO_GOAL else " (rasio)"
        )
        print(
            f"{page:<{width}}{q_demo:>11}{q_full:>12}{1000 * t_full:>7.0f}ms{1000 * goal:>6.0f}ms"
            f"{1000 * b_full:>6.0f}ms{ratio:>6.1f}×{marks}"
        )
    print()
    if mismatches:
        print(f"{mismatches} halaman dengan jumlah kueri berbeda antar skala.")
        return 1
    print("Jumlah kueri sama di kedua skala.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
