"""The roles of the system: Django groups, and the permissions each one holds.

The groups are created by the data migration `rutan/migrations/0002_roles.py`. Which permissions
a group holds is declared next to the models they guard: each app's `AppConfig.role_permissions`
maps a role code to permission names ("app_label.codename"). After every `migrate`,
`sync_role_permissions` adds to each group the declared permissions it lacks, so a new
permission reaches its roles without another data migration. It removes nothing: a permission an
admin granted a role in the admin (Grup) stays after the next `migrate`, and the group's page
lists which permissions come from the code and which an admin added. To take a declared
permission away from a role, change the code. Views check permissions, never group names.
"""

from collections.abc import Iterable

PETUGAS_PEMBINAAN = "petugas_pembinaan"
KEPALA_UPT = "kepala_upt"
PETUGAS_PENGADUAN = "petugas_pengaduan"
PEJABAT_PELAYANAN = "pejabat_pelayanan"
ADMIN = "admin"

# Role code -> group name (what people see in the admin).
ROLES: dict[str, str] = {
    PETUGAS_PEMBINAAN: "Petugas Pembinaan",
    KEPALA_UPT: "Kepala UPT",
    PETUGAS_PENGADUAN: "Petugas Pengaduan",
    PEJABAT_PELAYANAN: "Pejabat Pelayanan",
    ADMIN: "Admin",
}

# The admin role holds every permission of these apps (and user management).
ADMIN_APPS = ("rutan", "pembinaan", "absensi", "pengaduan", "auth")


def group_name(role: str) -> str:
    return ROLES[role]


def declared_permissions() -> dict[str, set[str]]:
    """Role code -> set of "app_label.codename", merged from every app's AppConfig."""
    from django.apps import apps

    merged: dict[str, set[str]] = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            merged[role].update(perms)
    return merged


def _resolve(perms: Iterable[str]):
    from django.contrib.auth.models import Permission

    wanted = {tuple(p.split(".", 1)) for p in perms}
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted}
    ).select_related("content_type")
    result = [p for p in found if (p.content_type.app_label, p.codename) in wanted]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in result}
    if missing:
        names = ", ".join(sorted(f"{a}.{c}" for a, c in missing))
        raise LookupError(f"Unknown permissions declared for a role: {names}")
    return result


def role_permissions(role: str):
    """The Permission objects the code declares for a role (every project permission for admin)."""
    from django.contrib.auth.models import Permission

    if role == ADMIN:
        return list(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    return _resolve(declared_permissions()[role])


def role_of_group(name: str) -> str | None:
    return next((role for role, group in ROLES.items() if group == name), None)


def sync_role_permissions(*, using: str = "default", **_kwargs) -> None:
    """Give every role's group the declared permissions it lacks (post_migrate); keep the rest."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group

    # post_migrate is sent once per app; make sure every app's permissions exist before
    # assigning them, whatever the order.
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    for role, name in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*role_permissions(role))
