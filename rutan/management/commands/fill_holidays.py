"""Fill the national holidays of this year and the next from the `holidays` library (run daily
from a timer and by deploy/install.sh; idempotent, never overwrites an admin's edit)."""

from django.core.management.base import BaseCommand, CommandError

from rutan.calendar import fill_national_holidays


class Command(BaseCommand):
    help = (
        "Isi kalender hari libur dengan libur nasional tahun ini dan tahun depan (pustaka "
        "holidays). Tanggal yang sudah ada, diubah atau dihapus admin tidak disentuh. Cuti "
        "bersama dan libur lain diisi admin."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--tahun",
            type=int,
            nargs="*",
            dest="years",
            help="Tahun tertentu (bawaan: ini dan depan).",
        )

    def handle(self, *args, years: list[int] | None = None, **options) -> None:
        if years and any(not 2000 <= y <= 2100 for y in years):
            raise CommandError("Tahun harus antara 2000 dan 2100.")
        added = fill_national_holidays(years=years or None)
        self.stdout.write(f"{len(added)} libur nasional ditambahkan.")
        for row in added:
            self.stdout.write(f"  {row}")
