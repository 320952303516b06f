from django.apps import AppConfig


class AbsensiConfig(AppConfig):
    name = "absensi"
    verbose_name = "Absensi"
    default_auto_field = "django.db.models.BigAutoField"

    # Role code (rutan.roles) -> permissions ("app_label.codename") the role holds.
    role_permissions: dict[str, set[str]] = {}
    # Dotted paths of functions (request) -> rendered HTML or None, shown on the dashboard.
    dashboard_panels: list[str] = []
    # Dotted path of a function (users=...) -> short summary, called by `seed_demo`.
    demo_loader: str | None = None
