"""Models of the complaint desk (Pengaduan Layanan), by topic:

- `complaints`: the statuses, channels and identity modes, `Complaint` and its queryset, which
  holds the privacy rule (`ComplaintQuerySet.visible_to`), and the yearly number counter;
- `catalogue`: what admins edit: the services complained about, holidays, per-status targets;
- `timeline`: the immutable timeline of steps, internal notes, replies, overdue reminders;
- `attachments`: files attached to a complaint, in the private storage;
- `survey`: the satisfaction survey (SKM): questions, anonymous responses, periods.

State changes go through `pengaduan.services`; attachments and the public tracking page follow
the privacy rule in `pengaduan.privacy`. Everything is re-exported here, so
`from pengaduan.models import Complaint, Status` works.
"""

from pengaduan.models.attachments import (
    Attachment,
    AttachmentKind,
    attachment_path,
    private_storage,
)
from pengaduan.models.catalogue import (
    REPLY_PLACEHOLDERS,
    DayKind,
    ReplyTemplate,
    ServiceCategory,
    StateTarget,
    template_placeholders,
)
from pengaduan.models.complaints import (
    ACTOR_STATES,
    IDENTITY_FIELDS,
    LAPOR_ID_PATTERN,
    MERGEABLE_STATES,
    OPEN_STATES,
    PUBLIC_STATUS_TEXT,
    TERMINAL_STATES,
    WAITING_STATES,
    Channel,
    Complaint,
    ComplaintCounter,
    ComplaintQuerySet,
    IdentityMode,
    MaskedIdentityIterable,
    Referral,
    Status,
    may_see_identity,
)
from pengaduan.models.survey import (
    AgeGroup,
    Education,
    Occupation,
    Sex,
    SurveyChannel,
    SurveyElement,
    SurveyPeriod,
    SurveyQuestion,
    SurveyResponse,
    score_field,
)
from pengaduan.models.timeline import (
    PUBLIC_EVENTS,
    Action,
    ComplaintEvent,
    EventQuerySet,
    InternalNote,
    OverdueReminder,
    Reply,
)

__all__ = [
    "Status",
    "ACTOR_STATES",
    "WAITING_STATES",
    "TERMINAL_STATES",
    "OPEN_STATES",
    "PUBLIC_STATUS_TEXT",
    "Channel",
    "IdentityMode",
    "Referral",
    "IDENTITY_FIELDS",
    "LAPOR_ID_PATTERN",
    "MERGEABLE_STATES",
    "ReplyTemplate",
    "REPLY_PLACEHOLDERS",
    "template_placeholders",
    "may_see_identity",
    "MaskedIdentityIterable",
    "ComplaintQuerySet",
    "Complaint",
    "ComplaintCounter",
    "DayKind",
    "ServiceCategory",
    "StateTarget",
    "Action",
    "PUBLIC_EVENTS",
    "EventQuerySet",
    "ComplaintEvent",
    "InternalNote",
    "Reply",
    "OverdueReminder",
    "private_storage",
    "AttachmentKind",
    "attachment_path",
    "Attachment",
    "SurveyElement",
    "SurveyChannel",
    "AgeGroup",
    "Sex",
    "Education",
    "Occupation",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyPeriod",
    "score_field",
]
