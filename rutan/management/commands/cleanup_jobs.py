"""Delete background jobs and their private files after JOBS_KEEP_HOURS (run from a timer)."""

from django.core.management.base import BaseCommand

from rutan.jobs import cleanup_jobs, keep_for


class Command(BaseCommand):
    help = (
        "Hapus tugas latar belakang (impor, ekspor) beserta berkasnya yang lebih tua dari "
        "JOBS_KEEP_HOURS (bawaan 24 jam). Jalankan berkala, misalnya tiap jam."
    )

    def handle(self, *args, **options) -> None:
        jobs, files = cleanup_jobs()
        hours = keep_for().total_seconds() / 3600
        self.stdout.write(f"{jobs} tugas dan {files} berkas lebih dari {hours:g} jam dihapus.")
