"""gunicorn's settings (`gunicorn --config python:rutan.gunicorn_config rutan.wsgi`).

Read from the environment like the application's settings: GUNICORN_BIND (default
127.0.0.1:8001), GUNICORN_WORKERS (default 3). The access log and the error log go to stderr
(journald) in the application's line format (settings.LOG_FORMAT): time with its offset, level,
logger, message.
"""

import os

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_DATE_FORMAT = "%Y-%m-%d %H:%M:%S%z"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 120
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
