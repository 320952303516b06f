import pytest


@pytest.fixture
def captcha_passes(settings):
    """django-simple-captcha's test mode: the answer "PASSED" is accepted (tests only)."""
    settings.CAPTCHA_TEST_MODE = True


@pytest.fixture(autouse=True)
def _mail_task_runs_at_once(settings):
    """Mail is sent by a task (rutan/mail.py); here the task runs as soon as it is enqueued
    (after commit), so `mailoutbox` shows what the worker would send."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
