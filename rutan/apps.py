from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RutanConfig(AppConfig):
    name = "rutan"
    verbose_name = "Unit dan pengguna"
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions: dict[str, set[str]] = {}
    dashboard_panels: list[str] = []

    def ready(self) -> None:
        from rutan.roles import sync_role_permissions

        # Once per migrate (and after each test flush); it creates missing permissions itself.
        post_migrate.connect(sync_role_permissions, sender=self, dispatch_uid="rutan-roles")
