from tests.matrix import Url


def objects() -> dict:
    found: dict = {}
    found.update(_planning_objects())
    found.update(_register_objects())
    return found


URLS: list = []


# --- Programs, work plans, sessions, participants and results ----------------------

PLANNING_VIEWERS = {"petugas", "kepala", "admin_user"}
PLANNING_EDITORS = {"petugas", "admin_user"}
DECIDERS = {"kepala", "admin_user"}
ALLOCATORS = PLANNING_EDITORS | {"kepala"}  # the Kepala UPT may allocate (and override)
# Record/correct a session's times; issue certificates of participation.
TIME_RECORDERS = {"petugas", "kepala", "admin_user"}
CERTIFICATE_ISSUERS = {"petugas", "kepala", "admin_user"}


def _planning_objects() -> dict:
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from pembinaan import services
    from pembinaan.models import ParticipationCertificate, SessionStatus, WorkPlanStatus
    from tests.pembinaan import planning_factories as f
    from tests.pembinaan.test_results import png_bytes

    author = f.staff_user()
    program = f.program(by=author)
    submitted = f.plan(program_=program, by=author, status=WorkPlanStatus.SUBMITTED)
    draft = f.plan(
        program_=f.program(by=author),
        by=author,
        start=timezone.localdate(),
        end=timezone.localdate() + timedelta(days=30),
    )
    now = timezone.now()
    session = f.session(
        plan_=submitted,
        day=timezone.localdate(),
        status=SessionStatus.FINISHED,
        actual_start=now - timedelta(minutes=40),
        actual_end=now,
    )
    photo = services.add_session_photo(
        session=session,
        by=author,
        upload=SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
    )
    allocation = f.allocation(program_=program)
    suspension = services.suspend_allocation(
        allocation=allocation,
        by=author,
        start_date=allocation.start_date,
        end_date=None,
        reason="izin",
    )
    finished_allocation = f.allocation(
        program_=program,
        start_date=session.date,
        end_date=session.date + timedelta(days=1),
        end_reason="selesai",
    )
    certificate = ParticipationCertificate.objects.create(
        number="001/SK-PK/I/2026",
        year=2026,
        sequence=1,
        allocation=finished_allocation,
        inmate=finished_allocation.inmate,
        program=program,
        period_start=session.date,
        period_end=session.date,
        sessions_held=1,
        sessions_attended=1,
        issued_by=author,
        issued_at=now,
    )
    return {
        "certificate": certificate,
        "program": program,
        "plan": submitted,
        "suspension": suspension,
        "draft_plan": draft,
        "session": session,
        "allocation": allocation,
        "partner": f.partner(),
        "photo": photo,
    }


def _pk(name: str):
    return lambda o: {"pk": o[name].pk}


URLS += [
    Url("pembinaan:program_list", roles=PLANNING_VIEWERS),
    Url("pembinaan:program_create", roles=PLANNING_EDITORS),
    Url("pembinaan:program_detail", roles=PLANNING_VIEWERS, kwargs=_pk("program")),
    Url("pembinaan:program_update", roles=PLANNING_EDITORS, kwargs=_pk("program")),
    Url("pembinaan:program_participants", roles=PLANNING_VIEWERS, kwargs=_pk("program")),
    Url(
        "pembinaan:program_allocate",
        roles=ALLOCATORS,
        kwargs=_pk("program"),
        method="POST",
    ),
    Url("pembinaan:plan_create", roles=PLANNING_EDITORS, kwargs=_pk("program")),
    Url(
        "pembinaan:allocation_end", roles=PLANNING_EDITORS, kwargs=_pk("allocation"), method="POST"
    ),
    Url(
        "pembinaan:allocation_suspend",
        roles=PLANNING_EDITORS,
        kwargs=_pk("allocation"),
        method="POST",
    ),
    Url(
        "pembinaan:allocation_keep", roles=PLANNING_EDITORS, kwargs=_pk("allocation"), method="POST"
    ),
    Url(
        "pembinaan:suspension_lift", roles=PLANNING_EDITORS, kwargs=_pk("suspension"), method="POST"
    ),
    Url("pembinaan:day_callout", roles=PLANNING_VIEWERS),
    Url("pembinaan:certificate_check", roles=CERTIFICATE_ISSUERS, kwargs=_pk("allocation")),
    Url(
        "pembinaan:certificate_issue",
        roles=CERTIFICATE_ISSUERS,
        kwargs=_pk("allocation"),
        method="POST",
    ),
    Url("pembinaan:certificate_print", roles=PLANNING_VIEWERS, kwargs=_pk("certificate")),
    Url("pembinaan:partner_list", roles=PLANNING_VIEWERS),
    Url("pembinaan:partner_create", roles=PLANNING_EDITORS),
    Url("pembinaan:partner_update", roles=PLANNING_EDITORS, kwargs=_pk("partner")),
    Url("pembinaan:plan_list", roles=PLANNING_VIEWERS),
    Url("pembinaan:plan_inbox", roles=DECIDERS),
    Url("pembinaan:plan_detail", roles=PLANNING_VIEWERS, kwargs=_pk("plan")),
    Url("pembinaan:plan_update", roles=PLANNING_EDITORS, kwargs=_pk("draft_plan")),
    Url("pembinaan:plan_submit", roles=PLANNING_EDITORS, kwargs=_pk("draft_plan"), method="POST"),
    Url("pembinaan:plan_revise", roles=PLANNING_EDITORS, kwargs=_pk("plan"), method="POST"),
    Url("pembinaan:plan_approve", roles=DECIDERS, kwargs=_pk("plan"), method="POST"),
    Url("pembinaan:plan_return", roles=DECIDERS, kwargs=_pk("plan"), method="POST"),
    Url("pembinaan:plan_reject", roles=DECIDERS, kwargs=_pk("plan"), method="POST"),
    Url("pembinaan:plan_print", roles=PLANNING_VIEWERS, kwargs=_pk("plan")),
    Url("pembinaan:session_list", roles=PLANNING_VIEWERS),
    Url("pembinaan:session_detail", roles=PLANNING_VIEWERS, kwargs=_pk("session")),
    Url("pembinaan:session_start", roles=PLANNING_EDITORS, kwargs=_pk("session"), method="POST"),
    Url("pembinaan:session_finish", roles=PLANNING_EDITORS, kwargs=_pk("session"), method="POST"),
    Url("pembinaan:session_cancel", roles=PLANNING_EDITORS, kwargs=_pk("session"), method="POST"),
    Url("pembinaan:session_uncancel", roles=PLANNING_EDITORS, kwargs=_pk("session"), method="POST"),
    Url("pembinaan:session_times", roles=TIME_RECORDERS, kwargs=_pk("session")),
    Url("pembinaan:session_callout", roles=PLANNING_VIEWERS, kwargs=_pk("session")),
    Url("pembinaan:session_results", roles=PLANNING_EDITORS, kwargs=_pk("session")),
    Url(
        "pembinaan:session_photo_upload",
        roles=PLANNING_EDITORS,
        kwargs=_pk("session"),
        method="POST",
    ),
    Url("pembinaan:session_photo", roles=PLANNING_VIEWERS, kwargs=_pk("photo")),
    Url(
        "pembinaan:session_photo_delete", roles=PLANNING_EDITORS, kwargs=_pk("photo"), method="POST"
    ),
]


# --- Register WBP -------------------------------------------------------------------

REGISTER_READERS = {"petugas", "kepala", "admin_user"}
REGISTER_IMPORTERS = {"petugas", "admin_user"}


def _register_objects() -> dict:
    from pembinaan.models import Inmate

    napi = Inmate.objects.create(
        registration_number="B.I 1/2024", name="Budi", legal_status="narapidana"
    )
    return {"register_inmate": napi}


URLS += [
    Url("pembinaan:inmate_list", roles=REGISTER_READERS),
    Url("pembinaan:register_panel", roles=REGISTER_READERS),
    Url("pembinaan:inmate_detail", roles=REGISTER_READERS, kwargs=_pk("register_inmate")),
    Url(
        "pembinaan:inmate_stage",
        roles=REGISTER_READERS,
        method="POST",
        kwargs=_pk("register_inmate"),
    ),
    Url(
        "pembinaan:inmate_device_pin",
        roles={"petugas", "admin_user"},
        method="POST",
        kwargs=_pk("register_inmate"),
    ),
    Url("pembinaan:inmate_import", roles=REGISTER_IMPORTERS),
    Url(
        "pembinaan:inmate_import_commit",
        roles=REGISTER_IMPORTERS,
        method="POST",
        kwargs=lambda o: {"token": "00000000-0000-0000-0000-000000000000"},
    ),
    Url("pembinaan:inmate_export", roles=REGISTER_IMPORTERS),
]
