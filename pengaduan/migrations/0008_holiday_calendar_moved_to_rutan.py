"""The holiday calendar moves to the shared base (rutan.Holiday) so program planning can use it
too: copy every row and its history, then drop pengaduan's tables.

Rows get new ids in rutan (no explicit ids, so PostgreSQL's sequence stays right); the history
rows follow their row's new id. Reversible: the reverse copies rutan's calendar back.
"""

from django.db import migrations


def _copy(source, source_history, target, target_history) -> None:
    new_ids = {}
    for old in source.objects.order_by("date"):
        row = target.objects.create(date=old.date, name=old.name, kind=old.kind)
        new_ids[old.pk] = row.pk
    target_history.objects.bulk_create(
        [
            target_history(
                id=new_ids.get(h.id, h.id),
                date=h.date,
                name=h.name,
                kind=h.kind,
                history_date=h.history_date,
                history_change_reason=h.history_change_reason,
                history_type=h.history_type,
                history_user_id=h.history_user_id,
            )
            for h in source_history.objects.order_by("history_date", "history_id")
        ],
        batch_size=500,
    )


def forwards(apps, schema_editor) -> None:
    _copy(
        apps.get_model("pengaduan", "Holiday"),
        apps.get_model("pengaduan", "HistoricalHoliday"),
        apps.get_model("rutan", "Holiday"),
        apps.get_model("rutan", "HistoricalHoliday"),
    )


def backwards(apps, schema_editor) -> None:
    _copy(
        apps.get_model("rutan", "Holiday"),
        apps.get_model("rutan", "HistoricalHoliday"),
        apps.get_model("pengaduan", "Holiday"),
        apps.get_model("pengaduan", "HistoricalHoliday"),
    )
    apps.get_model("rutan", "HistoricalHoliday").objects.all().delete()
    apps.get_model("rutan", "Holiday").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('pengaduan', '0007_reply_correction_or_clarification'),
        ('rutan', '0007_holiday_calendar'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name='HistoricalHoliday'),
        migrations.DeleteModel(name='Holiday'),
    ]
