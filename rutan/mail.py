"""E-mail that never makes a user wait: queued on commit, sent by the task worker, retried.

``queue_mail`` records the message and, once the transaction commits, enqueues
``send_mail_task``. The worker sends it with the SMTP connection timeout ``EMAIL_TIMEOUT``; a
failure is retried ``MAIL_RETRIES`` times with growing pauses (1, 5, 15, 60 minutes…), then the
message is marked failed: admins see it in the admin ("E-mail keluar") and may resend it. The
person whose action caused the mail never sees a mail failure.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from rutan.models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

RETRY_MINUTES = (1, 5, 15, 60, 240)


def max_attempts() -> int:
    return 1 + getattr(settings, "MAIL_RETRIES", len(RETRY_MINUTES))


def queue_mail(*, subject: str, body: str, recipients: list[str]) -> OutgoingMail | None:
    """Record a message and have the worker send it after the current transaction commits."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return None
    mail = OutgoingMail.objects.create(subject=subject[:255], body=body, recipients=recipients)
    transaction.on_commit(lambda: _enqueue(mail.pk))
    return mail


def _enqueue(mail_id: int, run_after=None) -> None:
    try:
        if run_after is None:
            send_mail_task.enqueue(mail_id)
        else:
            send_mail_task.using(run_after=run_after).enqueue(mail_id)
    except Exception:  # noqa: BLE001 - the message stays queued; the admins can resend it
        logger.exception("E-mail %s tidak dapat dimasukkan ke antrean", mail_id)


def send_queued_mail(mail_id: int) -> str:
    """Try to send one queued message; on failure schedule a retry, or mark it failed."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != MailStatus.QUEUED:
            return "dilewati"
        mail.attempts += 1
        try:
            send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipients)
        except Exception as exc:  # noqa: BLE001 - any SMTP or network failure is retried
            mail.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            logger.warning(
                "Gagal mengirim e-mail %s '%s' (percobaan %s): %s",
                mail.pk,
                mail.subject,
                mail.attempts,
                exc,
            )
            if mail.attempts >= max_attempts():
                mail.status = MailStatus.FAILED
                mail.next_attempt_at = None
            else:
                pause = RETRY_MINUTES[min(mail.attempts, len(RETRY_MINUTES)) - 1]
                mail.next_attempt_at = timezone.now() + timedelta(minutes=pause)
                when = mail.next_attempt_at
                transaction.on_commit(lambda: _enqueue(mail_id, run_after=when))
        else:
            mail.status = MailStatus.SENT
            mail.sent_at = timezone.now()
            mail.body = ""  # it may carry a tracking code: not kept once delivered
            mail.last_error = ""
            mail.next_attempt_at = None
        mail.save()
    return mail.status


def resend(mail: OutgoingMail) -> None:
    """Admins: queue a failed (or stuck) message again, with a fresh count of attempts."""
    OutgoingMail.objects.filter(pk=mail.pk).exclude(status=MailStatus.SENT).update(
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=None
    )
    transaction.on_commit(lambda: _enqueue(mail.pk))


@task()
def send_mail_task(mail_id: int) -> str:
    return send_queued_mail(mail_id)
