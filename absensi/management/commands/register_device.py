"""Register a finger-scan terminal, or update it: `register_device NAME --ip IP ...`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from absensi.models import TIME_ZONE_ALIASES, DeviceTimeZone
from absensi.services import register_device


def time_zone(value: str) -> str:
    """WIB/WITA/WIT or Asia/Jakarta, Asia/Makassar, Asia/Jayapura."""
    zone = TIME_ZONE_ALIASES.get(value.upper(), value)
    if zone not in DeviceTimeZone.values:
        choices = ", ".join([*TIME_ZONE_ALIASES, *DeviceTimeZone.values])
        raise CommandError(f"Zona waktu {value!r} tidak dikenal. Pilihan: {choices}.")
    return zone


class Command(BaseCommand):
    help = (
        "Mendaftarkan mesin sidik jari ZKTeco, atau memperbarui mesin dengan nama yang sama. "
        'Contoh: register_device "Aula" --ip 192.168.1.201 --tz WIB'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="nama mesin (unik)")
        parser.add_argument("--ip", required=True, help="alamat IPv4 mesin")
        parser.add_argument("--port", type=int, default=4370, help="port (bawaan 4370)")
        parser.add_argument("--udp", action="store_true", help="pakai UDP (bawaan TCP)")
        parser.add_argument(
            "--comm-key", type=int, default=0, help="kunci komunikasi (bawaan 0 = tanpa kunci)"
        )
        parser.add_argument(
            "--tz",
            default=None,
            help="zona waktu mesin: WIB (bawaan), WITA, WIT, atau nama IANA (Asia/Makassar)",
        )

    def handle(self, *args, **options) -> None:
        zone = time_zone(options["tz"]) if options["tz"] else None
        try:
            device, created = register_device(
                name=options["name"],
                ip_address=options["ip"],
                port=options["port"],
                use_udp=options["udp"],
                comm_key=options["comm_key"],
                time_zone=zone,
            )
        except ValidationError as exc:
            messages = "; ".join(
                f"{field}: {' '.join(errors)}" if field != "__all__" else " ".join(errors)
                for field, errors in exc.message_dict.items()
            )
            raise CommandError(f"Mesin tidak disimpan: {messages}") from exc
        verb = "didaftarkan" if created else "diperbarui"
        self.stdout.write(
            self.style.SUCCESS(
                f"Mesin {device.name} {verb}: {device.address}, zona {device.time_zone}, "
                f"comm key {'ada' if device.comm_key else 'tidak ada'}, "
                f"{'aktif' if device.is_active else 'tidak aktif'}."
            )
        )
