"""Sync the finger-scan terminals: for a systemd timer or cron (docs/deployment.md).

    python manage.py sync_fingerprint [--device NAME] [--json]

One line per device (or one JSON object per line with --json); exit status 0 when every
device synced, 1 otherwise. A run queued by the "Sinkronkan sekarang" button and not yet taken
by the worker is run here instead of a new one.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from absensi.derivation import derive_recent_attendance
from absensi.models import FingerprintDevice, SyncRun, SyncStatus, SyncTrigger
from absensi.sync import sync_device, take_queued_run


def run_as_dict(run: SyncRun) -> dict:
    return {
        "device": run.device.name,
        "ok": run.ok,
        "status": run.status,
        "fetched": run.fetched,
        "inserted": run.inserted,
        "duplicates": run.duplicates,
        "unmatched": run.unmatched,
        "quarantined": run.quarantined,
        "attendance_created": run.attendance_created,
        "clock_offset_s": run.clock_offset_s,
        "record_count": run.record_count,
        "record_capacity": run.record_capacity,
        "attempts": run.attempts,
        "error": None if run.ok else run.message,
        "error_class": run.error_class or None,
        "run_id": run.pk,
    }


def run_as_line(run: SyncRun) -> str:
    if run.ok:
        offset = ""
        if run.clock_offset_s is not None:
            offset = f", selisih jam {run.clock_offset_s:+.0f} dtk"
        capacity = ""
        if run.capacity_percent is not None:
            capacity = f", isi log {run.record_count}/{run.record_capacity}"
        warn = ""
        if run.clock_warning:
            warn += " PERINGATAN: jam mesin melenceng."
        if run.capacity_warning:
            warn += " PERINGATAN: log mesin hampir penuh."
        return (
            f"{run.device.name}: OK - diambil {run.fetched}, baru {run.inserted}, duplikat "
            f"{run.duplicates}, rekaman PIN tak dikenal {run.unmatched}, dikarantina "
            f"{run.quarantined}{offset}{capacity}.{warn}"
        )
    label = "DILEWATI" if run.status == SyncStatus.SKIPPED else "GAGAL"
    return f"{run.device.name}: {label} - {run.message} [{run.error_class}]"


class Command(BaseCommand):
    help = (
        "Menyinkronkan mesin sidik jari aktif (atau satu mesin dengan --device). Keluar 0 bila "
        "semua mesin berhasil, 1 bila ada yang gagal."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--device", help="nama satu mesin (juga bila tidak aktif)")
        parser.add_argument(
            "--json", action="store_true", help="satu objek JSON per mesin per baris"
        )

    def handle(self, *args, **options) -> None:
        if options["device"]:
            devices = list(FingerprintDevice.objects.filter(name=options["device"]))
            if not devices:
                raise CommandError(f"Mesin {options['device']!r} tidak terdaftar.")
        else:
            devices = list(FingerprintDevice.objects.active())
        all_ok = True
        for device in devices:
            # A run the button queued (the worker may be down) is picked up, not left waiting.
            queued = take_queued_run(device)
            run = sync_device(device=device, trigger=SyncTrigger.COMMAND, run=queued)
            all_ok &= run.ok
            if options["json"]:
                self.stdout.write(json.dumps(run_as_dict(run), ensure_ascii=False))
            elif run.ok:
                self.stdout.write(run_as_line(run))
            else:
                self.stdout.write(self.style.ERROR(run_as_line(run)))
        if not devices and not options["json"]:
            self.stdout.write("Tidak ada mesin aktif yang terdaftar.")
        # Sessions whose participants or times changed after their punches were synced.
        derive_recent_attendance()
        if not all_ok:
            raise SystemExit(1)
