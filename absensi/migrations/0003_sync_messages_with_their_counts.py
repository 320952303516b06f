"""Successful sync runs stored before the fix carry "Berhasil: 0 catatan diambil, 0 baru, 0
duplikat" whatever they counted (the message was built before the counts were set): rewrite
their message from their stored counts. Nothing to undo."""

from django.db import migrations

WRONG_PREFIX = "Berhasil: 0 catatan diambil, 0 baru, 0 duplikat"


def _message(run) -> str:
    parts = [f"{run.fetched} catatan diambil", f"{run.inserted} baru", f"{run.duplicates} duplikat"]
    if run.quarantined:
        parts.append(f"{run.quarantined} dikarantina")
    if run.unmatched:
        parts.append(f"{run.unmatched} rekaman dengan PIN tak dikenal")
    if run.attendance_created:
        parts.append(f"{run.attendance_created} kehadiran tercatat dari sidik jari")
    return "Berhasil: " + ", ".join(parts) + "."


def rewrite(apps, schema_editor) -> None:
    SyncRun = apps.get_model("absensi", "SyncRun")
    wrong = SyncRun.objects.filter(status="berhasil", message__startswith=WRONG_PREFIX).exclude(
        fetched=0
    )
    for run in wrong.iterator():
        SyncRun.objects.filter(pk=run.pk).update(message=_message(run))


class Migration(migrations.Migration):

    dependencies = [
        ("absensi", "0002_stored_values_lowercase_indonesian"),
    ]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
