from django.apps import AppConfig

from rutan.roles import ADMIN, KEPALA_UPT, PETUGAS_PEMBINAAN


class PembinaanConfig(AppConfig):
    name = "pembinaan"
    verbose_name = "Pembinaan kesenian"
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        PETUGAS_PEMBINAAN: {
            "pembinaan.view_inmate",
            "pembinaan.import_inmate",
            "pembinaan.override_stage",
            "pembinaan.view_sdpimport",
        },
        KEPALA_UPT: {
            "pembinaan.view_inmate",
            "pembinaan.override_stage",
            "pembinaan.view_sdpimport",
        },
        ADMIN: set(),
    }
    dashboard_panels = ["pembinaan.views.register_panel"]
    demo_loader: str | None = None
