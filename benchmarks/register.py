"""Benchmark of the inmate register at 30,000 inmates.

    .venv/bin/python benchmarks/register.py [--rows 30000]

Prints the seconds to parse, preview and commit a generated SDP export (CSV and XLSX parsing,
and their ratio), the query count and time of the register list page at the demo size (~150
inmates) and after the import, and a full import through the web pages with the task worker
running (in a thread, as `manage.py db_worker` would): the longest web request while the job
runs, and the total time from upload to summary; the same for the participation workbook.
Uses its own SQLite file in benchmarks/out/ (made afresh), or DATABASE_URL when set (point it
at a scratch PostgreSQL database: the tables are migrated and filled).
"""

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def setup_django() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" not in os.environ:
        database = OUT / "register.sqlite3"
        database.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rutan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generated_export(rows: int) -> list[list[str]]:
    """A plausible SDP export: a third tahanan, the rest narapidana with 1-10 year sentences."""
    from pembinaan.sdp import COLUMNS

    table = [list(COLUMNS)]
    for n in range(rows):
        narapidana = n % 3 != 0
        register = ("B.I" if n % 5 else "B.IIa") if narapidana else "A.II"
        detention = f"20{20 + n % 6}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        table.append(
            [
                f"{register} {10_000 + n}/2025",
                f"Warga Binaan {n}",
                "narapidana" if narapidana else "tahanan",
                "AKTIF",
                "ABCD"[n % 4],
                str(1 + n % 12),
                detention,
                str(1 + n % 10) if narapidana else "",
                str(n % 12) if narapidana else "",
                "0" if narapidana else "",
                str(n % 90) if narapidana else "",
                "",
                "",
                "",
                "",
                str(50_000 + n),
            ]
        )
    return table


def as_csv(table: list[list[str]]) -> bytes:
    stream = io.StringIO(newline="")
    csv.writer(stream).writerows(table)
    return stream.getvalue().encode()


def as_xlsx(table: list[list[str]]) -> bytes:
    from pembinaan.sdp import EXPORT_COLUMNS, parse_sdp_file, write_sdp_xlsx

    rows = parse_sdp_file(as_csv(table), "x.csv").rows
    return write_sdp_xlsx(
        [{c: v for c, v in r.as_columns().items() if c in EXPORT_COLUMNS} for r in rows]
    )


def list_page(client, path: str) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(queries), time.perf_counter() - started


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    print(f"{label:<46} {time.perf_counter() - started:7.2f} s")
    return result


class WorkerThread:
    """The django-tasks DB worker in a thread of this process (as `manage.py db_worker`)."""

    def __init__(self):
        import threading

        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=["default"],
            interval=0.2,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="benchmark",
            excluded_queue_names=[],
        )
        self.thread = threading.Thread(target=self.worker.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.worker.running = False
        self.thread.join(timeout=30)


class WebTimer:
    """Times every request made through it; ``longest`` is the slowest one."""

    def __init__(self, client):
        self.client = client
        self.longest = 0.0
        self.longest_path = ""
        self.count = 0

    def request(self, method: str, path: str, **kwargs):
        started = time.perf_counter()
        response = getattr(self.client, method)(path, **kwargs)
        elapsed = time.perf_counter() - started
        self.count += 1
        if elapsed > self.longest:
            self.longest, self.longest_path = elapsed, f"{method.upper()} {path}"
        return response

    def follow_job(self, response, timeout: float = 900.0):
        """Poll the job page a POST redirected to (as the page's htmx does) until it ends."""
        from rutan.models import Job

        assert response.status_code == 302, response.status_code
        location = response["Location"]
        job_id = location.rsplit("tugas=", 1)[-1].rstrip("/").rsplit("/", 1)[-1]
        deadline = time.monotonic() + timeout
        self.request("get", location)  # the page the browser lands on
        while time.monotonic() < deadline:
            # then the page's htmx polls the job's status partial
            self.request("get", f"/tugas/{job_id}/", headers={"HX-Request": "true"})
            job = Job.objects.get(pk=job_id)
            if not job.is_active:
                return job
            time.sleep(0.5)
        raise TimeoutError(location)


def web_import(client, data: bytes, name: str) -> tuple[float, float]:
    """Upload, preview, commit through the pages with the worker running; print the times."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    web = WebTimer(client)
    started = time.perf_counter()
    with WorkerThread():
        upload = SimpleUploadedFile(name, data)
        preview = web.follow_job(
            web.request("post", "/pembinaan/wbp/impor/", data={"file": upload})
        )
        assert preview.status == "selesai" and preview.result["ok"], preview.error
        previewed = time.perf_counter() - started
        commit = web.follow_job(web.request("post", f"/pembinaan/wbp/impor/{preview.pk}/simpan/"))
        assert commit.status == "selesai", commit.error
    total = time.perf_counter() - started
    print(
        f"web import of {name}: preview ready after {previewed:.1f} s, summary after {total:.1f} s"
    )
    print(
        f"  longest web request: {web.longest:.2f} s ({web.longest_path}) of {web.count} requests"
    )
    return web.longest, total


def allocate_everyone(user) -> int:
    """Make every inmate without a program a participant of a demo program since last month,
    so the participation workbook has one row per inmate of the register."""
    from datetime import timedelta

    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from pembinaan.models import Allocation, ArtForm, Inmate, Program, Venue

    programs = list(Program.objects.order_by("pk").values_list("pk", flat=True))
    if not programs:  # a register without the programs' demo data: ten plain programs
        venue = Venue.objects.first() or Venue.objects.create(name="Aula")
        art_form = ArtForm.objects.first() or ArtForm.objects.create(name="Seni", code="seni")
        Program.objects.bulk_create(
            Program(
                name=f"Program {p:02d}",
                art_form=art_form,
                instructor_type="petugas",
                instructor_user=user,
                venue=venue,
                capacity=5000,
                target_classes=["tahanan", "awal", "lanjutan_pertama", "lanjutan_kedua", "akhir"],
                created_by=user,
            )
            for p in range(1, 11)
        )
        programs = list(Program.objects.order_by("pk").values_list("pk", flat=True))
    start = timezone.localdate().replace(day=1) - timedelta(days=30)
    open_allocation = Allocation.objects.filter(inmate=OuterRef("pk"), end_date__isnull=True)
    free = Inmate.objects.filter(~Exists(open_allocation)).values_list("pk", flat=True)
    Allocation.objects.bulk_create(
        (
            Allocation(
                program_id=programs[n % len(programs)],
                inmate_id=pk,
                start_date=start,
                allocated_by=user,
            )
            for n, pk in enumerate(free.iterator())
        ),
        batch_size=2000,
    )
    return Allocation.objects.filter(end_date__isnull=True).count()


def web_workbook(client) -> float:
    """The participation workbook through the pages, as a job whatever the register's size."""
    from django.conf import settings

    web = WebTimer(client)
    started = time.perf_counter()
    inline_rows = settings.JOBS_INLINE_EXPORT_ROWS
    settings.JOBS_INLINE_EXPORT_ROWS = -1
    try:
        with WorkerThread():
            path = "/laporan/partisipasi-wbp/?format=xlsx"
            assert web.request("get", path).status_code == 200
            job = web.follow_job(web.request("post", path))
            assert job.status == "selesai", job.error
    finally:
        settings.JOBS_INLINE_EXPORT_ROWS = inline_rows
    print(
        f"web participation workbook ({job.total} inmates): file ready after "
        f"{time.perf_counter() - started:.1f} s; longest web request {web.longest:.2f} s "
        f"({web.longest_path})"
    )
    return web.longest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument(
        "--web-only", action="store_true", help="only the import and workbook through the pages"
    )
    args = parser.parse_args()
    setup_django()

    from django.core.management import call_command
    from django.test import Client

    from pembinaan import demo
    from pembinaan.models import Inmate
    from pembinaan.sdp import parse_sdp_file
    from pembinaan.services import commit_sdp_import, plan_sdp_import
    from rutan import roles
    from rutan.models import User

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(username="benchmark")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=roles.group_name(roles.PETUGAS_PEMBINAAN)))
    demo.load()
    client = Client()
    client.force_login(user)
    pages = ["/pembinaan/wbp/", "/pembinaan/wbp/?q=a&kelas=awal&halaman=2"]
    small = [list_page(client, p) for p in pages]

    from django.db import connection

    print(f"Database: {connection.vendor}")
    table = generated_export(args.rows)
    data = as_csv(table)
    print(f"Generated export: {args.rows} rows, {len(data) / 1e6:.1f} MB as CSV")
    if args.web_only:
        import_longest, import_total = web_import(client, data, "wbp.csv")
        allocate_everyone(user)
        summary(args.rows, import_longest, import_total, web_workbook(client), None)
        return
    started = time.perf_counter()
    timed("parse CSV", lambda: parse_sdp_file(data, "wbp.csv"))
    csv_seconds = time.perf_counter() - started
    xlsx = as_xlsx(table)
    started = time.perf_counter()
    timed(f"parse XLSX ({len(xlsx) / 1e6:.1f} MB)", lambda: parse_sdp_file(xlsx, "wbp.xlsx"))
    ratio = (time.perf_counter() - started) / csv_seconds
    print(f"  XLSX parse / CSV parse: {ratio:.2f}x")
    plan = timed("preview (parse + compare with the register)", lambda: plan_sdp_import(
        data=data, filename="wbp.csv"
    ))  # fmt: skip
    assert plan.ok, plan.errors[:5]
    record = timed("commit (new inmates, with history)", lambda: commit_sdp_import(
        data=data, filename="wbp.csv", by=user
    ))  # fmt: skip
    print(f"  {record.created_count} created")
    timed("re-import unchanged file (preview + commit)", lambda: commit_sdp_import(
        data=data, filename="wbp.csv", by=user
    ))  # fmt: skip

    Inmate.objects.filter(registration_number__endswith="/2025").delete()
    import_longest, import_total = web_import(client, xlsx, "wbp.xlsx")
    allocate_everyone(user)
    workbook_longest = web_workbook(client)

    large = [list_page(client, p) for p in pages]
    total = Inmate.objects.count()
    for path, (few_queries, few_seconds), (many_queries, many_seconds) in zip(
        pages, small, large, strict=True
    ):
        print(
            f"list page {path}: {few_queries} queries ({few_seconds:.2f} s) at "
            f"{total - args.rows} inmates; {many_queries} queries ({many_seconds:.2f} s) at {total}"
        )
    summary(args.rows, import_longest, import_total, workbook_longest, ratio)


def summary(
    rows: int,
    import_longest: float,
    import_total: float,
    workbook_longest: float,
    ratio: float | None,
) -> None:
    """The issue's acceptance figures beside their goals."""
    from django.db import connection

    def met(ok: bool) -> str:
        return "yes" if ok else "NO"

    print(f"\nGoals at {rows} rows on {connection.vendor}:")
    print(
        f"  longest web request during the import:    {import_longest:6.2f} s  "
        f"(goal < 1 s: {met(import_longest < 1)})"
    )
    print(
        f"  longest web request during the workbook:  {workbook_longest:6.2f} s  "
        f"(goal < 1 s: {met(workbook_longest < 1)})"
    )
    print(
        f"  total import time (upload to summary):    {import_total:6.1f} s  "
        f"(goal < 60 s: {met(import_total < 60)})"
    )
    if ratio is not None:
        print(
            f"  XLSX parse time / CSV parse time:         {ratio:6.2f}x "
            f"(goal <= 2x: {met(ratio <= 2)})"
        )


if __name__ == "__main__":
    main()
