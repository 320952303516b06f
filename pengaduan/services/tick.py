"""The daily run (`manage.py pengaduan_tick`): close answered complaints nobody disputed,
withdraw the ones never completed, remind the actors of overdue complaints, and erase the
complainant's identity once the retention period is over."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pengaduan import clocks, notifications
from pengaduan.models import (
    IDENTITY_FIELDS,
    TERMINAL_STATES,
    Action,
    Attachment,
    Complaint,
    OverdueReminder,
    Status,
)
from pengaduan.services.state_machine import SYSTEM, lock_complaint, record_event, take_step


@dataclass
class TickResult:
    closed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)
    purged: list[str] = field(default_factory=list)


def retention_ended(now: datetime):
    """Closed complaints whose retention period is over and whose identity is still kept."""
    limit = now - timedelta(days=settings.PENGADUAN_RETENTION_DAYS)
    return Complaint.objects.filter(
        status__in=TERMINAL_STATES, identity_purged_at__isnull=True, closed_at__lt=limit
    )


def purge_identity(*, complaint: Complaint, now: datetime | None = None) -> Complaint:
    """After the retention period: erase the complainant's identity (also from the change
    history) and the attachments. The complaint itself and its timeline stay for the records."""
    now = now or timezone.now()
    with transaction.atomic():
        if not retention_ended(now).filter(pk=complaint.pk).exists():
            raise ValidationError("Masa retensi pengaduan ini belum berakhir.")
        locked = lock_complaint(complaint)
        blank = dict.fromkeys(IDENTITY_FIELDS, "")
        for name, value in blank.items():
            setattr(locked, name, value)
        locked.submitter_key = ""
        locked.identity_purged_at = now
        locked.save()
        Complaint.history.filter(id=locked.pk).update(**blank)
        names = []
        for attachment in Attachment.objects.filter(complaint=locked):
            names.append(attachment.file.name)
            attachment.delete()
        storage = Attachment._meta.get_field("file").storage

        def delete_files() -> None:
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete_files)
        record_event(
            locked,
            action=Action.IDENTITY_PURGED,
            from_status=locked.status,
            old_due=None,
            by=None,
            role=SYSTEM,
            note=f"{len(names)} lampiran dihapus.",
        )
    return locked


def close_answered(*, complaint: Complaint, today: date) -> Complaint:
    """Close a published reply nobody disputed within its period (10 hk by default)."""
    if complaint.lapse_on is None or complaint.lapse_on >= today:
        raise ValidationError("Masa sanggah pengaduan ini belum berakhir.")
    return take_step(complaint, Action.CLOSED, by=None, role=SYSTEM, note="Masa sanggah berakhir.")


def withdraw_incomplete(*, complaint: Complaint, today: date) -> Complaint:
    if complaint.lapse_on is None or complaint.lapse_on >= today:
        raise ValidationError("Batas waktu kelengkapan pengaduan ini belum berakhir.")
    return take_step(
        complaint,
        Action.WITHDRAWN,
        by=None,
        role=SYSTEM,
        note="Tidak dilengkapi dalam batas waktu.",
        outcome_reason="Pengaduan tidak dilengkapi pelapor dalam batas waktu.",
    )


def mark_escalation(complaints: list[Complaint], *, today: date) -> None:
    """Set on each overdue complaint how far its reminder goes: `overdue_since` (its earliest
    passed deadline), `to_head` (the Kepala UPT, once PENGADUAN_ESCALATE_HEAD_AFTER_DAYS working
    days overdue) and `to_region` (the regional office's PENGADUAN_ESCALATION_EMAIL, once
    PENGADUAN_ESCALATION_AFTER_DAYS working days overdue). The actor always gets it."""
    head_cutoff = clocks.overdue_by_at_least(today, settings.PENGADUAN_ESCALATE_HEAD_AFTER_DAYS)
    region_cutoff = clocks.overdue_by_at_least(today, settings.PENGADUAN_ESCALATION_AFTER_DAYS)
    for complaint in complaints:
        since = clocks.overdue_since(complaint, today) or today
        marks = {
            "overdue_since": since,
            "to_head": since <= head_cutoff,
            "to_region": since <= region_cutoff,
        }
        for name, value in marks.items():  # transient attributes for the digest's templates
            setattr(complaint, name, value)


def send_overdue_reminders(*, today: date) -> list[str]:
    """One reminder per overdue complaint per day, escalated step by step: to the actor from
    the first overdue day, then also to the Kepala UPT, then also to the regional office."""
    overdue = list(
        Complaint.objects.overdue(today)
        .select_related("assigned_to", "service")
        .order_by("due_date", "id")
    )
    if not overdue:
        return []
    done = set(OverdueReminder.objects.filter(sent_on=today).values_list("complaint_id", flat=True))
    fresh = [c for c in overdue if c.pk not in done]
    mark_escalation(fresh, today=today)
    with transaction.atomic():
        OverdueReminder.objects.bulk_create(
            [OverdueReminder(complaint=c, sent_on=today, status=c.status) for c in fresh]
        )
        notifications.overdue_digest(fresh, today=today)
    return [c.number for c in fresh]


def tick(*, today: date | None = None) -> TickResult:
    """The daily run (`manage.py pengaduan_tick`): close, withdraw, remind, purge expired
    identities. Running it again the same day changes nothing."""
    today = today or timezone.localdate()
    result = TickResult()
    for complaint in Complaint.objects.filter(status=Status.DIJAWAB, lapse_on__lt=today):
        close_answered(complaint=complaint, today=today)
        result.closed.append(complaint.number)
    for complaint in Complaint.objects.filter(status=Status.PERLU_KELENGKAPAN, lapse_on__lt=today):
        withdraw_incomplete(complaint=complaint, today=today)
        result.withdrawn.append(complaint.number)
    result.reminded = send_overdue_reminders(today=today)
    for complaint in retention_ended(timezone.now()):
        purge_identity(complaint=complaint)
        result.purged.append(complaint.number)
    return result
