"""The pejabat's timeline entry says what was sent: a perbaikan, a draf klarifikasi or both.

Past entries (all stored as "draf_klarifikasi") are relabelled from their note, which has
always read "Perbaikan: <text or ->\nKlarifikasi: <ada or ->"; unapplying puts them back.
"""

from django.db import migrations, models

NO_CORRECTION = "Perbaikan: -\nKlarifikasi:"
NO_DRAFT = "\nKlarifikasi: -"


def relabel(apps, schema_editor):
    events = apps.get_model("pengaduan", "ComplaintEvent").objects.filter(
        action="draf_klarifikasi"
    )
    events.filter(note__endswith=NO_DRAFT).update(action="perbaikan")
    events.exclude(note__startswith=NO_CORRECTION).exclude(note__endswith=NO_DRAFT).update(
        action="perbaikan_klarifikasi"
    )


def unlabel(apps, schema_editor):
    apps.get_model("pengaduan", "ComplaintEvent").objects.filter(
        action__in=["perbaikan", "perbaikan_klarifikasi"]
    ).update(action="draf_klarifikasi")


class Migration(migrations.Migration):

    dependencies = [
        ('pengaduan', '0010_survey'),
    ]

    operations = [
        migrations.AlterField(
            model_name='complaintevent',
            name='action',
            field=models.CharField(choices=[('dicatat', 'Pengaduan dicatat'), ('diverifikasi', 'Diverifikasi'), ('minta_kelengkapan', 'Kelengkapan diminta'), ('dilengkapi', 'Dilengkapi pelapor'), ('ditolak', 'Ditolak'), ('dirujuk', 'Dirujuk'), ('rekomendasi', 'Rekomendasi dikirim ke Kepala UPT'), ('arahan', 'Arahan diberikan'), ('kembali_ke_ulp', 'Dikembalikan ke ULP'), ('draf_klarifikasi', 'Draf klarifikasi dikirim'), ('perbaikan', 'Perbaikan dilaporkan'), ('perbaikan_klarifikasi', 'Perbaikan dan draf klarifikasi dikirim'), ('minta_pengalihan', 'Pengalihan pejabat diminta'), ('kembali_ke_pejabat', 'Draf dikembalikan ke pejabat'), ('diterbitkan', 'Jawaban diterbitkan'), ('disanggah', 'Jawaban disanggah pelapor'), ('ditutup', 'Ditutup otomatis'), ('dicabut', 'Dicabut (tidak dilengkapi)'), ('kode_baru', 'Kode pelacakan diterbitkan ulang'), ('identitas_dihapus', 'Identitas pelapor dihapus (masa retensi)'), ('digabung', 'Digabung ke pengaduan induk'), ('duplikat_digabung', 'Pengaduan duplikat digabungkan')], max_length=24, verbose_name='tindakan'),
        ),
        migrations.RunPython(relabel, unlabel),
    ]
