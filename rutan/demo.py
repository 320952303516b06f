"""Demo users, one or more per role, and the holiday calendar, for `python manage.py seed_demo`."""

from datetime import date

from django.contrib.auth.models import Group
from django.utils import timezone

from rutan import roles
from rutan.calendar import fill_national_holidays
from rutan.models import Holiday, HolidayKind, UnitProfile, User

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


# SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB No. 1497/2025, 2/2025, 5/2025.
CUTI_BERSAMA_2026 = [
    (date(2026, 2, 16), "Cuti bersama Tahun Baru Imlek", HolidayKind.CUTI_BERSAMA),
    (date(2026, 3, 18), "Cuti bersama Hari Suci Nyepi", HolidayKind.CUTI_BERSAMA),
    (date(2026, 3, 20), "Cuti bersama Idulfitri 1447 H", HolidayKind.CUTI_BERSAMA),
    (date(2026, 3, 23), "Cuti bersama Idulfitri 1447 H", HolidayKind.CUTI_BERSAMA),
    (date(2026, 3, 24), "Cuti bersama Idulfitri 1447 H", HolidayKind.CUTI_BERSAMA),
    (date(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus", HolidayKind.CUTI_BERSAMA),
    (date(2026, 5, 28), "Cuti bersama Iduladha 1447 H", HolidayKind.CUTI_BERSAMA),
    (date(2026, 12, 24), "Cuti bersama Hari Raya Natal", HolidayKind.CUTI_BERSAMA),
]


def load_holidays() -> int:
    """National holidays of 2026 and of this and next year from the `holidays` library (as
    `manage.py fill_holidays` does), and 2026's cuti bersama as an admin would enter them.
    Idempotent; a date already in the calendar is left as it is."""
    this_year = timezone.localdate().year
    added = fill_national_holidays(years=sorted({2026, this_year, this_year + 1}))
    for day, name, kind in CUTI_BERSAMA_2026:
        Holiday.objects.get_or_create(date=day, defaults={"name": name, "kind": kind})
    return len(added)
