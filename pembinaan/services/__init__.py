"""Service functions of pembinaan: every state change goes through here, by topic:

- `programs`: arts programs and partners;
- `plans`: work plans, their revisions and the Kepala UPT's decision (which makes sessions);
- `participants`: allocations of inmates to programs, with the eligibility checks;
- `sessions`: starting, finishing and cancelling sessions; results and photos;
- `certificates`: certificates of participation for a completed program;
- `register`: the inmate register: stage dates, SDP import and export, TPP stage overrides.

The public functions are re-exported here: callers write `from pembinaan import services`.
"""

from pembinaan.services.certificates import (
    CertificateCheck,
    certificate_check,
    certificate_number,
    issue_certificate,
)
from pembinaan.services.participants import (
    STATUS_END_REASONS,
    AllocationOutcome,
    allocate_inmates,
    eligibility_refusals,
    end_allocation,
    end_allocations_for_status_change,
)
from pembinaan.services.plans import (
    REVISION_FIELDS,
    PlannedSession,
    SlotSpec,
    approve_work_plan,
    create_work_plan,
    plan_schedule,
    reject_work_plan,
    return_work_plan,
    revision_schedule,
    start_plan_revision,
    submit_work_plan,
    update_work_plan,
)
from pembinaan.services.programs import (
    PROGRAM_FIELDS,
    create_program,
    save_partner,
    update_program,
)
from pembinaan.services.register import (
    BULK_BATCH_SIZE,
    PRESENT_STATUSES,
    STAGE_DATE_FIELDS,
    ImportPlan,
    ImportUpdate,
    apply_stage_dates,
    commit_sdp_import,
    export_rows,
    override_stage,
    plan_sdp_import,
)
from pembinaan.services.sessions import (
    MAX_RECORDED_MINUTES,
    PHOTO_FORMATS,
    add_session_photo,
    attendance_marks,
    cancel_session,
    delete_session_photo,
    finish_session,
    record_session_times,
    result_deadline,
    results_editable,
    save_participant_results,
    save_session_result,
    start_session,
    time_flags,
    times_deadline,
    times_editable,
    uncancel_session,
)

__all__ = [
    "PROGRAM_FIELDS",
    "create_program",
    "update_program",
    "save_partner",
    "SlotSpec",
    "PlannedSession",
    "plan_schedule",
    "revision_schedule",
    "REVISION_FIELDS",
    "create_work_plan",
    "update_work_plan",
    "submit_work_plan",
    "approve_work_plan",
    "return_work_plan",
    "reject_work_plan",
    "start_plan_revision",
    "STATUS_END_REASONS",
    "AllocationOutcome",
    "eligibility_refusals",
    "allocate_inmates",
    "end_allocation",
    "end_allocations_for_status_change",
    "start_session",
    "attendance_marks",
    "time_flags",
    "MAX_RECORDED_MINUTES",
    "times_deadline",
    "times_editable",
    "record_session_times",
    "CertificateCheck",
    "certificate_check",
    "certificate_number",
    "issue_certificate",
    "finish_session",
    "cancel_session",
    "uncancel_session",
    "result_deadline",
    "results_editable",
    "save_session_result",
    "save_participant_results",
    "PHOTO_FORMATS",
    "add_session_photo",
    "delete_session_photo",
    "STAGE_DATE_FIELDS",
    "PRESENT_STATUSES",
    "BULK_BATCH_SIZE",
    "apply_stage_dates",
    "ImportUpdate",
    "ImportPlan",
    "plan_sdp_import",
    "commit_sdp_import",
    "export_rows",
    "override_stage",
]
