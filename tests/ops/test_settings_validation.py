"""Settings read from the environment are checked at start-up, with an Indonesian message."""

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
        ({"BACKUP_KEEP": "0"}, "BACKUP_KEEP harus paling kecil 1"),
        ({"REPORT_PAGE_SIZE": "seratus"}, "REPORT_PAGE_SIZE harus berupa bilangan bulat"),
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
    done = start(PENGADUAN_OFFICE_CLOSES="15:30", SECURE_COOKIES="ya", DEBUG="false")
    assert done.returncode == 0, done.stderr
