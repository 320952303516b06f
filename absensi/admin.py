"""Admin of the absensi app (data fixes by admins)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from absensi.models import (
    DeviceEnrollment,
    FingerprintDevice,
    LogClearance,
    QuarantinedPunch,
    RawPunch,
    SyncRun,
)
from rutan.admin import ReadOnlyAdmin


@admin.register(FingerprintDevice)
class FingerprintDeviceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "ip_address", "port", "use_udp", "time_zone", "venue", "is_active")
    list_filter = ("is_active", "time_zone", "use_udp")
    search_fields = ("name", "ip_address", "venue__name")


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdmin):
    list_display = (
        "device",
        "created_at",
        "status",
        "trigger",
        "fetched",
        "inserted",
        "duplicates",
        "unmatched",
        "quarantined",
        "clock_offset_s",
        "error_class",
    )
    list_filter = ("status", "trigger", "device")
    date_hierarchy = "created_at"


@admin.register(RawPunch)
class RawPunchAdmin(ReadOnlyAdmin):
    list_display = ("device", "device_user_id", "timestamp", "verify_mode", "punch_state")
    list_filter = ("device",)
    search_fields = ("device_user_id",)
    date_hierarchy = "timestamp"
    list_select_related = ("device",)


@admin.register(QuarantinedPunch)
class QuarantinedPunchAdmin(ReadOnlyAdmin):
    list_display = ("device", "device_user_id", "raw_time", "timestamp", "reason", "created_at")
    list_filter = ("device", "reason")
    search_fields = ("device_user_id",)


@admin.register(DeviceEnrollment)
class DeviceEnrollmentAdmin(ReadOnlyAdmin):
    list_display = ("device", "device_user_id", "name", "last_seen")
    list_filter = ("device",)
    search_fields = ("device_user_id", "name")


@admin.register(LogClearance)
class LogClearanceAdmin(ReadOnlyAdmin):
    list_display = ("device", "cleared_at", "record_count", "cleared_by")
