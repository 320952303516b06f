"""E-mails of the complaint desk, queued and sent by the task worker after the transaction
commits (rutan/mail.py: connection timeout, retries, failures listed for the admins).

To the complainant (when they gave an e-mail address): on receipt (number and tracking code),
on "please complete", on a published reply (also to the complainants of merged duplicates),
on being merged into another complaint. To staff: on a recommendation (or a request for
reassignment) awaiting the Kepala UPT's direction, on assignment, on a returned draft, on a
dispute, and the daily overdue digest, escalated to the Kepala UPT and the regional office.
Staff e-mails never carry the complainant's identity. A failing mail server never undoes the
step, breaks the page or makes it wait.
"""

import logging
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from pengaduan.models import Status
from rutan.mail import queue_mail
from rutan.models import UnitProfile, User

logger = logging.getLogger(__name__)

PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _url(name: str, **kwargs) -> str:
    return settings.PENGADUAN_SITE_URL + reverse(name, kwargs=kwargs or None)


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    """Queue the message; the task worker sends it after commit, with retries (rutan/mail.py)."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    context = {**context, "unit": UnitProfile.load()}
    queue_mail(subject=subject, body=render_to_string(template, context), recipients=recipients)


def users_with(perm: str):
    """Active users holding a permission through their groups or themselves."""
    return User.objects.with_perm(
        perm, include_superusers=False, backend=PERMISSION_BACKEND
    ).filter(is_active=True)


def staff_with(perm: str):
    """Active staff holding a permission (admin operators excluded), with an e-mail address."""
    return users_with(perm).filter(is_staff=False).exclude(email="").order_by("id")


def _emails(perm: str) -> list[str]:
    return list(staff_with(perm).values_list("email", flat=True))


# --- To the complainant ---------------------------------------------------------------------


def complaint_received(complaint, code: str) -> None:
    _send(
        f"Pengaduan {complaint.number} telah diterima",
        "pengaduan/email/received.txt",
        {"complaint": complaint, "code": code, "track_url": _url("pengaduan:track")},
        [complaint.reporter_email],
    )


def completion_requested(complaint, message: str) -> None:
    _send(
        f"Pengaduan {complaint.number} perlu dilengkapi",
        "pengaduan/email/completion_requested.txt",
        {"complaint": complaint, "message": message, "track_url": _url("pengaduan:track")},
        [complaint.reporter_email],
    )


def reply_published(complaint) -> None:
    _send(
        f"Jawaban atas pengaduan {complaint.number}",
        "pengaduan/email/reply_published.txt",
        {"complaint": complaint, "track_url": _url("pengaduan:track")},
        [complaint.reporter_email],
    )
    # Complainants of merged duplicates read the same reply on their own tracking page; each
    # gets their own message (no one sees another complainant's address).
    for duplicate in complaint.duplicates.exclude(reporter_email="").order_by("pk"):
        _send(
            f"Jawaban atas pengaduan {duplicate.number}",
            "pengaduan/email/reply_published_merged.txt",
            {"complaint": duplicate, "track_url": _url("pengaduan:track")},
            [duplicate.reporter_email],
        )


def complaint_merged(duplicate) -> None:
    _send(
        f"Pengaduan {duplicate.number} digabungkan",
        "pengaduan/email/merged.txt",
        {"complaint": duplicate, "track_url": _url("pengaduan:track")},
        [duplicate.reporter_email],
    )


# --- To staff ------------------------------------------------------------------------------


def official_assigned(complaint) -> None:
    _send(
        f"Penugasan tindak lanjut pengaduan {complaint.number}",
        "pengaduan/email/assigned.txt",
        {"complaint": complaint, "url": _url("pengaduan:complaint_detail", pk=complaint.pk)},
        [complaint.assigned_to.email],
    )


def awaiting_direction(complaint, *, reason: str) -> None:
    """A recommendation (or a pejabat's request for reassignment) awaits the Kepala UPT;
    `reason` says which, in a few words."""
    _send(
        f"Pengaduan {complaint.number} menunggu arahan Kepala UPT",
        "pengaduan/email/awaiting_direction.txt",
        {
            "complaint": complaint,
            "reason": reason,
            "url": _url("pengaduan:complaint_detail", pk=complaint.pk),
        },
        _emails("pengaduan.direct_complaint"),
    )


def draft_returned(complaint) -> None:
    _send(
        f"Draf klarifikasi pengaduan {complaint.number} dikembalikan",
        "pengaduan/email/draft_returned.txt",
        {"complaint": complaint, "url": _url("pengaduan:complaint_detail", pk=complaint.pk)},
        [complaint.assigned_to.email],
    )


def reply_disputed(complaint) -> None:
    _send(
        f"Jawaban pengaduan {complaint.number} disanggah pelapor",
        "pengaduan/email/disputed.txt",
        {"complaint": complaint, "url": _url("pengaduan:complaint_detail", pk=complaint.pk)},
        [complaint.assigned_to.email, *_emails("pengaduan.direct_complaint")],
    )


def overdue_digest(complaints: list, *, today: date) -> None:
    """The daily digest of overdue complaints, escalated (services.tick.mark_escalation): one
    e-mail per recipient listing their items; the actor gets each item, the Kepala UPT the items
    marked `to_head` (and those waiting for his own direction), the regional office's address
    (PENGADUAN_ESCALATION_EMAIL, when set) the items marked `to_region`. No identity."""
    if not complaints:
        return
    ulp = _emails("pengaduan.handle_complaint")
    heads = _emails("pengaduan.direct_complaint")
    per_recipient: dict[str, list] = defaultdict(list)
    for complaint in complaints:
        if complaint.status == Status.DITINDAKLANJUTI:
            actors = [complaint.assigned_to.email] if complaint.assigned_to else []
        elif complaint.status == Status.MENUNGGU_ARAHAN:
            actors = heads
        else:
            actors = ulp
        escalated = heads if getattr(complaint, "to_head", True) else []
        for email in {*actors, *escalated}:
            per_recipient[email].append(complaint)
    region = settings.PENGADUAN_ESCALATION_EMAIL
    to_region = [c for c in complaints if getattr(c, "to_region", False)]
    if region and to_region:
        _send(
            f"Eskalasi: {len(to_region)} pengaduan melewati batas waktu",
            "pengaduan/email/overdue_escalation.txt",
            {
                "complaints": to_region,
                "today": today,
                "days": settings.PENGADUAN_ESCALATION_AFTER_DAYS,
            },
            [region],
        )
    for email, items in per_recipient.items():
        _send(
            f"Pengingat: {len(items)} pengaduan melewati batas waktu",
            "pengaduan/email/overdue.txt",
            {"complaints": items, "today": today, "url": _url("pengaduan:inbox")},
            [email],
        )
