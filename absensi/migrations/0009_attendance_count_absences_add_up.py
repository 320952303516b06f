"""The counts by absence reason add up to `absent` (filled by 0008, in its own transaction)."""

import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("absensi", "0008_attendance_count_by_reason")]

    operations = [
        migrations.AddConstraint(
            model_name="sessionattendancecount",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "absent",
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("absent_sakit"), "+", models.F("absent_izin")
                                        ),
                                        "+",
                                        models.F("absent_bon"),
                                    ),
                                    "+",
                                    models.F("absent_menolak"),
                                ),
                                "+",
                                models.F("absent_bentrok"),
                            ),
                            "+",
                            models.F("absent_lainnya"),
                        ),
                    )
                ),
                name="attendance_count_absences_add_up",
            ),
        ),
    ]
