"""gunicorn's settings (`gunicorn --config python:rutan.gunicorn_config rutan.wsgi`).

Read from the environment like the application's settings, and checked the same way (a bad
value stops gunicorn with an Indonesian message): GUNICORN_BIND (default 127.0.0.1:8001),
GUNICORN_WORKERS (default 3, 1–32), GUNICORN_TIMEOUT (default 30 seconds, 10–120). The access
log and the error log go to stderr (journald) in the application's line format
(settings.LOG_FORMAT): time with its offset, level, logger, message.

Why these values (docs/deployment.md, "gunicorn"): no request does long work. Imports, large
exports and workbooks, and every e-mail run in the task worker (`manage.py db_worker`, a service
of its own); a request only queues them and returns. The longest request measured with a
30,000-row import and the 30,000-inmate workbook running was 0.4 s (docs/performance.md), and
what is still written inside a request is capped at JOBS_INLINE_EXPORT_ROWS (2,000) rows, about
a second. nginx buffers uploads before passing them on, so a slow client does not hold a worker.
A 30 s timeout is therefore ample, and it stops a hung request (a stuck database lock) from
holding one of the few workers for minutes. Workers are gunicorn's plain synchronous ones (the
app is synchronous Django); each serves one request at a time, so 3 serve a unit's staff; a
bigger machine may use 2 × cores + 1. The worker count and the worker service share the CPU.
"""

import os

from django.core.exceptions import ImproperlyConfigured


def _number(name: str, default: int, minimum: int, maximum: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        number = int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} harus berupa bilangan bulat, bukan {value!r}."
        ) from None
    if not minimum <= number <= maximum:
        raise ImproperlyConfigured(f"{name} harus antara {minimum} dan {maximum}, bukan {number}.")
    return number


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_DATE_FORMAT = "%Y-%m-%d %H:%M:%S%z"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
worker_class = "sync"
workers = _number("GUNICORN_WORKERS", 3, 1, 32)
timeout = _number("GUNICORN_TIMEOUT", 30, 10, 120)
# On stop or restart, requests in progress get this long to finish: less than systemd's
# TimeoutStopSec (30 s, deploy/systemd/rutan-web.service), which then kills what is left.
graceful_timeout = 20
accesslog = "-"
errorlog = "-"
# Client (as forwarded by nginx), request, status, bytes, duration, user agent.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": LOG_FORMAT, "datefmt": LOG_DATE_FORMAT}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
