"""`python manage.py backup [--output DIR] [--keep N]`: one archive of the database and files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rutan.backup import BackupError, backup_to


class Command(BaseCommand):
    help = (
        "Membuat satu arsip cadangan: basis data (pg_dump atau SQLite) dan semua berkas "
        "unggahan. Menyimpan BACKUP_KEEP arsip terbaru di folder tujuan."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", type=Path, default=None, help="Folder tujuan (bawaan: BACKUP_DIR)."
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="Jumlah arsip terbaru yang disimpan (bawaan: BACKUP_KEEP; 0 = semua).",
        )

    def handle(self, *args, output: Path | None, keep: int | None, **options) -> None:
        directory = output or Path(settings.BACKUP_DIR)
        keep = settings.BACKUP_KEEP if keep is None else keep
        try:
            archive = backup_to(directory, keep=keep or None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size_mb = archive.stat().st_size / (1024 * 1024)
        self.stdout.write(self.style.SUCCESS(f"Cadangan ditulis: {archive} ({size_mb:.1f} MB)"))
