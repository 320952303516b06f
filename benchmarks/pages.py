"""Every staff page at demo and at regional scale, beside a bare view of the same data.

    .venv/bin/python benchmarks/pages.py                      # SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rutan .venv/bin/python benchmarks/pages.py
    .venv/bin/python benchmarks/pages.py --inmates 3000 --sessions 1500 --attendance 100000

It builds the throwaway database of `benchmarks/reports.py` (same data, same flags) once per
scale, then requests each page through Django's test client as the Kepala UPT, `--repeat`
times interleaved with its bare view (`benchmarks/bare_urls.py`): a view behind the same
middleware, login and permission check that renders the same queryset or report function into a
one-line template. It prints per page: queries at demo and at full scale, the median server
time, the bare view's median, their ratio, the data function's own median (called without a
request), and the goals beside them (median ≤ 50 ms for list and detail pages, ≤ 150 ms for
reports, ≤ 2× the bare view); then the floor: the median of the
reports menu, a staff page that reads no data (what every page pays for the session, the
permissions, the middleware and the layout). It exits with status 1 when a
page's query count differs between the scales.
"""

import argparse
import statistics
import sys
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reports as data  # noqa: E402  (benchmarks/reports.py: database, data set)

LIST_GOAL, REPORT_GOAL, RATIO_GOAL = 0.050, 0.150, 2.0


WAITING_PLANS = 30  # work plans awaiting the Kepala UPT's decision (three inbox pages)
DEMO_COMPLAINTS = 50


def extras(objects: dict, complaints: int) -> dict:
    """What the pembinaan and pengaduan pages need beyond benchmarks/reports.py's data: work
    plans awaiting a decision (for the plan inbox), a pejabat and `complaints` complaints over
    the last year (benchmarks/pengaduan_lists.py's `fill`)."""
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from pengaduan_lists import fill

    from pembinaan.models import Program, WorkPlan, WorkPlanRevision, WorkPlanSlot
    from pembinaan.models import WorkPlanStatus as Status
    from pengaduan.models import Complaint
    from rutan import roles
    from rutan.models import User

    staff = User.objects.get(username="petugas")
    official = User.objects.create_user("pejabat", password="x", first_name="Pejabat")
    official.groups.add(Group.objects.get(name=roles.group_name(roles.PEJABAT_PELAYANAN)))
    now = timezone.now()
    waiting = WorkPlan.objects.bulk_create(
        WorkPlan(program=p, title=f"RK tahun depan {p.name}", created_by=staff)
        for p in Program.objects.order_by("pk")[:WAITING_PLANS]
    )
    pending = WorkPlanRevision.objects.bulk_create(
        WorkPlanRevision(
            plan=plan,
            status=Status.SUBMITTED,
            period_start=date(now.year + 1, 1, 1),
            period_end=date(now.year + 1, 6, 30),
            objectives="Tujuan",
            author=staff,
            submitted_by=staff,
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
    fill(complaints, officials=[official])
    return {
        "staff": staff,
        "complaint": Complaint.objects.order_by("-received_at").first(),
        "complaints": Complaint.objects.count(),
    }


def pages(objects: dict, today: date) -> list[tuple]:
    """(label, kind, path, params, bare[, who]) per page; `bare()` renders what the page shows
    into a one-line template; `who` is "staff" for a page seen as the petugas pembinaan
    (default: the Kepala UPT)."""
    from django.conf import settings
    from django.db.models import QuerySet
    from django.template import Context, Template
    from django.urls import reverse
    from django.utils import timezone

    from absensi.models import Attendance, FingerprintDevice
    from pembinaan import services as plan_services
    from pembinaan.models import SdpImport, Session, WorkPlan
    from pembinaan.services import register_figures
    from pembinaan.views.common import INBOX_PAGE_SIZE
    from pengaduan.models import Complaint
    from pengaduan.views.reports import REGISTER_PAGE_SIZE
    from rutan.calendar import holidays_between
    from rutan.months import Month
    from rutan.reports.attendance_recap import attendance_recap
    from rutan.reports.daily_attendance import daily_attendance
    from rutan.reports.glance import month_glance
    from rutan.reports.inmate_activity import inmate_activity
    from rutan.reports.monthly_programs import monthly_program_report
    from rutan.reports.participation import participation_rows, participation_totals

    month = Month.of(today)
    COMPLAINT_PAGE = settings.PENGADUAN_LIST_PAGE_SIZE  # noqa: N806
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
        from absensi.services import sessions_with_progress
        from absensi.views import SESSION_LIST_PAGE_SIZE

        sessions = sessions_with_progress(today - timedelta(days=7), today)
        return list(sessions[:SESSION_LIST_PAGE_SIZE]), sessions.count()

    def grid():
        from absensi import services as attendance_services

        return (
            list(session.participants()),
            list(Attendance.objects.for_session(session)),
            attendance_services.suspended_participants(session),
        )

    def week():
        monday = today - timedelta(days=today.weekday())
        return list(
            Session.objects.select_related("program__art_form", "venue")
            .with_participant_count()
            .between(monday, monday + timedelta(days=6))
        )

    def inbox():
        plans = list(
            WorkPlan.objects.awaiting_approval()
            .with_related()
            .prefetch_related("latest_revision__slots")
            .order_by("latest_revision__submitted_at", "pk")[:INBOX_PAGE_SIZE]
        )
        names = plan_services.current_participant_names((p.program_id for p in plans), today)
        # Each plan's planned sessions and skipped holidays: what the services compute for it.
        revisions = [p.latest_revision for p in plans]
        for p in plans:
            p.latest_revision.plan = p
        days = holidays_between(
            min(r.period_start for r in revisions), max(r.period_end for r in revisions)
        )
        schedules = [
            (
                plan_services.revision_schedule(r, holidays=days),
                plan_services.skipped_holidays(r, holidays=days),
            )
            for r in revisions
        ]
        return plans, names, schedules

    def dashboard(*, head: bool):
        """The dashboard panels' data: today's sessions, the plans awaiting a decision (Kepala
        UPT) or returned (petugas), the devices; for the petugas the participants who drifted
        out of their program's classes (count and first rows). The register's figures and the
        month at a glance load afterwards, as pages of their own."""
        from pembinaan.views.programs import DRIFT_PANEL_ROWS

        plans = WorkPlan.objects.with_related()
        plans = plans.awaiting_approval() if head else plans.returned()

        def drift():
            return plan_services.drifted_allocations(today, limit=DRIFT_PANEL_ROWS)

        def run():
            return (
                list(
                    Session.objects.select_related("program", "venue")
                    .with_participant_count()
                    .on_date(today)
                ),
                list(plans[:10]),
                list(FingerprintDevice.objects.all()),
                None if head else drift(),
            )

        return run

    month_start = timezone.make_aware(datetime.combine(month.first, time()))

    def complaints():
        return list(
            Complaint.objects.visible_to(objects["head"])
            .select_related("service", "assigned_to")
            .order_by("-received_at")[:COMPLAINT_PAGE]
        ), Complaint.objects.visible_to(objects["head"]).count()

    def complaint_detail():
        """The complaint and everything its page lists: timeline, replies (and the draft),
        internal notes, attachments, merged duplicates."""
        c = Complaint.objects.select_related("service", "assigned_to").get(
            pk=objects["complaint"].pk
        )
        return (
            c,
            list(c.events.select_related("actor")),
            list(c.replies.select_related("drafted_by", "published_by")),
            c.replies.filter(published_at__isnull=True).first(),
            list(c.internal_notes.select_related("author")),
            list(c.attachments.all()),
            list(c.duplicates.order_by("number")),
        )

    def register():
        rows = (
            Complaint.objects.visible_to(objects["head"])
            .filter(created_at__gte=month_start)
            .select_related("service", "assigned_to")
        )
        return list(rows.order_by("created_at", "id")[:REGISTER_PAGE_SIZE]), rows.count()

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
            "Panel angka register WBP",
            "list",
            reverse("pembinaan:register_panel"),
            {},
            bare(
                lambda: (
                    register_figures(today),
                    list(SdpImport.objects.select_related("imported_by")[:5]),
                )
            ),
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
        (
            "Jadwal: tampilan minggu",
            "list",
            reverse("pembinaan:session_list"),
            {"tampilan": "minggu", "tanggal": f"{today:%Y-%m-%d}"},
            bare(week),
        ),
        ("Kotak masuk rencana kerja", "list", reverse("pembinaan:plan_inbox"), {}, bare(inbox)),
        ("Dasbor Kepala UPT", "list", reverse("dashboard"), {}, bare(dashboard(head=True))),
        (
            "Dasbor petugas pembinaan",
            "list",
            reverse("dashboard"),
            {},
            bare(dashboard(head=False)),
            "staff",
        ),
        (
            "Pengaduan: daftar",
            "list",
            reverse("pengaduan:complaint_list"),
            {},
            bare(complaints),
        ),
        (
            "Pengaduan: rincian",
            "list",
            reverse("pengaduan:complaint_detail", args=[objects["complaint"].pk]),
            {},
            bare(complaint_detail),
        ),
        (
            "Pengaduan: register bulan ini",
            "report",
            reverse("pengaduan:register"),
            {"bulan": month.param},
            bare(register),
        ),
    ]


# The named permission each page's view checks; its bare view checks the same (None: login only).
PERMISSIONS = {
    "Absensi: daftar sesi": "absensi.view_attendance",
    "Absensi: isian sesi": "absensi.view_attendance",
    "Panel angka register WBP": "pembinaan.view_inmate",
    "Panel sekilas bulan ini": "rutan.view_reports",
    "Laporan program bulanan": "rutan.view_reports",
    "Absensi harian": "rutan.view_reports",
    "Rekap absensi program": "rutan.view_reports",
    "Partisipasi WBP (halaman 1)": "rutan.view_reports",
    "Riwayat kegiatan WBP": "pembinaan.view_inmate",
    "Jadwal: tampilan minggu": "pembinaan.view_session",
    "Kotak masuk rencana kerja": "pembinaan.approve_workplan",
    "Dasbor Kepala UPT": None,
    "Dasbor petugas pembinaan": None,
    "Pengaduan: daftar": "pengaduan.view_complaint",
    "Pengaduan: rincian": "pengaduan.view_complaint",
    "Pengaduan: register bulan ini": "pengaduan.view_complaint_report",
}


def measure(objects: dict, today: date, repeat: int, only: str = "") -> dict[str, tuple]:
    """Per page: (kind, queries, median of the page, median of its bare view, median of the
    bare view's data alone: the function called without a request)."""
    from bare_urls import VIEWS
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    clients = {"head": Client(), "staff": Client()}
    clients["head"].force_login(objects["head"])
    clients["staff"].force_login(objects["staff"])
    results = {}
    listed = [page for page in pages(objects, today) if only.lower() in page[0].lower()]
    VIEWS[:] = [(PERMISSIONS[label], bare) for label, _k, _p, _q, bare, *_w in listed]
    with override_settings(ROOT_URLCONF="bare_urls"):
        for index, (label, kind, path, params, bare, *who) in enumerate(listed):
            client = clients[who[0] if who else "head"]
            bare_path = f"/__bare__/{index}/"
            client.get(path, params)  # warm caches (templates, permissions)
            client.get(bare_path)
            page_times, bare_times, data_times, queries = [], [], [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as ctx:
                    started = clock.perf_counter()
                    response = client.get(path, params)
                    _ = response.content
                    page_times.append(clock.perf_counter() - started)
                assert response.status_code == 200, (label, response.status_code)
                queries = len(ctx.captured_queries)
                started = clock.perf_counter()
                response = client.get(bare_path)
                _ = response.content
                bare_times.append(clock.perf_counter() - started)
                assert response.status_code == 200, (label, "bare", response.status_code)
                started = clock.perf_counter()
                bare()
                data_times.append(clock.perf_counter() - started)
            results[label] = (
                kind,
                queries,
                statistics.median(page_times),
                statistics.median(bare_times),
                statistics.median(data_times),
            )
        results[FLOOR] = ("floor", 0, _floor(clients["head"], repeat), 0.0, 0.0)
    return results


FLOOR = "Lantai: menu laporan (tanpa data)"


def _floor(client, repeat: int) -> float:
    """The median of the reports menu: a staff page that reads no data, so what every page
    pays whatever it shows (session, user and permissions, middleware, the layout with its
    menus)."""
    from django.urls import reverse

    path = reverse("report_index")
    client.get(path)
    times = []
    for _ in range(repeat):
        started = clock.perf_counter()
        _ = client.get(path).content
        times.append(clock.perf_counter() - started)
    return statistics.median(times)


def run_scale(scale, url: str, today: date, repeat: int, complaints: int):
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    data.recreate_database(url)
    call_command("migrate", verbosity=0, interactive=False)
    started = clock.perf_counter()
    objects = data.build(scale, today)
    objects.update(extras(objects, complaints))
    objects["counts"]["complaints"] = objects["complaints"]
    if connections["default"].vendor == "postgresql":
        # What autovacuum does after a million inserts, before anyone opens a page: the
        # statistics, and the visibility map without which PostgreSQL does not answer a
        # query from an index alone (the reports' covering index on attendance).
        with connections["default"].cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    built = clock.perf_counter() - started
    return objects["counts"], measure(objects, today, repeat), built


def existing_objects() -> dict:
    """What `measure` needs, read back from the data set an earlier full run left (--ulang)."""
    from pembinaan.models import Inmate, Program
    from pengaduan.models import Complaint
    from rutan.models import User

    programs = Program.objects.order_by("pk")
    inmates = Inmate.objects.order_by("pk")
    return {
        "head": User.objects.get(username="karutan"),
        "staff": User.objects.get(username="petugas"),
        "program": programs[programs.count() // 2],
        "inmate": inmates[inmates.count() // 2],
        "complaint": Complaint.objects.order_by("-received_at").first(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inmates", type=int, default=30_000)
    parser.add_argument("--programs", type=int, default=300)
    parser.add_argument("--sessions", type=int, default=15_000)
    parser.add_argument("--attendance", type=int, default=1_000_000)
    parser.add_argument("--complaints", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=12, help="runs per page (median shown)")
    parser.add_argument(
        "--ulang",
        action="store_true",
        help="measure again the full-scale data an earlier run left (no build, no demo scale):"
        " for trying a change to one page; the acceptance figures come from a whole run",
    )
    parser.add_argument("--hanya", default="", help="with --ulang: only pages whose name has this")
    args = parser.parse_args(argv)
    full = data.Scale("penuh", args.inmates, args.programs, args.sessions, args.attendance)

    url = data.bench_database_url()
    data.setup_django(url)
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    print(f"Basis data uji: {connection.vendor}, tanggal {today}")
    if args.ulang:
        results = measure(existing_objects(), today, args.repeat, args.hanya)
        floor = results.pop(FLOOR)[2]
        for page, (kind, queries, t, b, d) in results.items():
            goal = LIST_GOAL if kind == "list" else REPORT_GOAL
            print(
                f"{page:<32}{queries:>4} kueri{1000 * t:>7.1f}ms (≤ {1000 * goal:.0f})"
                f"  bare {1000 * b:>6.1f}ms  rasio {t / b:4.1f}×  data {1000 * d:>6.1f}ms"
            )
        print(f"{FLOOR}: {1000 * floor:.1f}ms")
        return 0
    measured = {}
    for scale in (data.DEMO, full):
        complaints = DEMO_COMPLAINTS if scale is data.DEMO else args.complaints
        counts, results, built = run_scale(scale, url, today, args.repeat, complaints)
        measured[scale.name] = results
        summary = ", ".join(f"{v:,} {k}" for k, v in counts.items())
        print(f"Skala {scale.name}: {summary} (data dibuat dalam {built:.1f} s)")

    demo, big = measured[data.DEMO.name], measured[full.name]
    width = max(len(k) for k in demo) + 2
    print()
    print(
        f"{'halaman':<{width}}{'kueri demo':>11}{'kueri penuh':>12}{'median':>9}{'target':>8}"
        f"{'bare':>8}{'rasio':>7}{'data':>8}  (target rasio ≤ {RATIO_GOAL:.0f}×)"
    )
    mismatches = 0
    floor = big.pop(FLOOR)[2]
    demo.pop(FLOOR)
    for page, (kind, q_demo, *_times) in demo.items():
        _kind, q_full, t_full, b_full, d_full = big[page]
        goal = LIST_GOAL if kind == "list" else REPORT_GOAL
        ratio = t_full / b_full if b_full else float("inf")
        mismatches += q_demo != q_full
        marks = ("" if t_full <= goal else " (lambat)") + (
            "" if ratio <= RATIO_GOAL else " (rasio)"
        )
        print(
            f"{page:<{width}}{q_demo:>11}{q_full:>12}{1000 * t_full:>7.0f}ms{1000 * goal:>6.0f}ms"
            f"{1000 * b_full:>6.0f}ms{ratio:>6.1f}×{1000 * d_full:>6.0f}ms{marks}"
        )
    print(
        f"{FLOOR}: {1000 * floor:.0f}ms (yang dibayar setiap halaman: sesi, izin, middleware,"
        " tata letak)"
    )
    print(
        "bare: tampilan polos lewat jalur permintaan yang sama (middleware, sesi, login, izin)"
        " dengan data halaman dalam templat satu baris; data: fungsi datanya saja, tanpa"
        " permintaan."
    )
    print()
    if mismatches:
        print(f"{mismatches} halaman dengan jumlah kueri berbeda antar skala.")
        return 1
    print("Jumlah kueri sama di kedua skala.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
