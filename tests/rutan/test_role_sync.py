"""`migrate` adds the permissions a role declares and keeps what an admin granted (rutan.roles)."""

from django.contrib.auth.models import Group, Permission

from rutan import roles


def _perm(name: str) -> Permission:
    app, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app, codename=codename)


def test_permission_an_admin_granted_survives_the_next_migrate(db):
    group = Group.objects.get(name=roles.group_name(roles.KEPALA_UPT))
    granted = _perm("pembinaan.import_inmate")
    group.permissions.add(granted)

    roles.sync_role_permissions()

    assert group.permissions.filter(pk=granted.pk).exists()


def test_declared_permission_removed_in_the_admin_comes_back_with_migrate(db):
    group = Group.objects.get(name=roles.group_name(roles.PETUGAS_PEMBINAAN))
    declared = _perm("pembinaan.view_inmate")
    group.permissions.remove(declared)

    roles.sync_role_permissions()

    assert group.permissions.filter(pk=declared.pk).exists()


def test_group_admin_page_shows_declared_and_added_permissions(admin_user, client):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    group = Group.objects.get(name=roles.group_name(roles.KEPALA_UPT))
    group.permissions.add(_perm("pembinaan.import_inmate"))

    page = client.get(f"/admin/auth/group/{group.pk}/change/").content.decode()

    assert "Izin bawaan peran" in page
    assert "Izin tambahan" in page
    added = page.split("Izin tambahan")[1]
    assert "pembinaan.import_inmate" in added
    assert "pembinaan.view_inmate" not in added
