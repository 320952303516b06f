"""The complaint desk's daily run, for cron (README "Pengaduan")."""

from django.core.management.base import BaseCommand

from pengaduan.services import tick


class Command(BaseCommand):
    help = (
        "Menutup pengaduan yang masa sanggahnya berakhir, mencabut pengaduan yang tidak "
        "dilengkapi, dan mengirim pengingat keterlambatan (sekali sehari per pengaduan). "
        "Aman dijalankan berulang pada hari yang sama."
    )

    def handle(self, *args, **options) -> None:
        result = tick()
        self.stdout.write(
            f"Ditutup: {len(result.closed)}; dicabut: {len(result.withdrawn)}; "
            f"pengingat keterlambatan: {len(result.reminded)}."
        )
        for label, numbers in (
            ("Ditutup", result.closed),
            ("Dicabut", result.withdrawn),
            ("Diingatkan", result.reminded),
        ):
            if numbers:
                self.stdout.write(f"  {label}: {', '.join(numbers)}")
