"""Models of pembinaan, by topic:

- `register`: the inmate register (WBP) and the SDP import log;
- `choices`: the stored choices of the program side (statuses, reasons, predikat);
- `catalogue`: art forms, venues and partners, edited by the admin;
- `programs`: arts programs;
- `plans`: work plans, their revisions, slots and transitions;
- `participants`: allocations of inmates to programs;
- `sessions`: sessions, their results and photos;
- `certificates`: certificates of participation.

Everything is re-exported here, so `from pembinaan.models import Inmate, WorkPlan` works.
"""

from pembinaan.models.catalogue import (
    ArtForm,
    Partner,
    Venue,
)
from pembinaan.models.certificates import ParticipationCertificate
from pembinaan.models.choices import (
    EDITABLE_PLAN_STATUSES,
    OPEN_PLAN_STATUSES,
    PLAN_BADGES,
    PREDICATE_SCALE,
    CancelReason,
    EndReason,
    Frequency,
    InstructorType,
    Predicate,
    ProgramStatus,
    SessionStatus,
    SuspensionReason,
    WorkPlanStatus,
    predicate_for,
    predicate_range,
)
from pembinaan.models.participants import (
    Allocation,
    AllocationQuerySet,
    AllocationSuspension,
)
from pembinaan.models.plans import (
    WorkPlan,
    WorkPlanQuerySet,
    WorkPlanRevision,
    WorkPlanSlot,
    WorkPlanTransition,
)
from pembinaan.models.programs import (
    Program,
    ProgramQuerySet,
    default_session_minutes,
)
from pembinaan.models.register import (
    CELL_ORDER,
    STAGE_CHOICES,
    Inmate,
    InmateClass,
    InmateQuerySet,
    LegalStatus,
    RegistrationStatus,
    SdpImport,
    SentenceKind,
    cell_order,
)
from pembinaan.models.sessions import (
    ParticipantResult,
    Session,
    SessionPhoto,
    SessionQuerySet,
    SessionResult,
    private_storage,
    session_photo_path,
)

__all__ = [
    "LegalStatus",
    "RegistrationStatus",
    "InmateClass",
    "SentenceKind",
    "STAGE_CHOICES",
    "InmateQuerySet",
    "Inmate",
    "SdpImport",
    "InstructorType",
    "ProgramStatus",
    "WorkPlanStatus",
    "PLAN_BADGES",
    "OPEN_PLAN_STATUSES",
    "EDITABLE_PLAN_STATUSES",
    "Frequency",
    "SessionStatus",
    "CancelReason",
    "EndReason",
    "Predicate",
    "PREDICATE_SCALE",
    "predicate_for",
    "predicate_range",
    "ArtForm",
    "Venue",
    "Partner",
    "default_session_minutes",
    "ProgramQuerySet",
    "Program",
    "WorkPlanQuerySet",
    "WorkPlan",
    "WorkPlanRevision",
    "WorkPlanSlot",
    "WorkPlanTransition",
    "AllocationQuerySet",
    "Allocation",
    "AllocationSuspension",
    "SuspensionReason",
    "CELL_ORDER",
    "cell_order",
    "private_storage",
    "SessionQuerySet",
    "Session",
    "SessionResult",
    "ParticipantResult",
    "session_photo_path",
    "SessionPhoto",
    "ParticipationCertificate",
]
