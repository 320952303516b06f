"""`python manage.py restore ARCHIVE [--force]`: put a `backup` archive back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rutan.backup import BackupError, restore_from


class Command(BaseCommand):
    help = (
        "Memulihkan arsip dari `backup` ke basis data yang belum berisi akun pengguna "
        "(mis. pemasangan baru), lalu menjalankan migrate. --force menimpa data yang ada."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="Berkas rutan-backup-*.tar.gz")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Timpa basis data dan folder berkas yang sudah berisi data.",
        )

    def handle(self, *args, archive: Path, force: bool, **options) -> None:
        if not archive.is_file():
            raise CommandError(f"Arsip {archive} tidak ditemukan.")
        try:
            result = restore_from(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = ", ".join(f"{name}: {count}" for name, count in result["files"].items())
        created = result["manifest"]["created"]
        self.stdout.write(
            self.style.SUCCESS(f"Dipulihkan dari cadangan {created} (berkas {files}).")
        )
