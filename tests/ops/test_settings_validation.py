"""Settings read from the environment are checked at start-up, with an Indonesian message."""

import ast
import os
import subprocess
import sys

import pytest
from django.conf import settings

BASE_ENV = {
    "SECRET_KEY": "uji",
    "ALLOWED_HOSTS": "localhost",
    "DJANGO_SETTINGS_MODULE": "rutan.settings",
}


def start(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as gunicorn or manage.py would."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", *env}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, **BASE_ENV, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PENGADUAN_OFFICE_CLOSES": "16.00"}, "PENGADUAN_OFFICE_CLOSES harus berupa jam"),
        ({"PENGADUAN_OFFICE_OPENS": "25:00"}, "PENGADUAN_OFFICE_OPENS harus berupa jam"),
        (
            {"PENGADUAN_OFFICE_OPENS": "16:00", "PENGADUAN_OFFICE_CLOSES": "08:00"},
            "harus lebih akhir",
        ),
        ({"SECURE_COOKIES": "benar"}, "SECURE_COOKIES harus bernilai true atau false"),
        ({"BACKUP_KEEP": "0"}, "BACKUP_KEEP harus antara 1 dan 365, bukan 0"),
        ({"REPORT_PAGE_SIZE": "seratus"}, "REPORT_PAGE_SIZE harus berupa bilangan bulat"),
        ({"EMAIL_PORT": "70000"}, "EMAIL_PORT harus antara 1 dan 65535, bukan 70000"),
        ({"JOBS_KEEP_HOURS": "0"}, "JOBS_KEEP_HOURS harus antara 1 dan 168"),
        ({"MAIL_RETRIES": "-1"}, "MAIL_RETRIES harus antara 0 dan 10"),
        ({"FINGERPRINT_CAPACITY_WARNING_PERCENT": "150"}, "harus antara 1 dan 100"),
        ({"PENGADUAN_RETENTION_DAYS": "7"}, "PENGADUAN_RETENTION_DAYS harus antara 30 dan 3650"),
        ({"PENGADUAN_SUBMIT_RATE": "5/jam"}, "PENGADUAN_SUBMIT_RATE harus berupa batas laju"),
        ({"LOG_LEVEL": "rame"}, "LOG_LEVEL harus salah satu dari DEBUG, INFO, WARNING, ERROR"),
        ({"PENGADUAN_SITE_URL": "pembinaan.example"}, "PENGADUAN_SITE_URL harus berupa alamat"),
        ({"DATABASE_URL": "postgre://x@localhost/db"}, "DATABASE_URL tidak dapat dibaca"),
        (
            {"PENGADUAN_ESCALATION_EMAIL": "kanwil-at-kemenkumham"},
            "PENGADUAN_ESCALATION_EMAIL harus berupa satu alamat email yang sah",
        ),
        (
            {"PENGADUAN_ESCALATE_HEAD_AFTER_DAYS": "4", "PENGADUAN_ESCALATION_AFTER_DAYS": "3"},
            "PENGADUAN_ESCALATION_AFTER_DAYS tidak boleh lebih kecil",
        ),
        ({"PENGADUAN_REPLY_TARGET_DAYS": "0"}, "PENGADUAN_REPLY_TARGET_DAYS harus antara 1"),
        (
            {"SESSION_START_TOLERANCE_MINUTES": "-5"},
            "SESSION_START_TOLERANCE_MINUTES harus antara 0 dan 240",
        ),
        ({"SESSION_MIN_MINUTES": "0"}, "SESSION_MIN_MINUTES harus antara 1 dan 480"),
        (
            {"CERTIFICATE_MIN_ATTENDANCE_PERCENT": "150"},
            "CERTIFICATE_MIN_ATTENDANCE_PERCENT harus antara 1 dan 100",
        ),
    ],
)
def test_bad_setting_stops_start_up_with_an_indonesian_message(env, message):
    done = start(**env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert message in done.stderr


def test_good_settings_start():
    done = start(
        PENGADUAN_OFFICE_CLOSES="15:30",
        SECURE_COOKIES="ya",
        DEBUG="false",
        EMAIL_PORT="587",
        PENGADUAN_SUBMIT_RATE="10/30m",
        LOG_LEVEL="warning",
        PENGADUAN_SITE_URL="https://pembinaan.example/",
        PENGADUAN_ESCALATION_EMAIL="pengaduan@kanwil.example.go.id",
    )
    assert done.returncode == 0, done.stderr


def test_every_number_read_from_the_environment_has_a_range():
    """Each env_int(...) in the settings names both a minimum and a maximum."""
    source = (settings.BASE_DIR / "rutan" / "settings.py").read_text()
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "env_int"
    ]
    assert len(calls) > 40
    unbounded = [
        call.args[0].value
        for call in calls
        if {"minimum", "maximum"} - {keyword.arg for keyword in call.keywords}
    ]
    assert unbounded == []
