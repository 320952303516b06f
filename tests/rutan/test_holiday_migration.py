"""Migration pengaduan 0008 moves the holiday calendar to rutan.Holiday with its history, and
back when unapplied."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from rutan.models import Holiday

BEFORE = [("pengaduan", "0007_reply_correction_or_clarification")]
AFTER = [("pengaduan", "0008_holiday_calendar_moved_to_rutan")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_holidays_and_their_history_move_to_rutan_and_back(admin_user):
    Holiday.objects.create(date=date(2026, 12, 24), name="Cuti bersama Natal", kind="cuti_bersama")
    executor = _migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        old_holiday = old_apps.get_model("pengaduan", "Holiday")
        old_history = old_apps.get_model("pengaduan", "HistoricalHoliday")
        assert list(old_holiday.objects.values_list("date", "kind")) == [
            (date(2026, 12, 24), "cuti_bersama")
        ]
        natal = old_holiday.objects.create(date=date(2026, 12, 25), name="Natal")
        for kind, name in (("+", "Natal"), ("~", "Hari Raya Natal")):
            old_history.objects.create(
                id=natal.pk,
                date=natal.date,
                name=name,
                kind="nasional",
                history_date="2026-01-02T08:00:00+07:00",
                history_type=kind,
                history_user_id=admin_user.pk,
            )
    finally:
        _migrate(AFTER)

    assert list(Holiday.objects.values_list("date", flat=True)) == [
        date(2026, 12, 24),
        date(2026, 12, 25),
    ]
    moved = Holiday.objects.get(date=date(2026, 12, 25))
    assert list(moved.history.values_list("history_type", "name", "history_user")) == [
        ("~", "Hari Raya Natal", admin_user.pk),
        ("+", "Natal", admin_user.pk),
    ]
    # New rows still get fresh ids after the copy (the sequence was not bypassed).
    Holiday.objects.create(date=date(2026, 12, 26), name="Libur lain", kind="lokal")
