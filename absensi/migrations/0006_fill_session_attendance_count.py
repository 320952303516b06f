"""Fill the per-session attendance counts from the attendance recorded so far (one INSERT …
SELECT … GROUP BY; the same count as `absensi.summary.recount_all`)."""

from django.db import migrations
from django.db.models import Count, Q

PRESENT = ["hadir", "terlambat"]  # ATTENDED_STATUSES
CANCELLED = "dibatalkan"


def fill(apps, schema_editor):
    attendance = apps.get_model("absensi", "Attendance")
    summary = apps.get_model("absensi", "SessionAttendanceCount")
    connection = schema_editor.connection
    select, params = (
        attendance.objects.using(connection.alias)
        .order_by()
        .values("session_id")
        .annotate(
            present=Count("pk", filter=Q(status__in=PRESENT)),
            absent=Count("pk", filter=~Q(status__in=[*PRESENT, CANCELLED])),
            cancelled=Count("pk", filter=Q(status=CANCELLED)),
            total=Count("pk"),
        )
        .values_list("session_id", "present", "absent", "cancelled", "total")
        .query.sql_with_params()
    )
    table = connection.ops.quote_name(summary._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} (session_id, present, absent, cancelled, total) {select}",
            params,
        )


def empty(apps, schema_editor):
    apps.get_model("absensi", "SessionAttendanceCount").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("absensi", "0005_session_attendance_count")]

    operations = [migrations.RunPython(fill, empty)]
