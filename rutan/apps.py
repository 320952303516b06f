from django.apps import AppConfig
from django.db.models.signals import post_migrate

from rutan.roles import ADMIN, KEPALA_UPT, PETUGAS_PEMBINAAN

# Reports and the figures dashboards read across apps (rutan/reports/); admins hold every
# permission of the project's apps anyway.
REPORTS_PERMISSION = "rutan.view_reports"


class RutanConfig(AppConfig):
    name = "rutan"
    verbose_name = "Unit dan pengguna"
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions: dict[str, set[str]] = {
        PETUGAS_PEMBINAAN: {REPORTS_PERMISSION},
        KEPALA_UPT: {REPORTS_PERMISSION},
        ADMIN: set(),
    }
    dashboard_panels: list[str] = [
        "rutan.views.worker_panel",
        "rutan.views.holiday_panel",
        "rutan.reports.views.month_glance_panel",
        "rutan.reports.views.complaint_charts_panel",
    ]

    # Background jobs (rutan/jobs.py): kind -> (function, template of its result).
    job_kinds = {
        "rutan.participation_workbook": ("rutan.reports.jobs.participation_workbook", ""),
    }

    def ready(self) -> None:
        from rutan.roles import sync_role_permissions

        # Once per migrate (and after each test flush); it creates missing permissions itself.
        post_migrate.connect(sync_role_permissions, sender=self, dispatch_uid="rutan-roles")
