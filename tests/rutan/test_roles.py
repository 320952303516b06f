from django.contrib.auth.models import Group

from rutan import roles


def test_every_role_group_exists(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES.values())


def test_role_permissions_follow_the_code(db, petugas, kepala, ulp):
    assert petugas.has_perm("pembinaan.view_inmate")
    assert petugas.has_perm("pembinaan.import_inmate")
    assert kepala.has_perm("pembinaan.view_inmate")
    assert not kepala.has_perm("pembinaan.import_inmate")
    assert not ulp.has_perm("pembinaan.view_inmate")


def test_admin_role_holds_every_domain_permission(db, admin_user):
    assert admin_user.has_perm("pembinaan.change_inmate")
    assert admin_user.has_perm("rutan.change_unitprofile")
    assert admin_user.is_staff
