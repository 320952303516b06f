from django.apps import AppConfig

from rutan.roles import ADMIN, KEPALA_UPT, PETUGAS_PEMBINAAN


class AbsensiConfig(AppConfig):
    name = "absensi"
    verbose_name = "Absensi"
    default_auto_field = "django.db.models.BigAutoField"

    # Role code (rutan.roles) -> permissions ("app_label.codename") the role holds.
    # Admins hold every permission of the app: the device registry (add/change), clearing a
    # device's log, and changing attendance after the edit window.
    role_permissions: dict[str, set[str]] = {
        PETUGAS_PEMBINAAN: {
            "absensi.view_attendance",
            "absensi.add_attendance",
            "absensi.change_attendance",
            "absensi.view_fingerprintdevice",
            "absensi.sync_fingerprintdevice",
            "absensi.view_syncrun",
            "absensi.view_rawpunch",
            "absensi.map_device_pin",
            "absensi.view_quarantinedpunch",
        },
        KEPALA_UPT: {
            "absensi.view_attendance",
            "absensi.view_fingerprintdevice",
            "absensi.view_syncrun",
            "absensi.view_rawpunch",
            "absensi.view_quarantinedpunch",
        },
        ADMIN: set(),
    }
    # Dotted paths of functions (request) -> rendered HTML or None, shown on the dashboard.
    dashboard_panels: list[str] = ["absensi.views.sync_queue_panel", "absensi.views.devices_panel"]
    # Name -> dotted path of a function returning (ok, detail), run by /healthz (rutan/health.py).
    health_checks: dict[str, str] = {"fingerprint_sync": "absensi.health.recent_syncs"}
    # Background jobs (rutan/jobs.py): kind -> (function, template of its result).
    job_kinds = {"absensi.attendance_export": ("absensi.jobs.export_attendance", "")}
    # Dotted path of a function (first, last) -> the number of inmates served in those days,
    # read by the satisfaction survey of pengaduan (pengaduan.survey_report.population_served).
    survey_population: str = "absensi.population.inmates_served"
    # Dotted path of a function (users=...) -> short summary, called by `seed_demo`.
    demo_loader: str | None = "absensi.demo.load"

    def ready(self) -> None:
        from absensi import receivers  # noqa: F401  (connects pembinaan's session signals)
