"""gunicorn's workers and timeout (rutan/gunicorn_config.py) and the documents that state them."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


def load(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    code = "import rutan.gunicorn_config as g; print(g.workers, g.timeout, g.graceful_timeout)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_are_three_sync_workers_and_a_30_second_timeout():
    done = load()
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "30", "20"]


def test_the_environment_sets_workers_and_timeout():
    assert load(GUNICORN_WORKERS="5", GUNICORN_TIMEOUT="60").stdout.split()[:2] == ["5", "60"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GUNICORN_TIMEOUT": "5"}, "GUNICORN_TIMEOUT harus antara 10 dan 120, bukan 5"),
        ({"GUNICORN_WORKERS": "tiga"}, "GUNICORN_WORKERS harus berupa bilangan bulat"),
        ({"GUNICORN_WORKERS": "0"}, "GUNICORN_WORKERS harus antara 1 dan 32"),
    ],
)
def test_a_bad_value_stops_gunicorn_with_an_indonesian_message(env, message):
    done = load(**env)
    assert done.returncode != 0
    assert message in done.stderr


def test_deployment_files_agree_with_the_config():
    """The docs, the environment templates, nginx and systemd state what gunicorn does."""
    deployment = (ROOT / "docs" / "deployment.md").read_text()
    assert "| `GUNICORN_WORKERS` | 3 | 1–32 |" in deployment
    assert "| `GUNICORN_TIMEOUT` | 30 s | 10–120 |" in deployment
    for template in (ROOT / "deploy" / "rutan.env.template", ROOT / ".env.example"):
        text = template.read_text()
        assert "GUNICORN_WORKERS=3\n" in text and "GUNICORN_TIMEOUT=30\n" in text
    nginx = (ROOT / "deploy" / "nginx-rutan.conf").read_text()
    read_timeouts = {int(s) for s in re.findall(r"proxy_read_timeout (\d+)s;", nginx)}
    assert read_timeouts and min(read_timeouts) > 30  # gunicorn's timeout fires first
    unit = (ROOT / "deploy" / "systemd" / "rutan-web.service").read_text()
    assert int(re.search(r"TimeoutStopSec=(\d+)", unit).group(1)) > 20  # > graceful timeout
