"""Who may see what of a complaint, beyond the rows themselves.

- The rows: staff views and exports read complaints only through
  `Complaint.objects.visible_to(user)` (`pengaduan.models.ComplaintQuerySet`), which scopes the
  rows (ULP and Kepala UPT: all; pejabat: assigned to them) and, for a viewer without
  `pengaduan.view_identity`, blanks the identity of every *rahasia* complaint as the rows are
  loaded — so no template, export or later change can show it by mistake.
- Attachments a viewer may open: `attachments_visible_to` (a *rahasia* complaint's channel
  screenshots show who sent it, so they follow the identity rule).
- The public tracking page gets a `PublicTracking` built here from an explicit allow-list: status
  text, dates, the public timeline labels and published replies. It has no access to the model,
  so internal notes, drafts, staff names and personal data cannot reach it.
"""

from dataclasses import dataclass
from datetime import date, datetime

from pengaduan.models import (
    PUBLIC_EVENTS,
    AttachmentKind,
    Complaint,
    IdentityMode,
    Reply,
    Status,
    may_see_identity,
)


def attachments_visible_to(user, complaint: Complaint):
    """The attachments of a complaint (already fetched through `visible_to`) the user may open."""
    attachments = complaint.attachments.all()
    if complaint.identity_mode == IdentityMode.RAHASIA and not may_see_identity(user):
        attachments = attachments.exclude(kind=AttachmentKind.SCREENSHOT)
    return attachments


# --- The public tracking page ----------------------------------------------------------------


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    label: str
    note: str


@dataclass(frozen=True)
class PublicReply:
    published_at: datetime
    text: str


@dataclass(frozen=True)
class PublicTracking:
    number: str
    status: str
    status_label: str
    status_text: str
    received_at: datetime
    service: str
    channel: str
    lapse_on: date | None
    events: list[PublicEvent]
    replies: list[PublicReply]
    can_complete: bool
    can_dispute: bool


def public_tracking(complaint: Complaint) -> PublicTracking:
    """What the complainant (holder of number + code) may see. Nothing else is passed on."""
    events = [
        PublicEvent(
            at=event.created_at,
            label=PUBLIC_EVENTS[event.action][0],
            note=event.note if PUBLIC_EVENTS[event.action][1] else "",
        )
        for event in complaint.events.all()
        if event.action in PUBLIC_EVENTS
    ]
    # A merged duplicate shows its main complaint's published reply (never anything else of it).
    answered = complaint.merged_into_id or complaint.pk
    replies = [
        PublicReply(published_at=reply.published_at, text=reply.text)
        for reply in Reply.objects.filter(
            complaint_id__in={complaint.pk, answered}, published_at__isnull=False
        ).order_by("published_at", "id")
    ]
    return PublicTracking(
        number=complaint.number,
        status=complaint.status,
        status_label=complaint.get_status_display(),
        status_text=complaint.public_status_text,
        received_at=complaint.received_at,
        service=complaint.service.name,
        channel=complaint.get_channel_display(),
        lapse_on=complaint.lapse_on,
        events=events,
        replies=replies,
        can_complete=complaint.status == Status.PERLU_KELENGKAPAN,
        can_dispute=complaint.status == Status.DIJAWAB and complaint.disputed_at is None,
    )
