"""Service functions of the complaint desk: every state change goes through here, by topic:

- `state_machine`: the roles, which step leads where and from which states each role may take
  it, the deadlines of each state, and `take_step`, the one way a step is taken (lock, check,
  change, validate, write the timeline event);
- `intake`: complaint numbers and tracking codes; a complaint from the public form or logged by
  ULP; a new tracking code;
- `workflow`: the steps of ULP, the Kepala UPT, the pejabat and the complainant; internal notes;
- `tick`: the daily run: close, withdraw, remind overdue, erase identities after retention;
- `survey`: the satisfaction survey: a respondent's answers, a period's population and
  publication.

The public names are re-exported here: callers write `from pengaduan import services`.
"""

from pengaduan.services.intake import (
    CODE_ALPHABET,
    CODE_LENGTH,
    NUMBER_PATTERN,
    Intake,
    allocate_number,
    find_by_tracking,
    has_open_complaints,
    hash_code,
    log_complaint,
    new_tracking_code,
    normalise_code,
    normalise_number,
    normalise_phone,
    reissue_tracking_code,
    submit_public_complaint,
    submitter_key,
)
from pengaduan.services.state_machine import (
    ACT,
    COMPLAINANT,
    DEFAULT_TARGETS,
    DIRECT,
    HANDLE,
    ROLE_LABELS,
    STEPS,
    SYSTEM,
    Step,
    allowed_actions,
    officials,
    state_target,
)
from pengaduan.services.survey import SurveyAnswers, set_survey_period, submit_survey_response
from pengaduan.services.tick import (
    TickResult,
    close_answered,
    purge_identity,
    retention_ended,
    send_overdue_reminders,
    tick,
    withdraw_incomplete,
)
from pengaduan.services.workflow import (
    add_internal_note,
    complete_complaint,
    dispute_reply,
    give_direction,
    publish_reply,
    refer_complaint,
    reject_complaint,
    request_completion,
    request_reassignment,
    return_draft,
    send_back_to_ulp,
    staff_role,
    submit_draft_reply,
    submit_recommendation,
    verify_complaint,
)

__all__ = [
    "HANDLE",
    "DIRECT",
    "ACT",
    "ROLE_LABELS",
    "COMPLAINANT",
    "SYSTEM",
    "DEFAULT_TARGETS",
    "officials",
    "Step",
    "STEPS",
    "allowed_actions",
    "state_target",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "NUMBER_PATTERN",
    "allocate_number",
    "new_tracking_code",
    "normalise_code",
    "normalise_number",
    "hash_code",
    "find_by_tracking",
    "normalise_phone",
    "Intake",
    "has_open_complaints",
    "submitter_key",
    "submit_public_complaint",
    "log_complaint",
    "reissue_tracking_code",
    "verify_complaint",
    "request_completion",
    "reject_complaint",
    "refer_complaint",
    "submit_recommendation",
    "publish_reply",
    "return_draft",
    "give_direction",
    "send_back_to_ulp",
    "submit_draft_reply",
    "request_reassignment",
    "complete_complaint",
    "dispute_reply",
    "staff_role",
    "add_internal_note",
    "TickResult",
    "retention_ended",
    "purge_identity",
    "close_answered",
    "withdraw_incomplete",
    "send_overdue_reminders",
    "tick",
    "SurveyAnswers",
    "submit_survey_response",
    "set_survey_period",
]
