from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pembinaan.models import Inmate, SdpImport


@admin.register(Inmate)
class InmateAdmin(SimpleHistoryAdmin):
    list_display = ("registration_number", "name", "legal_status", "status", "block", "cell")
    list_filter = ("legal_status", "status", "block", "stage_override")
    search_fields = ("registration_number", "name", "device_pin")
    readonly_fields = ("stage_one_third", "stage_half", "stage_two_thirds", "expiry_date")


@admin.register(SdpImport)
class SdpImportAdmin(admin.ModelAdmin):
    list_display = ("filename", "imported_by", "imported_at", "row_count", "created_count")
    date_hierarchy = "imported_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False
