"""Export the inmate register with each inmate's class:
`python manage.py export_wbp [--date YYYY-MM-DD] [--format csv|xlsx] [--output FILE]`."""

import io
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pembinaan.sdp import write_sdp_csv, write_sdp_xlsx
from pembinaan.services import export_rows


class Command(BaseCommand):
    help = (
        "Mengekspor register WBP (kolom impor SDP ditambah kelas pada tanggal tertentu) sebagai "
        "CSV (bawaan, ke keluaran standar; UTF-8 dengan BOM, dipisah titik koma, untuk Excel) "
        "atau XLSX."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="kelas pada tanggal ini, YYYY-MM-DD (bawaan: hari ini)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="berkas tujuan (bawaan: keluaran standar, CSV saja)")

    def handle(self, *args, **options) -> None:
        on = self._date(options["date"])
        output = options["output"]
        rows = export_rows(on=on)
        if options["format"] == "xlsx":
            if not output:
                raise CommandError("Format xlsx perlu --output BERKAS.")
            with open(output, "wb") as target:
                target.write(write_sdp_xlsx(rows, title=f"REGISTER WBP PER {on:%d-%m-%Y}"))
            return
        if output:
            with open(output, "w", encoding="utf-8", newline="") as target:
                write_sdp_csv(rows, target)
        else:
            # As the download: UTF-8 with a BOM, semicolons (see rutan/exports.py). Written at
            # once: the output wrapper would add a newline after the BOM written on its own.
            buffer = io.StringIO(newline="")
            write_sdp_csv(rows, buffer)
            self.stdout.write(buffer.getvalue(), ending="")

    @staticmethod
    def _date(text: str | None) -> date:
        if not text:
            return timezone.localdate()
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"Tanggal tidak valid: '{text}' (gunakan YYYY-MM-DD).") from None
