from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from rutan.models import ServiceStandard, UnitProfile, User


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit records and append-only logs: viewable in the admin, never added, edited or
    deleted by hand, by anyone (superusers included)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "position", "is_active", "is_staff")
    list_filter = ("groups", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "nip", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Kepegawaian", {"fields": ("nip", "position")}),
    )


class SingletonAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return not self.model.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(UnitProfile)
class UnitProfileAdmin(SingletonAdmin):
    fieldsets = (
        (
            "Identitas",
            {"fields": ("name", "short_name", "unit_class", "ministry", "regional_office")},
        ),
        ("Kontak", {"fields": ("address", "phone", "website", "email", "whatsapp")}),
        ("Media sosial", {"fields": ("facebook", "twitter", "instagram")}),
        ("Pimpinan", {"fields": ("head_name", "head_nip")}),
        ("Privasi", {"fields": ("data_protection_contact",)}),
    )


@admin.register(ServiceStandard)
class ServiceStandardAdmin(SingletonAdmin):
    pass
