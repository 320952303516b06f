"""Create the role groups, the unit's profile and the service standard from the seed document.

Which permissions each group holds is kept in sync with the code after every migrate
(rutan.roles.sync_role_permissions).
"""

from django.db import migrations

ROLE_GROUPS = [
    "Petugas Pembinaan",
    "Kepala UPT",
    "Petugas Pengaduan",
    "Pejabat Pelayanan",
    "Admin",
]

REQUIREMENTS = """\
Tahanan/Narapidana yang telah memenuhi syarat mengikuti kegiatan pembinaan tahap awal
Narapidana yang telah memenuhi syarat mengikuti kegiatan pembinaan Tahap lanjutan Pertama (pembinaan dalam Lapas/Rutan)
Narapidana yang telah memenuhi syarat mengikuti kegiatan pembinaan Tahap lanjutan Kedua (Tahap asimilasi)
Narapidana yang telah memenuhi syarat mengikuti kegiatan pembinaan Tahap Akhir (tahap integrasi)"""

PROCEDURE = """\
Petugas pembinaan membuat program pembinaan kesenian
Setelah ditentukan program pembinaan yang sesuai maka membuat rencana kerja
Narapidana/Tahanan melakukan absensi secara manual atau menggunakan finger scan yang terkoneksi dengan SDP Pembinaan
Narapidana dikumpulkan oleh Petugas pembinaan pada tempat yang disediakan untuk kegiatan pembinaan kesenian
Narapidana/Tahanan melaksanakan kegiatan pembinaan kesenian
Pencatatan hasil pembinaan kesenian"""

COMPLAINT_PROCEDURE = """\
Pengaduan dikelola oleh Unit Layanan Pengaduan dengan menyampaikan rekomendasi kepada Kepala UPT Pemasyarakatan
Kepala UPT Pemasyarakatan menelaah dan memberi arahan dalam rangka merespon pengaduan
Pejabat yang terkait dengan pelayanan melakukan perbaikan dan/atau memberikan klarifikasi kepada publik yang menyampaikan pengaduan"""


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
    apps.get_model("rutan", "UnitProfile").objects.get_or_create(pk=1)
    apps.get_model("rutan", "ServiceStandard").objects.get_or_create(
        pk=1,
        defaults={
            "title": "Pembinaan Kesenian",
            "requirements": REQUIREMENTS,
            "procedure": PROCEDURE,
            "completion_time": "45 Menit",
            "cost": "Tidak dipungut biaya",
            "products": "Kegiatan pembinaan kesenian",
            "complaint_procedure": COMPLAINT_PROCEDURE,
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rutan", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
