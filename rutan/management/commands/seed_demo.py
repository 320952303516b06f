"""Load the demo data: users for every role and each app's demo records.

Idempotent: running it again updates what it made before and adds nothing twice.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from rutan.demo import DEMO_PASSWORD, load_users


class Command(BaseCommand):
    help = "Memuat data demo (idempoten): pengguna setiap peran dan data contoh setiap aplikasi."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            users = load_users()
            for config in apps.get_app_configs():
                loader = getattr(config, "demo_loader", None)
                if loader:
                    summary = import_string(loader)(users=users)
                    if summary:
                        self.stdout.write(f"{config.verbose_name}: {summary}")
        self.stdout.write(self.style.SUCCESS("Data demo siap. Akun demo (kata sandi sama):"))
        for role, user in users.items():
            self.stdout.write(f"  {role:<18} {user.username:<12} {DEMO_PASSWORD}")
