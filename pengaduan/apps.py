from django.apps import AppConfig
from django.core.signals import setting_changed
from django.db.models.signals import post_migrate

from rutan.roles import ADMIN, KEPALA_UPT, PEJABAT_PELAYANAN, PETUGAS_PENGADUAN

SURVEY_RESULTS = "pengaduan.view_survey_results"
SURVEY_PUBLISH = "pengaduan.publish_survey"

STAFF_COMMON = {
    "pengaduan.view_complaint",
    "pengaduan.add_internalnote",
    "pengaduan.view_complaint_report",
}


def _sync_captcha_test_mode(*, setting: str, value, **kwargs) -> None:
    """django-simple-captcha copies its settings once, at import; follow test overrides.

    Only `override_settings` (and pytest-django's `settings` fixture) send `setting_changed`, so
    this has no effect in production, where CAPTCHA_TEST_MODE stays off.
    """
    if setting == "CAPTCHA_TEST_MODE":
        from captcha.conf import settings as captcha_settings

        captcha_settings.CAPTCHA_TEST_MODE = bool(value)


class PengaduanConfig(AppConfig):
    name = "pengaduan"
    verbose_name = "Pengaduan layanan"
    default_auto_field = "django.db.models.BigAutoField"

    # Role code (rutan.roles) -> permissions ("app_label.codename") the role holds.
    role_permissions: dict[str, set[str]] = {
        PETUGAS_PENGADUAN: STAFF_COMMON
        | {
            "pengaduan.handle_complaint",
            "pengaduan.view_all_complaints",
            "pengaduan.view_identity",
            SURVEY_RESULTS,
        },
        KEPALA_UPT: STAFF_COMMON
        | {
            "pengaduan.direct_complaint",
            "pengaduan.view_all_complaints",
            "pengaduan.view_identity",
            SURVEY_RESULTS,
            SURVEY_PUBLISH,
        },
        # A pejabat sees only the complaints assigned to them, never a rahasia identity.
        PEJABAT_PELAYANAN: STAFF_COMMON | {"pengaduan.act_on_complaint"},
        ADMIN: set(),
    }
    # Dotted paths of functions (request) -> rendered HTML or None, shown on the dashboard.
    dashboard_panels: list[str] = [
        "pengaduan.views.queue_panel",
        "pengaduan.views.month_panel",
    ]
    # Background jobs (rutan/jobs.py): kind -> (function, template of its result).
    job_kinds = {
        "pengaduan.report_xlsx": ("pengaduan.jobs.report_xlsx", ""),
    }
    # Dotted path of a function (users=...) -> short summary, called by `seed_demo`.
    demo_loader: str | None = "pengaduan.demo.load"

    def ready(self) -> None:
        from pengaduan.seeds import ensure_defaults
        from pengaduan.survey_seeds import ensure_survey_questions

        setting_changed.connect(_sync_captcha_test_mode, dispatch_uid="pengaduan-captcha-settings")
        # After every migrate (and test flush): the seeded targets and services, if missing.
        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="pengaduan-defaults")
        post_migrate.connect(
            ensure_survey_questions, sender=self, dispatch_uid="pengaduan-survey-questions"
        )
