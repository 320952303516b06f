"""Operator guards: seed_demo on a production server, one log line per ordinary 403/404."""

import io
import logging
import sys

import pytest
from django.core.management import CommandError, call_command

from rutan.logs import NoClientErrorTraceback
from rutan.models import User


def test_seed_demo_refuses_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="petugas").exists()


def test_seed_demo_never_sends_mail_through_the_configured_server(db, settings):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "tests.ops.test_guards_and_logs.ExplodingBackend"
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.filter(username="petugas").exists()


class ExplodingBackend:
    def __init__(self, *args, **kwargs):
        raise AssertionError("seed_demo used the configured mail backend")


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionError("ditolak")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "Forbidden", (), exc_info)
    record.status_code = status
    return record


def test_ordinary_403_is_logged_without_traceback():
    record = _record(403)
    assert NoClientErrorTraceback().filter(record)
    assert record.exc_info is None


def test_server_error_keeps_its_traceback():
    record = _record(500)
    NoClientErrorTraceback().filter(record)
    assert record.exc_info is not None


def test_log_lines_carry_time_with_offset(settings):
    formatter = logging.Formatter(settings.LOG_FORMAT, settings.LOG_DATE_FORMAT)
    line = formatter.format(logging.LogRecord("rutan", logging.INFO, "", 0, "halo", (), None))
    assert line.endswith("INFO rutan: halo")
    assert line[19:24] == "+0700"
