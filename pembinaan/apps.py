from django.apps import AppConfig

from rutan.roles import ADMIN, KEPALA_UPT, PETUGAS_PEMBINAAN

# Read access to the programs side (programs, catalogues, plans, sessions, results).
PLANNING_VIEW = {
    "pembinaan.view_artform",
    "pembinaan.view_venue",
    "pembinaan.view_partner",
    "pembinaan.view_program",
    "pembinaan.view_workplan",
    "pembinaan.view_allocation",
    "pembinaan.view_session",
    "pembinaan.view_sessionresult",
    "pembinaan.view_sessionphoto",
    "pembinaan.view_participationcertificate",
}


class PembinaanConfig(AppConfig):
    name = "pembinaan"
    verbose_name = "Pembinaan kesenian"
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        PETUGAS_PEMBINAAN: {
            "pembinaan.view_inmate",
            "pembinaan.import_inmate",
            "pembinaan.override_stage",
            "pembinaan.change_device_pin",
            "pembinaan.view_sdpimport",
            # Programs, work plans (not their approval), participants, sessions, results.
            *PLANNING_VIEW,
            "pembinaan.add_program",
            "pembinaan.change_program",
            "pembinaan.add_partner",
            "pembinaan.change_partner",
            "pembinaan.add_workplan",
            "pembinaan.change_workplan",
            "pembinaan.add_allocation",
            "pembinaan.change_allocation",
            "pembinaan.change_session",
            "pembinaan.record_session_times",
            "pembinaan.issue_certificate",
            "pembinaan.add_sessionresult",
            "pembinaan.change_sessionresult",
            "pembinaan.add_sessionphoto",
            "pembinaan.delete_sessionphoto",
        },
        KEPALA_UPT: {
            "pembinaan.view_inmate",
            "pembinaan.override_stage",
            "pembinaan.view_sdpimport",
            # Sees everything of the programs; decides on work plans; may allocate
            # participants and override an eligibility refusal (with a recorded reason).
            *PLANNING_VIEW,
            "pembinaan.approve_workplan",
            "pembinaan.add_allocation",
            "pembinaan.override_eligibility",
            # Records or corrects a session's times, also after the edit window; certificates.
            "pembinaan.record_session_times",
            "pembinaan.correct_locked_session_times",
            "pembinaan.issue_certificate",
        },
        ADMIN: set(),
    }
    dashboard_panels = [
        "pembinaan.views.register.register_panel",
        "pembinaan.views.sessions.plan_decisions_panel",
        "pembinaan.views.sessions.sessions_panel",
        "pembinaan.views.programs.drift_panel",
    ]
    # Background jobs (rutan/jobs.py): kind -> (function, template of its result).
    job_kinds = {
        "pembinaan.import_preview": (
            "pembinaan.jobs.preview_import",
            "pembinaan/_import_preview.html",
        ),
        "pembinaan.import_commit": ("pembinaan.jobs.commit_import", "pembinaan/_import_done.html"),
        "pembinaan.register_export": ("pembinaan.jobs.export_register", ""),
    }
    demo_loader: str | None = "pembinaan.demo.load_all"
