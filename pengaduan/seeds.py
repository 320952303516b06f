"""Default catalogue rows of the complaint desk, restored after every `migrate` when missing.

The data migration 0002 seeds them once; this post_migrate hook puts them back after a database
flush (`manage.py flush`, transactional tests), so the public form always has a service to choose
and every state has its target. Rows that exist are never touched: admins' edits stay.
"""

from pengaduan.models import DayKind, ServiceCategory, StateTarget, Status

TARGETS = [
    (Status.DITERIMA, 3, DayKind.WORKING,
     "ULP memverifikasi, meminta kelengkapan, menolak atau merujuk"),
    (Status.PERLU_KELENGKAPAN, 30, DayKind.CALENDAR,
     "Pelapor melengkapi; lewat batas ini pengaduan dicabut"),
    (Status.DITELAAH, 2, DayKind.WORKING, "ULP menyusun telaah dan rekomendasi"),
    (Status.MENUNGGU_ARAHAN, 2, DayKind.WORKING,
     "Kepala UPT memberi arahan dan menunjuk pejabat"),
    (Status.DITINDAKLANJUTI, 5, DayKind.WORKING,
     "Pejabat melakukan perbaikan dan menyusun klarifikasi"),
    (Status.MENUNGGU_PERSETUJUAN, 1, DayKind.WORKING, "ULP memeriksa dan menerbitkan jawaban"),
    (Status.DIJAWAB, 10, DayKind.WORKING,
     "Masa sanggah pelapor; lewat batas ini pengaduan selesai"),
]  # fmt: skip

SERVICES = [
    "Pembinaan Kesenian",
    "Pembinaan Kepribadian dan Kemandirian lainnya",
    "Layanan Kunjungan",
    "Layanan Kesehatan",
    "Layanan Informasi",
    "Perilaku Petugas",
    "Lainnya",
]


def ensure_defaults(*, using: str = "default", **_kwargs) -> None:
    existing = set(StateTarget.objects.using(using).values_list("status", flat=True))
    StateTarget.objects.using(using).bulk_create(
        StateTarget(status=status, days=days, day_kind=kind, description=description)
        for status, days, kind, description in TARGETS
        if status not in existing
    )
    if not ServiceCategory.objects.using(using).exists():
        ServiceCategory.objects.using(using).bulk_create(
            ServiceCategory(name=name, order=order) for order, name in enumerate(SERVICES, 1)
        )
