"""Load the demo data: users for every role and each app's demo records.

Idempotent: running it again updates what it made before and adds nothing twice.

Demo accounts share a published password, so with DEBUG off (a production server) the command
refuses unless given --allow-production. Whatever the settings, no e-mail leaves the machine
while it runs: mail goes to Django's in-memory outbox and is dropped.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from rutan.demo import DEMO_PASSWORD, load_holidays, load_users


class Command(BaseCommand):
    help = "Memuat data demo (idempoten): pengguna setiap peran dan data contoh setiap aplikasi."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=(
                "Izinkan juga bila DEBUG mati. Akun demo memakai kata sandi yang diumumkan: "
                "jangan di server produksi."
            ),
        )

    def handle(self, *args, allow_production: bool = False, **options) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG mati (server produksi?): data demo membuat akun dengan kata sandi yang "
                "diumumkan. Jalankan dengan DEBUG=true, atau tambahkan --allow-production bila "
                "ini memang server uji coba."
            )
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._load()

    def _load(self) -> None:
        with transaction.atomic():
            users = load_users()
            holidays = load_holidays()  # before the plans and deadlines that skip them
            self.stdout.write(f"Kalender hari libur: {holidays} libur nasional baru")
            for config in apps.get_app_configs():
                loader = getattr(config, "demo_loader", None)
                if loader:
                    summary = import_string(loader)(users=users)
                    if summary:
                        self.stdout.write(f"{config.verbose_name}: {summary}")
        self.stdout.write(self.style.SUCCESS("Data demo siap. Akun demo (kata sandi sama):"))
        for role, user in users.items():
            self.stdout.write(f"  {role:<18} {user.username:<12} {DEMO_PASSWORD}")
