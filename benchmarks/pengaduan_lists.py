"""Benchmark of the complaint desk's lists at 20,000 complaints.

    .venv/bin/python benchmarks/pengaduan_lists.py [--count 20000]

Fills a throwaway database with the demo users, the 2026 holiday calendar and `--count`
complaints spread over every state, channel and identity mode (a third of them assigned to the
demo pejabat), then prints, for the ULP, the Kepala UPT and the pejabat, each list's query count
and time: first at a few complaints, then at the full size. Uses its own SQLite file in
benchmarks/out/ (made afresh), or DATABASE_URL when set (point it at a scratch PostgreSQL
database: the tables are migrated and filled).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def setup_django() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" not in os.environ:
        database = OUT / "pengaduan.sqlite3"
        database.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rutan.settings")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(count: int, *, officials: list, start: int = 1) -> None:
    """`count` complaints written in bulk (the way an import would), over the last year."""
    from datetime import timedelta

    from django.db.models import F
    from django.utils import timezone

    from pengaduan.models import (
        ACTOR_STATES,
        Channel,
        Complaint,
        IdentityMode,
        Referral,
        ServiceCategory,
        Status,
    )
    from pengaduan.services import hash_code

    services = list(ServiceCategory.objects.all())
    states = [s for s in Status if s != Status.DIGABUNG]  # a merged one needs its main complaint
    channels = Channel.values
    now = timezone.now()
    today = timezone.localdate()
    rows = []
    for i in range(start, start + count):
        status = states[i % len(states)]
        mode = [IdentityMode.IDENTIFIED, IdentityMode.RAHASIA, IdentityMode.ANONIM][i % 3]
        named = mode != IdentityMode.ANONIM
        received = now - timedelta(hours=(i * 7) % (365 * 24))
        number = f"ADU-{received.year}-{i:05d}"
        rows.append(
            Complaint(
                number=number,
                tracking_code_hash=hash_code(number, "BENCH"),
                channel=channels[i % len(channels)],
                lapor_id=f"LAPOR-{i}"
                if Channel.values[i % len(Channel.values)] == Channel.LAPOR
                else "",
                channel_handle=f"@pelapor{i}" if named else "",
                received_at=received,
                identity_mode=mode,
                reporter_name=f"Pelapor {i}" if named else "",
                reporter_phone=f"08{i:010d}" if named else "",
                service=services[i % len(services)],
                description=f"Uraian pengaduan nomor {i} tentang layanan pembinaan kesenian.",
                status=status,
                status_since=received,
                due_date=today + timedelta(days=(i % 11) - 5) if status in ACTOR_STATES else None,
                legal_due_date=today + timedelta(days=30) if status in ACTOR_STATES else None,
                lapse_on=today + timedelta(days=i % 20)
                if status in (Status.PERLU_KELENGKAPAN, Status.DIJAWAB)
                else None,
                assigned_to=officials[i % len(officials)]
                if status in (Status.DITINDAKLANJUTI, Status.MENUNGGU_PERSETUJUAN) or i % 3 == 0
                else None,
                outcome_reason="Alasan."
                if status in (Status.DITOLAK, Status.DIRUJUK, Status.DICABUT)
                else "",
                referred_to=Referral.KANWIL if status == Status.DIRUJUK else "",
            )
        )
    Complaint.objects.bulk_create(rows, batch_size=2000)
    # Registered when received (auto_now_add stamped them all "now").
    Complaint.objects.update(created_at=F("received_at"))


def measure(client, path: str, repeat: int = 3) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm caches (templates, permissions)
    counts, seconds = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    return counts[0], statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args()
    setup_django()

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from pengaduan.demo import load_holidays
    from pengaduan.models import Complaint
    from rutan import roles
    from rutan.demo import load_users
    from rutan.models import User

    call_command("migrate", verbosity=0)
    first = load_users()
    load_holidays()
    officials = list(User.objects.filter(username__in=["pejabat", "pejabat2"]).order_by("id"))
    personas = {
        "ULP": first[roles.PETUGAS_PENGADUAN],
        "Kepala UPT": first[roles.KEPALA_UPT],
        "Pejabat": first[roles.PEJABAT_PELAYANAN],
    }
    month = timezone.localdate().strftime("%Y-%m")
    pages = [
        ("antrean", "/pengaduan/"),
        ("daftar", "/pengaduan/daftar/"),
        ("daftar terlambat", "/pengaduan/daftar/?flag=terlambat"),
        ("daftar cari", "/pengaduan/daftar/?q=Pelapor%201&page=2"),
        ("panel antrean", "/pengaduan/panel/antrean/"),
        ("dasbor", "/dasbor/"),
        ("register bulan ini", f"/pengaduan/register/?bulan={month}"),
    ]
    clients = {}
    for label, user in personas.items():
        clients[label] = Client()
        clients[label].force_login(user)

    fill(30, officials=officials)
    small = {
        (label, name): measure(client, path)
        for label, client in clients.items()
        for name, path in pages
    }
    started = time.perf_counter()
    fill(args.count - 30, officials=officials, start=31)
    total = Complaint.objects.count()
    print(f"{total} complaints written in {time.perf_counter() - started:.1f} s")
    print(f"{'role':<11} {'list':<19} {'queries @30':>11} {'s @30':>7} "
          f"{'queries @' + str(total):>15} {'s @' + str(total):>9}")  # fmt: skip
    for label, client in clients.items():
        for name, path in pages:
            few_queries, few_seconds = small[(label, name)]
            many_queries, many_seconds = measure(client, path)
            flag = "" if few_queries == many_queries else "  <-- grows"
            print(
                f"{label:<11} {name:<19} {few_queries:>11} {few_seconds:>7.3f} "
                f"{many_queries:>15} {many_seconds:>9.3f}{flag}"
            )


if __name__ == "__main__":
    main()
