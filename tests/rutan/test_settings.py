"""Production defaults that protect the public."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setting(name: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("EMAIL_BACKEND",)}
    environment.update(
        DJANGO_SETTINGS_MODULE="rutan.settings",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="pembinaan.example",
        **env,
    )
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_never_writes_mail_to_the_log_by_default():
    backend = _setting("EMAIL_BACKEND", DEBUG="false")
    assert backend == "django.core.mail.backends.smtp.EmailBackend"


def test_development_prints_mail_to_the_console():
    backend = _setting("EMAIL_BACKEND", DEBUG="true")
    assert backend == "django.core.mail.backends.console.EmailBackend"
