"""Import the inmate register from an SDP export: `python manage.py import_wbp FILE [--dry-run]`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pembinaan.services import commit_sdp_import, plan_sdp_import


class Command(BaseCommand):
    help = (
        "Mengimpor register WBP dari berkas ekspor SDP (.csv atau .xlsx). Berkas dengan kesalahan "
        "tidak diimpor sama sekali; --dry-run hanya memeriksa."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="berkas .csv (UTF-8, koma/titik koma) atau .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="periksa saja, tanpa menyimpan apa pun"
        )
        parser.add_argument(
            "--user",
            help="nama pengguna yang dicatat sebagai pengimpor (bawaan: superuser pertama)",
        )

    def handle(self, *args, file: str, dry_run: bool, user: str | None, **options) -> None:
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc}") from None
        plan = plan_sdp_import(data=data, filename=path.name)
        for warning in plan.warnings:
            self.stderr.write(f"Peringatan: {warning}")
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(plan.errors)} kesalahan; tidak ada yang diimpor.")
        summary = (
            f"{len(plan.result.rows)} baris: {len(plan.creates)} baru, {len(plan.updates)} "
            f"diperbarui, {len(plan.unchanged)} tidak berubah; {len(plan.missing)} WBP di "
            "register tidak ada di berkas (tidak dihapus)."
        )
        for inmate in plan.missing:
            self.stdout.write(f"Tidak ada di berkas: {inmate.registration_number} {inmate.name}")
        if dry_run:
            self.stdout.write(f"Pemeriksaan saja (--dry-run), tidak ada yang disimpan. {summary}")
            return
        try:
            commit_sdp_import(data=data, filename=path.name, by=self._importer(user))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Impor selesai. {summary}"))

    def _importer(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            found = users.filter(username=username).first()
            if found is None:
                raise CommandError(f"Pengguna '{username}' tidak ditemukan atau tidak aktif.")
            return found
        found = users.filter(is_superuser=True).order_by("pk").first()
        if found is None:
            raise CommandError("Tidak ada superuser; sebutkan pengimpor dengan --user NAMA.")
        return found
