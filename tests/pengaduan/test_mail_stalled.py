"""A mail server that accepts connections and never answers: the complaint is saved, the code
shown, the request returns at once; the worker retries the mail later; admins see failures."""

import re
import socket
import threading
import time

import pytest
from django.urls import reverse

from pengaduan.models import Channel, Complaint, IdentityMode, ServiceCategory
from rutan.mail import send_queued_mail
from rutan.models import MailStatus, OutgoingMail

SMTP_TIMEOUT = 3  # seconds; sending inside the request would take at least this long


@pytest.fixture
def stalled_smtp(settings):
    """A loopback socket that accepts SMTP connections and never says a word."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            held.append(connection)  # kept open, never answered

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.getsockname()
    settings.EMAIL_TIMEOUT = SMTP_TIMEOUT
    settings.EMAIL_USE_TLS = False
    # The real worker's backend: the request only queues the task.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield server
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    server.close()


def _public_data():
    return {
        "identity_mode": IdentityMode.IDENTIFIED,
        "reporter_name": "Sri Wahyuni",
        "reporter_email": "sri@example.com",
        "reporter_phone": "081234500001",
        "service": ServiceCategory.objects.first().pk,
        "incident_date": "",
        "description": "Latihan karawitan hari Rabu dibatalkan tanpa pemberitahuan.",
        "expected_outcome": "Jadwal diumumkan lebih awal.",
        "website": "",
        "captcha_0": "kunci",
        "captcha_1": "PASSED",
        "consent": "on",
    }


def _intake_data():
    return {
        "channel": Channel.WHATSAPP,
        "channel_handle": "0812 3450 0001",
        "received_at": "2026-03-06T20:15",
        "identity_mode": IdentityMode.IDENTIFIED,
        "reporter_name": "Slamet",
        "reporter_email": "slamet@example.com",
        "reporter_phone": "081234500001",
        "service": ServiceCategory.objects.first().pk,
        "incident_date": "2026-03-04",
        "description": "Pesan WhatsApp: latihan hadroh tidak ada pelatihnya.",
        "expected_outcome": "",
    }


def _retried_later(settings, mailoutbox, code):
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 0)
    # The worker's first try meets the silent server: it gives up after the timeout, keeps it.
    settings.EMAIL_TIMEOUT = 1
    started = time.perf_counter()
    assert send_queued_mail(mail.pk) == MailStatus.QUEUED
    assert time.perf_counter() - started < 5
    mail.refresh_from_db()
    assert mail.attempts == 1 and mail.next_attempt_at is not None
    assert "timed out" in mail.last_error.lower()
    # Later the server answers: the retry delivers it (and the body is not kept).
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_queued_mail(mail.pk) == MailStatus.SENT
    assert code in mailoutbox[0].body
    mail.refresh_from_db()
    assert mail.body == "" and mail.sent_at is not None


@pytest.mark.django_db
def test_public_submission_with_a_stalled_mail_server(
    stalled_smtp,
    anon_client,
    captcha_passes,
    settings,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = anon_client.post(reverse("pengaduan:submit"), _public_data())
    assert time.perf_counter() - started < SMTP_TIMEOUT
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    page = anon_client.get(reverse("pengaduan:submitted")).content.decode()
    code = re.search(r'data-testid="tracking-code">([^<]+)<', page)[1]
    assert complaint.number in page
    assert "gagal" not in page.lower()  # the complainant never hears of the mail
    _retried_later(settings, mailoutbox, code)


@pytest.mark.django_db
def test_ulp_intake_with_a_stalled_mail_server(
    stalled_smtp, ulp_client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = ulp_client.post(reverse("pengaduan:intake"), _intake_data())
    assert time.perf_counter() - started < SMTP_TIMEOUT
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("pengaduan:receipt", args=[complaint.pk])
    receipt = ulp_client.get(response["Location"]).content.decode()
    code = re.search(r'data-testid="tracking-code">([^<]+)<', receipt)[1]
    _retried_later(settings, mailoutbox, code)


@pytest.mark.django_db
def test_admins_see_failed_mail_and_resend_it(
    stalled_smtp, admin_client, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_RETRIES = 0
    settings.EMAIL_TIMEOUT = 1
    mail = OutgoingMail.objects.create(subject="Pengaduan diterima", body="x", recipients=["a@b"])
    assert send_queued_mail(mail.pk) == MailStatus.FAILED
    changelist = reverse("admin:rutan_outgoingmail_changelist")
    page = admin_client.get(changelist + "?status__exact=gagal").content.decode()
    assert "Pengaduan diterima" in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        admin_client.post(changelist, {"action": "resend_selected", "_selected_action": [mail.pk]})
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 0) and len(callbacks) == 1
