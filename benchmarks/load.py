"""A small load test: simulated staff sessions against a running server on loopback.

    .venv/bin/python manage.py runserver 127.0.0.1:8000   # or gunicorn, DEBUG off
    .venv/bin/python benchmarks/load.py --users 50 --duration 60 \\
        --username kepala --password '...' [--base http://127.0.0.1:8000]

Each simulated staff member logs in once, then requests a page of the mixed list below,
waits a random think time (`--think`, default 5–15 s) and goes on until `--duration` seconds
have passed. It prints the number of requests, the errors (status ≥ 400 or no answer) and
the p50/p95/p99 response times, of every page request and of those made after the last login
(logins hash a password, a few hundred ms of CPU each, so pages queue behind them while the
staff arrive); the goal is p95 < 300 ms on a quiet two-core machine. Only
loopback addresses are accepted, and the run is bounded by `--duration`.
"""

import argparse
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

PAGES = [
    "/dasbor/",
    "/pembinaan/wbp/angka/",  # the dashboard's register panel, which htmx loads after it
    "/absensi/",
    "/laporan/",
    "/laporan/panel/sekilas/",
    "/laporan/program-bulanan/",
    "/laporan/absensi-harian/",
    "/laporan/partisipasi-wbp/",
    "/pembinaan/wbp/",
    "/pengaduan/register/",
]
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def login(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{base}/masuk/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/masuk/", data=body, headers={"Referer": base})
    opener.open(request, timeout=60).read()
    return opener


def staff(args, deadline: float, times: list, errors: list[str], logged_in: list, lock) -> None:
    rng = random.Random()
    time.sleep(rng.uniform(0, args.think[1]))  # staff do not all arrive at once
    try:
        opener = login(args.base, args.username, args.password)
    except Exception as exc:  # noqa: BLE001 - counted and reported
        with lock:
            errors.append(f"login: {exc}")
        return
    with lock:
        logged_in.append(time.monotonic())
    while time.monotonic() < deadline:
        path = rng.choice(args.pages)
        started = time.perf_counter()
        try:
            with opener.open(f"{args.base}{path}", timeout=60) as response:
                response.read()
            with lock:
                times.append((time.monotonic(), time.perf_counter() - started))
        except (urllib.error.URLError, TimeoutError) as exc:
            with lock:
                errors.append(f"{path}: {exc}")
        time.sleep(rng.uniform(*args.think))


def _report(label: str, times: list[float]) -> None:
    print(
        f"{label}: {len(times)} permintaan, p50 {1000 * statistics.median(times):.0f} ms · "
        f"p95 {1000 * percentile(times, 95):.0f} ms · "
        f"p99 {1000 * percentile(times, 99):.0f} ms (target p95 < 300 ms)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds (at most 600)")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0))
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--pages", nargs="+", default=PAGES)
    args = parser.parse_args(argv)
    host = urllib.parse.urlsplit(args.base).hostname
    if host not in LOOPBACK:
        parser.error("only a server on loopback (127.0.0.1, localhost, ::1) may be loaded")
    args.duration = min(args.duration, 600)
    args.base = args.base.rstrip("/")

    times: list[tuple[float, float]] = []  # (when it ended, how long it took)
    errors: list[str] = []
    logged_in: list[float] = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.duration
    threads = [
        threading.Thread(
            target=staff, args=(args, deadline, times, errors, logged_in, lock), daemon=True
        )
        for _ in range(args.users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.duration + 60)
    print(f"{args.users} staf, {args.duration:.0f} s, {len(times)} permintaan, {len(errors)} galat")
    if times:
        _report("semua", [took for _end, took in times])
        # Every login hashes a password (PBKDF2, a few hundred ms of CPU): while the staff
        # are still logging in, pages wait behind the logins for a worker.
        settled = max(logged_in, default=deadline)
        after = [took for end, took in times if end - took > settled]
        if after:
            _report(f"setelah semua masuk ({deadline - settled:.0f} s terakhir)", after)
    for error in errors[:10]:
        print("  galat:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
