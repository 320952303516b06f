"""Settings for the Pembinaan Kesenian system, read from the environment.

Every variable is listed in `.env.example` and in the README. With DEBUG off (the default), a
missing SECRET_KEY or ALLOWED_HOSTS stops start-up with a clear message.
"""

import os
import re
import sysconfig
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# Templates and static sources: next to manage.py in a checkout; in a copy installed with
# `pip install` (deploy/install.sh) they are data files under the environment's share/ folder
# (setup.py lists them), since the installed packages live in site-packages without them.
ASSETS_DIR = (
    BASE_DIR
    if (BASE_DIR / "manage.py").is_file()
    else Path(sysconfig.get_path("data")) / "share" / "rutan-pembinaan-kesenian"
)

# A local `.env` (made by `make setup` for development) fills in what the real environment
# does not set; in production set the variables in the service's environment instead.
load_dotenv(BASE_DIR / ".env", override=False)


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


TRUE_WORDS = {"1", "true", "yes", "on", "ya"}
FALSE_WORDS = {"0", "false", "no", "off", "tidak"}


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name).lower()
    if not value:
        return default
    if value in TRUE_WORDS | FALSE_WORDS:
        return value in TRUE_WORDS
    raise ImproperlyConfigured(
        f"{name} harus bernilai true atau false (juga 1/0, ya/tidak), bukan {value!r}."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    value = env(name)
    try:
        number = int(value) if value else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} harus berupa bilangan bulat, bukan {value!r}.") from exc
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        bounds = (
            f"antara {minimum} dan {maximum}" if maximum is not None else f"paling kecil {minimum}"
        )
        raise ImproperlyConfigured(f"{name} harus {bounds}, bukan {number}.")
    return number


def env_time(name: str, default: str) -> str:
    """A clock time written HH:MM (24 hours), e.g. 16:00; checked here, not at first use."""
    value = env(name, default)
    hours, sep, minutes = value.partition(":")
    if not (
        sep
        and len(minutes) == 2
        and hours.isdigit()
        and minutes.isdigit()
        and 0 <= int(hours) <= 23
        and 0 <= int(minutes) <= 59
    ):
        raise ImproperlyConfigured(
            f"{name} harus berupa jam dengan format JJ:MM (24 jam, mis. 16:00), bukan {value!r}."
        )
    return f"{int(hours):02d}:{minutes}"


RATE_PATTERN = re.compile(r"[1-9][0-9]*/[0-9]*[smhd]")


def env_rate(name: str, default: str) -> str:
    """A django-ratelimit rate: a count per period, e.g. 5/h (s, m, h, d; 30/10m)."""
    value = env(name, default)
    if not RATE_PATTERN.fullmatch(value):
        raise ImproperlyConfigured(
            f"{name} harus berupa batas laju JUMLAH/PERIODE (mis. 5/h; periode s, m, h atau d, "
            f"boleh berangka seperti 30/10m), bukan {value!r}."
        )
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env(name, default)
    if value.upper() not in choices:
        raise ImproperlyConfigured(
            f"{name} harus salah satu dari {', '.join(choices)}, bukan {value!r}."
        )
    return value.upper()


def env_url(name: str, default: str) -> str:
    """An address beginning http:// or https://, without the trailing slash."""
    value = env(name, default).rstrip("/")
    scheme, sep, rest = value.partition("://")
    if not (sep and scheme in ("http", "https") and rest and " " not in rest):
        raise ImproperlyConfigured(
            f"{name} harus berupa alamat lengkap yang diawali http:// atau https:// "
            f"(mis. https://pembinaan.example.go.id), bukan {value!r}."
        )
    return value


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY belum diatur. Isi variabel lingkungan SECRET_KEY (lihat .env.example), "
            "atau jalankan dengan DEBUG=true untuk pengembangan."
        )
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS belum diatur. Isi variabel lingkungan ALLOWED_HOSTS dengan nama host "
            "server, dipisah koma (lihat .env.example)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "captcha",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rutan",
    "pembinaan",
    "absensi",
    "pengaduan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "rutan.errors.method_not_allowed_page",
]
CSRF_FAILURE_VIEW = "rutan.errors.csrf_failure"

ROOT_URLCONF = "rutan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [ASSETS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rutan.context_processors.unit",
            ],
        },
    },
]

WSGI_APPLICATION = "rutan.wsgi.application"

try:
    DATABASES = {
        "default": dj_database_url.parse(
            env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0, maximum=3600),
            conn_health_checks=True,
        )
    }
except ValueError:  # dj-database-url's message is English and may repeat the password
    raise ImproperlyConfigured(
        "DATABASE_URL tidak dapat dibaca: gunakan postgres://PENGGUNA:SANDI@HOST:5432/NAMA_DB "
        "atau sqlite:////jalur/ke/berkas.sqlite3."
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the expressions of queries it estimates as expensive; on this
    # app's reports (counts with filters over up to a million attendance rows) compiling took
    # longer than it saved: the participation report's COUNT ran 407 ms with JIT, 38 ms
    # without (docs/performance.md). POSTGRES_JIT=on turns it back on.
    _jit = "on" if env_bool("POSTGRES_JIT") else "off"
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit={_jit}".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once: the web server, the task worker and the
    # cron commands share one SQLite file in the zero-setup configuration. WAL lets pages read
    # while the worker holds a long write (a 30,000-row import): without it, SQLite locks
    # readers out once a large transaction spills to the file ("database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    # Tests use a database file as well (pytest-xdist adds _gw0, _gw1, …): SQLite's in-memory
    # test database shares one cache whose table locks fail at once instead of waiting, so
    # concurrency tests would not see the locking production relies on.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "rutan.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Reverse proxies in front of the app (nginx: 1). The client address of the login lockout and of
# the rate limits is taken from X-Forwarded-For accordingly (rutan/clientip.py).
PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0, maximum=5)

# Failed logins are throttled by django-axes: after AXES_FAILURE_LIMIT failures for one
# username from one address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1, maximum=10_080)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
# The client address comes from one rule shared with the complaint form's rate limits
# (rutan/clientip.py, behind PROXY_COUNT proxies), not from django-ipware; docs/security.md.
AXES_CLIENT_IP_CALLABLE = "rutan.clientip.axes_client_ip"
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
NODE_MODULES = Path(env("NODE_MODULES", str(BASE_DIR / "node_modules")))
# Front-end packages come from the npm registry at set-up time (package.json pins them) and are
# served by WhiteNoise under /static/vendor/...; nothing is loaded from a CDN.
STATICFILES_DIRS = [
    ASSETS_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded photos and complaint attachments: outside the static/media paths, served only
    # through permission-checked views.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work (the finger-scan "Sinkronkan sekarang" button): the database backend of
# django-tasks, run by `python manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Background jobs (imports, exports, workbooks; rutan/jobs.py): how long their files are kept
# before `manage.py cleanup_jobs` deletes them, and how long a job may wait for the worker
# before pages say the worker seems down (and small jobs run inline).
JOBS_KEEP_HOURS = env_int("JOBS_KEEP_HOURS", 24, minimum=1, maximum=168)
JOBS_WORKER_GRACE_SECONDS = env_int("JOBS_WORKER_GRACE_SECONDS", 60, minimum=10, maximum=3600)
# Registers up to this many inmates are exported at once; larger ones go through the worker.
JOBS_INLINE_EXPORT_ROWS = env_int("JOBS_INLINE_EXPORT_ROWS", 2000, minimum=0, maximum=10_000)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rutan_cache",
    }
}
RATELIMIT_VIEW = "rutan.views.ratelimited"

# The console backend prints every mail (tracking codes included) to the log: only for
# development. Without DEBUG the default is SMTP.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65_535)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Mail is sent by the task worker (rutan/mail.py): seconds before a silent server counts as
# failed, and how many times a failed message is tried again before admins must resend it.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1, maximum=120)
MAIL_RETRIES = env_int("MAIL_RETRIES", 5, minimum=0, maximum=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "pembinaan@rutanmagetan.local")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300, maximum=2_592_000)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response (django-csp; docs/security.md): scripts only from our
# own static files, so no inline <script> and no onclick=; styles may be inline because the
# printed documents set column widths in style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS is terminated by the reverse proxy in production (docs/deployment.md).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int(
    "SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0, maximum=63_072_000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = False
# The unit's host is a subdomain of the ministry's domain: HSTS for all subdomains, or the
# browsers' preload list, would bind hosts the unit does not run (docs/deployment.md).
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Domain settings (configurable numbers of the service standard and domain.md).
RESULT_EDIT_WINDOW_DAYS = env_int("RESULT_EDIT_WINDOW_DAYS", 7, minimum=0, maximum=365)
ATTENDANCE_EDIT_WINDOW_DAYS = env_int("ATTENDANCE_EDIT_WINDOW_DAYS", 7, minimum=0, maximum=365)
DEFAULT_SESSION_MINUTES = env_int("DEFAULT_SESSION_MINUTES", 45, minimum=5, maximum=480)
SESSION_PHOTO_MAX_BYTES = env_int("SESSION_PHOTO_MAX_MB", 5, minimum=1, maximum=50) * 1024 * 1024
SESSION_PHOTO_MAX_PIXELS = env_int(
    "SESSION_PHOTO_MAX_PIXELS", 40_000_000, minimum=1_000_000, maximum=200_000_000
)
RESULT_EDIT_WINDOW_DAYS = env_int("RESULT_EDIT_WINDOW_DAYS", 7)
ATTENDANCE_EDIT_WINDOW_DAYS = env_int("ATTENDANCE_EDIT_WINDOW_DAYS", 7)
DEFAULT_SESSION_MINUTES = env_int("DEFAULT_SESSION_MINUTES", 45)
# A session kept to its slot (sesuai waktu layanan) started within this many minutes of its
# planned start (either side), did not outrun its slot and lasted at least SESSION_MIN_MINUTES
# (or its whole slot, when the slot is shorter); docs/pembinaan.md.
SESSION_START_TOLERANCE_MINUTES = env_int(
    "SESSION_START_TOLERANCE_MINUTES", 15, minimum=0, maximum=240
)
SESSION_MIN_MINUTES = env_int("SESSION_MIN_MINUTES", 30, minimum=1, maximum=480)
# A certificate of participation needs at least this share (percent) of the sessions held during
# the inmate's allocation attended (docs/pembinaan.md).
CERTIFICATE_MIN_ATTENDANCE_PERCENT = env_int(
    "CERTIFICATE_MIN_ATTENDANCE_PERCENT", 75, minimum=1, maximum=100
)
SESSION_PHOTO_MAX_BYTES = env_int("SESSION_PHOTO_MAX_MB", 5) * 1024 * 1024
SESSION_PHOTO_MAX_PIXELS = env_int("SESSION_PHOTO_MAX_PIXELS", 40_000_000)
REGISTER_PAGE_SIZE = 50
# Every date a person types must fall between 1 January of this year and 31 December this many
# years after the current one (rutan/dates.py).
DATE_WINDOW_FIRST_YEAR = env_int("DATE_WINDOW_FIRST_YEAR", 2000, minimum=1900, maximum=2100)
DATE_WINDOW_YEARS_AHEAD = env_int("DATE_WINDOW_YEARS_AHEAD", 5, minimum=0, maximum=50)
# A work plan longer than this, or generating more sessions, needs an explicit confirmation.
WORK_PLAN_MAX_DAYS = env_int("WORK_PLAN_MAX_DAYS", 366, minimum=1, maximum=3660)
WORK_PLAN_MAX_SESSIONS = env_int("WORK_PLAN_MAX_SESSIONS", 400, minimum=1, maximum=5000)
# Reports (rutan/reports/): the place written above the signatures, rows per page on screen.
REPORT_PLACE = env("REPORT_PLACE", "Magetan")
REPORT_PAGE_SIZE = env_int("REPORT_PAGE_SIZE", 100, minimum=10, maximum=1000)
# SPPN (Kepdirjen PAS-10.OT.02.02/2021): sessions of arts activities a month that count as full
# participation in the per-inmate monthly report.
SPPN_ARTS_SESSIONS_PER_MONTH = env_int("SPPN_ARTS_SESSIONS_PER_MONTH", 4, minimum=1, maximum=31)

# Finger-scan terminals (absensi; docs/absensi.md).
# A punch counts for a session from this many minutes before its start until its end.
FINGERPRINT_WINDOW_LEAD_MINUTES = env_int(
    "FINGERPRINT_WINDOW_LEAD_MINUTES", 15, minimum=0, maximum=120
)
# Per socket read (pyzk `timeout`), and a watchdog over one whole download attempt.
FINGERPRINT_TIMEOUT_SECONDS = env_int("FINGERPRINT_TIMEOUT_SECONDS", 10, minimum=1, maximum=120)
FINGERPRINT_ATTEMPT_DEADLINE_SECONDS = env_int(
    "FINGERPRINT_ATTEMPT_DEADLINE_SECONDS", 600, minimum=10, maximum=3600
)
# Network errors are retried this many times, waiting BACKOFF, 2×BACKOFF, ... seconds.
FINGERPRINT_RETRIES = env_int("FINGERPRINT_RETRIES", 2, minimum=0, maximum=10)
FINGERPRINT_RETRY_BACKOFF_SECONDS = env_int(
    "FINGERPRINT_RETRY_BACKOFF_SECONDS", 5, minimum=0, maximum=300
)
# Punches older than this (by the device's own clock) are quarantined, not imported.
FINGERPRINT_MAX_PUNCH_AGE_DAYS = env_int(
    "FINGERPRINT_MAX_PUNCH_AGE_DAYS", 1095, minimum=1, maximum=3650
)
# Dashboard warnings: device clock off by more than this; log filled to this percentage.
FINGERPRINT_CLOCK_WARNING_SECONDS = env_int(
    "FINGERPRINT_CLOCK_WARNING_SECONDS", 120, minimum=1, maximum=86_400
)
FINGERPRINT_CAPACITY_WARNING_PERCENT = env_int(
    "FINGERPRINT_CAPACITY_WARNING_PERCENT", 80, minimum=1, maximum=100
)
# Clearing a device's log is allowed only this soon after its last verified sync.
FINGERPRINT_CLEAR_WITHIN_MINUTES = env_int(
    "FINGERPRINT_CLEAR_WITHIN_MINUTES", 15, minimum=1, maximum=1440
)
FINGERPRINT_BATCH_SIZE = env_int("FINGERPRINT_BATCH_SIZE", 2000, minimum=100, maximum=100_000)
# A sync queued longer than this means the worker is down: staff are told in plain words,
# admins alerted on the dashboard, and the next press (or the scheduled sync) moves on.
FINGERPRINT_QUEUE_STALE_MINUTES = env_int(
    "FINGERPRINT_QUEUE_STALE_MINUTES", 5, minimum=1, maximum=1440
)

# One line format for the web server, the worker and the jobs, to stderr for journald: the time
# with its offset in the unit's zone (Django sets the process's TZ from TIME_ZONE; the systemd
# units set TZ too), the level, the logger. Ordinary 403/404s are one line, without traceback.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_DATE_FORMAT = "%Y-%m-%d %H:%M:%S%z"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": LOG_FORMAT, "datefmt": LOG_DATE_FORMAT}},
    "filters": {"no_client_error_traceback": {"()": "rutan.logs.NoClientErrorTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["no_client_error_traceback"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A 4xx is one line, not a traceback (rutan/logs.py, on the console handler).
        # django-axes logs every login at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
    },
}

# Complaint desk (pengaduan); docs/pengaduan.md. Per-state targets and the holiday calendar
# are admin-editable data (pengaduan.StateTarget, pengaduan.Holiday), not settings.
# Office hours (pengaduan/clocks.py): a step that begins before opening on a working day counts
# that day in full; one that begins during office hours counts from the next working day (the
# rest of the day is free); one that begins at or after closing, or on a non-working day, counts
# from the next working day.
PENGADUAN_OFFICE_OPENS = env_time("PENGADUAN_OFFICE_OPENS", "07:30")
PENGADUAN_OFFICE_CLOSES = env_time("PENGADUAN_OFFICE_CLOSES", "16:00")
if PENGADUAN_OFFICE_CLOSES <= PENGADUAN_OFFICE_OPENS:
    raise ImproperlyConfigured(
        "PENGADUAN_OFFICE_CLOSES harus lebih akhir daripada PENGADUAN_OFFICE_OPENS "
        f"({PENGADUAN_OFFICE_CLOSES} ≤ {PENGADUAN_OFFICE_OPENS})."
    )
PENGADUAN_DUE_SOON_WORKING_DAYS = env_int(
    "PENGADUAN_DUE_SOON_WORKING_DAYS", 1, minimum=0, maximum=30
)
# The overall target from receipt to the published reply, in working days of staff time (time
# waiting for the complainant does not count); tracked apart from the per-state targets.
PENGADUAN_REPLY_TARGET_DAYS = env_int("PENGADUAN_REPLY_TARGET_DAYS", 13, minimum=1, maximum=365)
# Escalation of overdue items in the daily digest (pengaduan_tick): the actor from the first
# overdue day; the Kepala UPT once an item is this many working days overdue; the regional
# office's address (empty: nobody outside the unit) once it is this many working days overdue.
PENGADUAN_ESCALATE_HEAD_AFTER_DAYS = env_int(
    "PENGADUAN_ESCALATE_HEAD_AFTER_DAYS", 2, minimum=1, maximum=60
)
PENGADUAN_ESCALATION_EMAIL = env("PENGADUAN_ESCALATION_EMAIL")
if PENGADUAN_ESCALATION_EMAIL:
    try:
        validate_email(PENGADUAN_ESCALATION_EMAIL)
    except ValidationError as exc:
        raise ImproperlyConfigured(
            "PENGADUAN_ESCALATION_EMAIL harus berupa satu alamat email yang sah, bukan "
            f"{PENGADUAN_ESCALATION_EMAIL!r}."
        ) from exc
PENGADUAN_ESCALATION_AFTER_DAYS = env_int(
    "PENGADUAN_ESCALATION_AFTER_DAYS", 5, minimum=1, maximum=60
)
if PENGADUAN_ESCALATION_AFTER_DAYS < PENGADUAN_ESCALATE_HEAD_AFTER_DAYS:
    raise ImproperlyConfigured(
        "PENGADUAN_ESCALATION_AFTER_DAYS tidak boleh lebih kecil daripada "
        "PENGADUAN_ESCALATE_HEAD_AFTER_DAYS "
        f"({PENGADUAN_ESCALATION_AFTER_DAYS} < {PENGADUAN_ESCALATE_HEAD_AFTER_DAYS})."
    )
# Legal ceilings in calendar days (UU 25/2009 Ps 50, Perpres 76/2013).
PENGADUAN_LEGAL_COMPLETENESS_DAYS = env_int(
    "PENGADUAN_LEGAL_COMPLETENESS_DAYS", 14, minimum=1, maximum=365
)
PENGADUAN_LEGAL_DECISION_DAYS = env_int("PENGADUAN_LEGAL_DECISION_DAYS", 60, minimum=1, maximum=365)
PENGADUAN_MAX_ATTACHMENTS = env_int("PENGADUAN_MAX_ATTACHMENTS", 3, minimum=0, maximum=10)
PENGADUAN_MAX_ATTACHMENT_MB = env_int("PENGADUAN_MAX_ATTACHMENT_MB", 5, minimum=1, maximum=50)
PENGADUAN_MAX_IMAGE_PIXELS = env_int(
    "PENGADUAN_MAX_IMAGE_PIXELS", 40_000_000, minimum=1_000_000, maximum=200_000_000
)
PENGADUAN_MAX_OPEN_PER_CONTACT = env_int(
    "PENGADUAN_MAX_OPEN_PER_CONTACT", 3, minimum=1, maximum=100
)
# Days after closing before the complainant's identity and the attachments are erased
# (pengaduan_tick); set it to the unit's records retention schedule.
PENGADUAN_RETENTION_DAYS = env_int("PENGADUAN_RETENTION_DAYS", 730, minimum=30, maximum=3650)
# django-ratelimit rates per client address ("5/h" = five per hour). Only accepted submissions
# count against the submit rate; wrong security codes have their own, generous limit.
PENGADUAN_SUBMIT_RATE = env_rate("PENGADUAN_SUBMIT_RATE", "5/h")
PENGADUAN_CAPTCHA_FAILURE_RATE = env_rate("PENGADUAN_CAPTCHA_FAILURE_RATE", "30/h")
# The security code stays valid this many minutes: writing a complaint takes time.
CAPTCHA_TIMEOUT = env_int("CAPTCHA_TIMEOUT_MINUTES", 60, minimum=5, maximum=1440)
CAPTCHA_REFRESH_RATE = env_rate("CAPTCHA_REFRESH_RATE", "30/h")
PENGADUAN_TRACK_FAILURE_RATE = env_rate("PENGADUAN_TRACK_FAILURE_RATE", "10/h")
# Satisfaction survey (SKM): accepted responses per client address on the public page, and
# per activated kiosk device (the tablet in the visiting room serves many visitors an hour).
PENGADUAN_SURVEY_RATE = env_rate("PENGADUAN_SURVEY_RATE", "5/h")
PENGADUAN_SURVEY_KIOSK_RATE = env_rate("PENGADUAN_SURVEY_KIOSK_RATE", "60/h")
# The kiosk's thank-you screen returns to a fresh form after this many seconds.
PENGADUAN_SURVEY_KIOSK_RESET_SECONDS = env_int(
    "PENGADUAN_SURVEY_KIOSK_RESET_SECONDS", 8, minimum=3, maximum=120
)
PENGADUAN_LIST_PAGE_SIZE = 50
# The address of this site as the public reaches it, for links in e-mails.
PENGADUAN_SITE_URL = env_url("PENGADUAN_SITE_URL", "http://127.0.0.1:8000")

# --- Operations (docs/operations.md): backups, the health check ---
# `manage.py backup` writes its archives here and keeps the newest BACKUP_KEEP of them.
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14, minimum=1, maximum=365)
# /healthz fails when a queued task has waited longer than this (the worker is not running) …
HEALTH_QUEUE_MAX_AGE_MINUTES = env_int("HEALTH_QUEUE_MAX_AGE_MINUTES", 10, minimum=1, maximum=1440)
# … when an active finger-scan device has no successful sync this recent …
HEALTH_SYNC_MAX_AGE_MINUTES = env_int("HEALTH_SYNC_MAX_AGE_MINUTES", 60, minimum=1, maximum=10_080)
# … or when the disk holding the uploaded files has less free space than this.
HEALTH_MIN_FREE_MB = env_int("HEALTH_MIN_FREE_MB", 500, minimum=0, maximum=10_000_000)
# The monitor may ask over plain HTTP on the loopback address.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
