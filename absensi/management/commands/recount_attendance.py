"""Rebuild the per-session attendance counts from the attendance table.

    python manage.py recount_attendance [--check]

The services keep the counts exact; run this after writing attendance outside them in bulk
(a script's `bulk_create`, raw SQL, a restore of only some tables). `--check` changes nothing
and exits 1 when a count differs from a recount.
"""

from django.core.management.base import BaseCommand, CommandError

from absensi.summary import differences, recount_all


class Command(BaseCommand):
    help = "Menghitung ulang jumlah absensi per sesi (ringkasan untuk laporan dan dasbor)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="hanya memeriksa; keluar 1 bila ada jumlah yang berbeda dari hitungan ulang",
        )

    def handle(self, *args, **options) -> None:
        if options["check"]:
            wrong = differences()
            if wrong:
                raise CommandError(
                    f"{len(wrong)} sesi jumlah absensinya berbeda dari hitungan ulang; "
                    "jalankan recount_attendance tanpa --check."
                )
            self.stdout.write("Jumlah absensi per sesi sesuai hitungan ulang.")
            return
        rows = recount_all()
        self.stdout.write(f"Jumlah absensi dihitung ulang: {rows} sesi.")
