from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from pembinaan import services
from pembinaan.models import (
    Allocation,
    AllocationSuspension,
    ArtForm,
    Inmate,
    ParticipantResult,
    ParticipationCertificate,
    Partner,
    Program,
    SdpImport,
    Session,
    SessionPhoto,
    SessionResult,
    Venue,
    WorkPlan,
    WorkPlanRevision,
    WorkPlanSlot,
    WorkPlanTransition,
)
from rutan.admin import ReadOnlyAdmin


@admin.register(Inmate)
class InmateAdmin(SimpleHistoryAdmin):
    list_display = ("registration_number", "name", "legal_status", "status", "block", "cell")
    list_filter = ("legal_status", "status", "block", "stage_override")
    search_fields = ("registration_number", "name", "device_pin")
    readonly_fields = ("stage_one_third", "stage_half", "stage_two_thirds", "expiry_date")

    def save_model(self, request, obj, form, change):
        """Keep the derived fields, and let a status edit end, suspend or resume the inmate's
        allocations as the SDP import does (`services.apply_status_change`)."""
        with transaction.atomic():
            services.apply_stage_dates(obj)
            super().save_model(request, obj, form, change)
            if change and "status" in form.changed_data:
                services.apply_status_change(inmates=[obj], status=obj.status, by=request.user)


@admin.register(AllocationSuspension)
class AllocationSuspensionAdmin(SimpleHistoryAdmin):
    list_display = ("allocation", "start_date", "end_date", "reason", "from_status", "created_by")
    list_filter = ("reason", "from_status")
    raw_id_fields = ("allocation",)
    readonly_fields = ("from_status", "created_by")


@admin.register(SdpImport)
class SdpImportAdmin(ReadOnlyAdmin):
    list_display = ("filename", "imported_by", "imported_at", "row_count", "created_count")
    date_hierarchy = "imported_at"


# --- Programs, work plans, sessions: catalogues are edited here by the admin -------


@admin.register(ArtForm)
class ArtFormAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    prepopulated_fields = {"code": ("name",)}


@admin.register(Venue)
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ("name", "description", "is_active")
    list_editable = ("is_active",)


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ("person_name", "organisation", "phone", "is_active")
    search_fields = ("person_name", "organisation")


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ("name", "art_form", "venue", "capacity", "session_minutes", "status")
    list_filter = ("status", "art_form", "venue")
    search_fields = ("name",)
    raw_id_fields = ("instructor_user", "instructor_inmate", "instructor_partner")


class WorkPlanSlotInline(admin.TabularInline):
    model = WorkPlanSlot
    extra = 0


@admin.register(WorkPlanRevision)
class WorkPlanRevisionAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "number", "status", "period_start", "period_end", "decided_by")
    list_filter = ("status",)
    inlines = [WorkPlanSlotInline]


@admin.register(WorkPlan)
class WorkPlanAdmin(SimpleHistoryAdmin):
    list_display = ("title", "program", "latest_revision", "approved_revision", "created_by")
    search_fields = ("title", "program__name")


@admin.register(WorkPlanTransition)
class WorkPlanTransitionAdmin(ReadOnlyAdmin):
    list_display = ("plan", "revision", "from_status", "to_status", "by", "at")


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = (
        "program",
        "planned_start",
        "venue",
        "status",
        "start_off_time",
        "overran",
        "too_short",
    )
    list_filter = ("status", "start_off_time", "overran", "too_short", "venue", "program")
    date_hierarchy = "date"


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ("inmate", "program", "start_date", "end_date", "end_reason")
    list_filter = ("end_reason", "program")
    raw_id_fields = ("inmate",)


@admin.register(SessionResult)
class SessionResultAdmin(SimpleHistoryAdmin):
    list_display = ("session", "recorded_by", "updated_at")


@admin.register(ParticipantResult)
class ParticipantResultAdmin(SimpleHistoryAdmin):
    list_display = ("session", "inmate", "score", "predicate")
    raw_id_fields = ("inmate",)


@admin.register(SessionPhoto)
class SessionPhotoAdmin(SimpleHistoryAdmin):
    list_display = ("session", "caption", "content_type", "size", "uploaded_by")
    exclude = ("image",)


@admin.register(ParticipationCertificate)
class ParticipationCertificateAdmin(SimpleHistoryAdmin):
    """Issued through the participants page (numbered, figures counted); here for reading and
    for fixing a typo in the signer, with history."""

    list_display = (
        "number",
        "inmate",
        "program",
        "sessions_attended",
        "sessions_held",
        "issued_at",
    )
    search_fields = ("number", "inmate__name", "inmate__registration_number")
    readonly_fields = (
        "number",
        "year",
        "sequence",
        "allocation",
        "inmate",
        "program",
        "sessions_held",
        "sessions_attended",
        "issued_by",
        "issued_at",
    )

    def has_add_permission(self, request) -> bool:
        return False
