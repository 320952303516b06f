from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from rutan import roles
from rutan.mail import resend
from rutan.models import Holiday, Job, MailStatus, OutgoingMail, ServiceStandard, UnitProfile, User

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """A role's group shows which permissions the code gives it and which an admin added.

    `migrate` adds the declared ones back if removed here (rutan.roles); the added ones stay.
    """

    readonly_fields = ("declared_permissions", "added_permissions")
    fields = ("name", "permissions", "declared_permissions", "added_permissions")

    def _split(self, group: Group) -> tuple[list, list]:
        role = roles.role_of_group(group.name) if group.pk else None
        declared = {p.pk for p in roles.role_permissions(role)} if role else set()
        held = list(group.permissions.select_related("content_type")) if group.pk else []
        return [p for p in held if p.pk in declared], [p for p in held if p.pk not in declared]

    def _list(self, permissions: list) -> str:
        if not permissions:
            return "—"
        return format_html_join(
            "",
            "<div>{}</div>",
            ((f"{p.content_type.app_label}.{p.codename}",) for p in permissions),
        )

    @admin.display(description="Izin bawaan peran (dari kode; dipulihkan oleh migrate)")
    def declared_permissions(self, group: Group) -> str:
        return self._list(self._split(group)[0])

    @admin.display(description="Izin tambahan (diberikan admin; tetap setelah migrate)")
    def added_permissions(self, group: Group) -> str:
        return self._list(self._split(group)[1])


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
    """The fourteen components of the standard (Permenpan RB No. 15/2014); an empty one is not
    published."""

    fieldsets = (
        (None, {"fields": ("title", "decree_number")}),
        (
            "Komponen standar pelayanan (yang kosong tidak ditampilkan)",
            {"fields": tuple(field for field, _title, _list in ServiceStandard.COMPONENTS)},
        ),
    )


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """E-mail queued for the worker: failures are listed here and can be sent again."""

    list_display = ("subject", "status", "attempts", "created_at", "next_attempt_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("subject",)
    # The body is not shown: it may carry a complainant's tracking code.
    fields = (
        "subject",
        "recipients",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    )
    readonly_fields = fields
    actions = ["resend_selected"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Kirim ulang e-mail terpilih", permissions=["view"])
    def resend_selected(self, request, queryset) -> None:
        count = 0
        for outgoing in queryset.exclude(status=MailStatus.SENT):
            resend(outgoing)
            count += 1
        self.message_user(request, f"{count} e-mail dimasukkan lagi ke antrean pengiriman.")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "status", "done", "total", "created_at", "finished_at")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    """The one holiday calendar: national holidays come from `manage.py fill_holidays`
    (rutan/calendar.py); cuti bersama and local days are added here. A date an admin changed or
    deleted is never filled again."""

    list_display = ("date", "name", "kind")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)
