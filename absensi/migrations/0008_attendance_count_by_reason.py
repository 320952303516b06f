"""The per-session counts by absence reason (so the monthly reports read no attendance row for
them): six columns, filled by a recount of every session (one INSERT … SELECT … GROUP BY, as
`absensi.summary.recount_all`). The constraint that they add up to `absent` is the next
migration: on PostgreSQL a table cannot be altered in the transaction that wrote its rows
(their deferred foreign-key checks are still pending)."""

from django.db import migrations, models
from django.db.models import Count, Q

PRESENT = ["hadir", "terlambat"]  # ATTENDED_STATUSES
CANCELLED = "dibatalkan"
REASONS = ["sakit", "izin", "bon", "menolak", "bentrok", "lainnya"]  # ABSENT_REASONS
COLUMNS = ["present", "absent", *(f"absent_{r}" for r in REASONS), "cancelled", "total"]


def recount(apps, schema_editor):
    attendance = apps.get_model("absensi", "Attendance")
    summary = apps.get_model("absensi", "SessionAttendanceCount")
    connection = schema_editor.connection
    select, params = (
        attendance.objects.using(connection.alias)
        .order_by()
        .values("session_id")
        .annotate(
            present=Count("pk", filter=Q(status__in=PRESENT)),
            absent=Count("pk", filter=Q(status__in=REASONS)),
            **{f"absent_{r}": Count("pk", filter=Q(status=r)) for r in REASONS},
            cancelled=Count("pk", filter=Q(status=CANCELLED)),
            total=Count("pk"),
        )
        .values_list("session_id", *COLUMNS)
        .query.sql_with_params()
    )
    table = connection.ops.quote_name(summary._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} (session_id, {', '.join(COLUMNS)}) {select}", params)


class Migration(migrations.Migration):

    dependencies = [
        ('absensi', '0007_attendance_session_status_index'),
        ('pembinaan', '0012_inmate_block_cell_name_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='sessionattendancecount',
            name='absent_bentrok',
            field=models.PositiveIntegerField(default=0, verbose_name='bentrok'),
        ),
        migrations.AddField(
            model_name='sessionattendancecount',
            name='absent_bon',
            field=models.PositiveIntegerField(default=0, verbose_name='bon/sidang'),
        ),
        migrations.AddField(
            model_name='sessionattendancecount',
            name='absent_izin',
            field=models.PositiveIntegerField(default=0, verbose_name='izin'),
        ),
        migrations.AddField(
            model_name='sessionattendancecount',
            name='absent_lainnya',
            field=models.PositiveIntegerField(default=0, verbose_name='lainnya'),
        ),
        migrations.AddField(
            model_name='sessionattendancecount',
            name='absent_menolak',
            field=models.PositiveIntegerField(default=0, verbose_name='menolak'),
        ),
        migrations.AddField(
            model_name='sessionattendancecount',
            name='absent_sakit',
            field=models.PositiveIntegerField(default=0, verbose_name='sakit'),
        ),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
