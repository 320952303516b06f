"""The default catalogue rows of the complaint desk, the one place they are written down.

`ensure_defaults` runs after every `migrate` and every database flush (`manage.py flush`,
transactional and live-server tests), through the post_migrate hook of `PengaduanConfig`: a
fresh database, a flushed one and an existing one all end up with every state's target, a
catalogue of services and the reply templates. It only creates what is missing; rows that exist
are never touched, so admins' edits stay. (The data migration 0002 used to seed the same rows;
it no longer does.)
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

# Reply templates (name, body): admins edit them; the placeholders are filled per complaint.
REPLY_TEMPLATES = [
    (
        "Klarifikasi dan perbaikan",
        "Yth. {nama},\n\n"
        "Terima kasih atas pengaduan Saudara nomor {nomor} tanggal {tanggal} tentang {layanan}. "
        "Setelah kami telaah, kami sampaikan klarifikasi sebagai berikut:\n\n"
        "[uraian klarifikasi]\n\n"
        "Sebagai tindak lanjut, kami telah melakukan perbaikan berupa [uraian perbaikan]. "
        "Kami mohon maaf atas ketidaknyamanan yang Saudara alami.\n\n"
        "Bila Saudara belum puas dengan jawaban ini, Saudara dapat mengajukan sanggahan melalui "
        "halaman Lacak Pengaduan.",
    ),
    (
        "Klarifikasi (tanpa perbaikan)",
        "Yth. {nama},\n\n"
        "Terima kasih atas pengaduan Saudara nomor {nomor} tanggal {tanggal}. Setelah kami "
        "periksa, pelayanan {layanan} telah dilaksanakan sesuai standar pelayanan, dengan "
        "penjelasan sebagai berikut:\n\n"
        "[uraian klarifikasi]\n\n"
        "Masukan Saudara tetap kami catat untuk peningkatan pelayanan.",
    ),
    (
        "Permintaan kelengkapan",
        "Yth. {nama},\n\n"
        "Pengaduan Saudara nomor {nomor} tanggal {tanggal} sudah kami terima. Agar dapat kami "
        "tindak lanjuti, mohon lengkapi keterangan berikut:\n\n"
        "[keterangan yang diperlukan: waktu kejadian, tempat, petugas yang terlibat]\n\n"
        "Kelengkapan dapat dikirim melalui halaman Lacak Pengaduan.",
    ),
    (
        "Pemberitahuan tindak lanjut",
        "Yth. {nama},\n\n"
        "Pengaduan Saudara nomor {nomor} tanggal {tanggal} tentang {layanan} sedang kami "
        "tindak lanjuti. Kami akan menyampaikan jawaban paling lambat {tenggat}.\n\n"
        "Terima kasih atas kesabaran Saudara.",
    ),
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
    try:
        ReplyTemplate = apps.get_model("pengaduan", "ReplyTemplate")
    except LookupError:  # migrated back to before the reply templates
        return
    if not ReplyTemplate.objects.using(using).exists():
        ReplyTemplate.objects.using(using).bulk_create(
            ReplyTemplate(name=name, body=body, order=order)
            for order, (name, body) in enumerate(REPLY_TEMPLATES, 1)
        )
