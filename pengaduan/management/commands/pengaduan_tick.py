"""The complaint desk's daily run, for cron (docs/pengaduan.md)."""

from django.core.management.base import BaseCommand

from pengaduan.services import tick


class Command(BaseCommand):
    help = (
        "Menutup pengaduan yang masa sanggahnya berakhir, mencabut pengaduan yang tidak "
        "dilengkapi, mengirim pengingat keterlambatan (sekali sehari per pengaduan), dan "
        "menghapus identitas pelapor setelah masa retensi. "
        "Aman dijalankan berulang pada hari yang sama."
    )

    def handle(self, *args, **options) -> None:
        result = tick()
        self.stdout.write(
            f"Ditutup: {len(result.closed)}; dicabut: {len(result.withdrawn)}; "
            f"pengingat keterlambatan: {len(result.reminded)}; "
            f"identitas dihapus (retensi): {len(result.purged)}."
        )
        for label, numbers in (
            ("Ditutup", result.closed),
            ("Dicabut", result.withdrawn),
            ("Diingatkan", result.reminded),
            ("Identitas dihapus", result.purged),
        ):
            if numbers:
                self.stdout.write(f"  {label}: {', '.join(numbers)}")
