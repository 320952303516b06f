"""Admin of the pengaduan app (data fixes by admins).

Texts of a complaint can be corrected here (every change is kept in its history); its status,
number, deadlines and tracking code cannot — those change only through the state machine. The
timeline is append-only: shown, never edited or deleted.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pengaduan.models import (
    Attachment,
    Complaint,
    ComplaintEvent,
    InternalNote,
    Reply,
    ReplyTemplate,
    ServiceCategory,
    StateTarget,
    SurveyPeriod,
    SurveyQuestion,
    SurveyResponse,
)
from rutan.admin import ReadOnlyAdmin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = ComplaintEvent
    fields = (
        "created_at",
        "action",
        "from_status",
        "to_status",
        "actor",
        "actor_role",
        "step_started_at",
        "due_date",
        "staff_days",
        "on_time",
        "note",
    )
    readonly_fields = fields


class NoteInline(ReadOnlyInline):
    model = InternalNote
    fields = ("created_at", "author", "author_role", "text")
    readonly_fields = fields


class ReplyInline(ReadOnlyInline):
    model = Reply
    fields = ("drafted_at", "drafted_by", "draft", "text", "published_at", "published_by")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("created_at", "kind", "content_type", "size", "uploaded_by")
    readonly_fields = fields


@admin.register(Complaint)
class ComplaintAdmin(SimpleHistoryAdmin):
    list_display = ("number", "received_at", "channel", "service", "status", "due_date")
    list_filter = ("status", "channel", "identity_mode", "service")
    search_fields = ("number", "lapor_id")
    date_hierarchy = "received_at"
    list_select_related = ("service",)
    readonly_fields = (
        "number",
        "status",
        "status_since",
        "clock_start",
        "due_date",
        "legal_due_date",
        "lapse_on",
        "paused_days_left",
        "file_complete_on",
        "reply_clock_since",
        "reply_due_date",
        "reply_days_used",
        "assigned_to",
        "merged_into",
        "disputed_at",
        "answered_at",
        "closed_at",
        "identity_purged_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "status",
                    "channel",
                    "channel_handle",
                    "lapor_id",
                    "received_at",
                )
            },
        ),
        (
            "Pelapor",
            {"fields": ("identity_mode", "reporter_name", "reporter_email", "reporter_phone")},
        ),
        ("Pengaduan", {"fields": ("service", "incident_date", "description", "expected_outcome")}),
        (
            "Penanganan",
            {
                "fields": (
                    "review",
                    "recommendation",
                    "direction",
                    "assigned_to",
                    "outcome_reason",
                    "referred_to",
                    "referral_reference",
                    "merged_into",
                )
            },
        ),
        (
            "Batas waktu",
            {
                "fields": (
                    "status_since",
                    "clock_start",
                    "due_date",
                    "legal_due_date",
                    "lapse_on",
                    "paused_days_left",
                    "file_complete_on",
                    "reply_clock_since",
                    "reply_due_date",
                    "reply_days_used",
                )
            },
        ),
        (
            "Waktu",
            {
                "fields": (
                    "disputed_at",
                    "answered_at",
                    "closed_at",
                    "identity_purged_at",
                    "created_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )
    inlines = [EventInline, ReplyInline, NoteInline, AttachmentInline]

    def has_add_permission(self, request) -> bool:
        return False  # complaints come in through the public form or the ULP intake

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(admin.ModelAdmin):
    list_display = ("complaint", "created_at", "action", "from_status", "to_status", "actor_role")
    list_filter = ("action", "actor_role")
    search_fields = ("complaint__number",)
    list_select_related = ("complaint",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reply)
class ReplyAdmin(SimpleHistoryAdmin):
    list_display = ("complaint", "drafted_at", "drafted_by", "published_at")
    search_fields = ("complaint__number",)
    readonly_fields = ("complaint", "drafted_by", "drafted_at", "published_by", "published_at")
    list_select_related = ("complaint", "drafted_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InternalNote)
class InternalNoteAdmin(SimpleHistoryAdmin):
    list_display = ("complaint", "created_at", "author", "author_role")
    search_fields = ("complaint__number",)
    readonly_fields = ("complaint", "author", "author_role", "created_at")
    list_select_related = ("complaint", "author")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(StateTarget)
class StateTargetAdmin(SimpleHistoryAdmin):
    list_display = ("status", "days", "day_kind", "description")
    list_editable = ("days", "day_kind")
    readonly_fields = ("status",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "active", "order")
    list_editable = ("active", "order")


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(SimpleHistoryAdmin):
    """Ready-made replies the pejabat and ULP insert into a draft (placeholders filled)."""

    list_display = ("name", "active", "order")
    list_editable = ("active", "order")
    search_fields = ("name", "body")


# --- The satisfaction survey (SKM) -----------------------------------------------------------


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(SimpleHistoryAdmin):
    """The wording of the nine questions (seeded from the regulation's model questionnaire).
    The elements themselves are fixed by the regulation: one row each, never added or removed."""

    list_display = ("element", "text", "answer_1", "answer_4")
    readonly_fields = ("element",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    """Anonymous answers: shown, never edited or deleted (the published index must not move)."""

    list_display = ("submitted_on", "channel", "age_group", "sex", "education", "occupation")
    list_filter = ("channel", "submitted_on")
    date_hierarchy = "submitted_on"


@admin.register(SurveyPeriod)
class SurveyPeriodAdmin(SimpleHistoryAdmin):
    list_display = ("year", "semester", "population", "published", "published_on")
