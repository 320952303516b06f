"""The default catalogue rows of the complaint desk, the one place they are written down.

`ensure_defaults` runs after every `migrate` and every database flush (`manage.py flush`,
transactional and live-server tests), through the post_migrate hook of `PengaduanConfig`: a
fresh database, a flushed one and an existing one all end up with every state's target and a
catalogue of services. It only creates what is missing; rows that exist are never touched, so
admins' edits stay. (The data migration 0002 used to seed the same rows; it no longer does.)
"""

from django.apps import apps as global_apps

from pengaduan.models import DayKind, Status

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


def ensure_defaults(*, apps=global_apps, using: str = "default", **_kwargs) -> None:
    """Create the missing targets and, when there is none, the services.

    `apps` is the models as the migrations left them (post_migrate passes them): after
    `migrate pengaduan <older migration>` the schema may store other status values, and a target
    whose status it does not accept is not created.
    """
    try:
        StateTarget = apps.get_model("pengaduan", "StateTarget")
        ServiceCategory = apps.get_model("pengaduan", "ServiceCategory")
    except LookupError:  # pengaduan migrated back to zero
        return
    accepted = {value for value, _label in StateTarget._meta.get_field("status").choices}
    existing = set(StateTarget.objects.using(using).values_list("status", flat=True))
    StateTarget.objects.using(using).bulk_create(
        StateTarget(status=status.value, days=days, day_kind=kind.value, description=description)
        for status, days, kind, description in TARGETS
        if status in accepted and status not in existing
    )
    if not ServiceCategory.objects.using(using).exists():
        ServiceCategory.objects.using(using).bulk_create(
            ServiceCategory(name=name, order=order) for order, name in enumerate(SERVICES, 1)
        )
