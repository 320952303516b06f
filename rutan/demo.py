"""Demo users, one or more per role, for `python manage.py seed_demo`."""

from django.contrib.auth.models import Group

from rutan import roles
from rutan.models import UnitProfile, User

DEMO_PASSWORD = "magetan2026"

DEMO_USERS = [
    # role, username, first name, last name, position, staff (admin site)
    (roles.PETUGAS_PEMBINAAN, "petugas", "Siti", "Rahayu", "Staf Bimkemaswat", False),
    (roles.PETUGAS_PEMBINAAN, "petugas2", "Agus", "Santoso", "Staf Bimkemaswat", False),
    (roles.KEPALA_UPT, "karutan", "Bambang", "Wijaya", "Kepala Rutan", False),
    (roles.PETUGAS_PENGADUAN, "ulp", "Dewi", "Lestari", "Petugas Layanan Pengaduan", False),
    (roles.PEJABAT_PELAYANAN, "pejabat", "Hendra", "Kurniawan", "Kasubsi Pelayanan Tahanan", False),
    (roles.PEJABAT_PELAYANAN, "pejabat2", "Rina", "Hartati", "Kasubsi Bimkemaswat", False),
    (roles.ADMIN, "admin", "Admin", "Sistem", "Operator SDP", True),
]


def load_users() -> dict[str, User]:
    """Create or update the demo users; return the first user of each role by role code."""
    first: dict[str, User] = {}
    for role, username, first_name, last_name, position, staff in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "position": position,
                "is_staff": staff,
                "email": f"{username}@rutanmagetan.local",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=roles.group_name(role)))
        first.setdefault(role, user)
    profile = UnitProfile.load()
    if not profile.head_name:
        profile.head_name = "Bambang Wijaya"
        profile.head_nip = "197503122000031001"
        profile.save()
    return first
