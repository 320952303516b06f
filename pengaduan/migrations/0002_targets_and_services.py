"""Seed the per-state time targets of domain.md and the catalogue of services complained about.

Admins edit both afterwards (Admin → Pengaduan layanan). The holiday calendar is data too, but
changes every year (SKB 3 Menteri): admins enter it; `seed_demo` loads 2026 as an example.
"""

from django.db import migrations

TARGETS = [
    ("DITERIMA", 3, "hk", "ULP memverifikasi, meminta kelengkapan, menolak atau merujuk"),
    ("PERLU_KELENGKAPAN", 30, "kalender", "Pelapor melengkapi; lewat batas ini pengaduan dicabut"),
    ("DITELAAH", 2, "hk", "ULP menyusun telaah dan rekomendasi"),
    ("MENUNGGU_ARAHAN", 2, "hk", "Kepala UPT memberi arahan dan menunjuk pejabat"),
    ("DITINDAKLANJUTI", 5, "hk", "Pejabat melakukan perbaikan dan menyusun klarifikasi"),
    ("MENUNGGU_PERSETUJUAN", 1, "hk", "ULP memeriksa dan menerbitkan jawaban"),
    ("DIJAWAB", 10, "hk", "Masa sanggah pelapor; lewat batas ini pengaduan selesai"),
]

SERVICES = [
    "Pembinaan Kesenian",
    "Pembinaan Kepribadian dan Kemandirian lainnya",
    "Layanan Kunjungan",
    "Layanan Kesehatan",
    "Layanan Informasi",
    "Perilaku Petugas",
    "Lainnya",
]


def forwards(apps, schema_editor):
    StateTarget = apps.get_model("pengaduan", "StateTarget")
    for status, days, kind, description in TARGETS:
        StateTarget.objects.get_or_create(
            status=status, defaults={"days": days, "day_kind": kind, "description": description}
        )
    ServiceCategory = apps.get_model("pengaduan", "ServiceCategory")
    for order, name in enumerate(SERVICES, start=1):
        ServiceCategory.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("pengaduan", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
