"""The shared holiday calendar: national holidays filled from the `holidays` library without
touching an admin's edits, the working-day functions, the cuti bersama reminder."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from pengaduan import workdays
from rutan import calendar
from rutan.models import Holiday, HolidayKind

pytestmark = pytest.mark.django_db


def test_fill_adds_this_and_next_years_national_holidays():
    with time_machine.travel("2026-11-30 08:00 +0700", tick=False):
        added = calendar.fill_national_holidays()
    days = {row.date for row in added}
    assert date(2026, 12, 25) in days and date(2027, 12, 25) in days
    assert date(2027, 8, 17) in days
    assert {row.kind for row in added} == {HolidayKind.NATIONAL}
    assert not Holiday.objects.filter(date__year=2028).exists()
    christmas = Holiday.objects.get(date=date(2026, 12, 25))
    assert christmas.name == "Hari Raya Natal"
    assert christmas.history.get().history_change_reason.startswith("Diisi otomatis")


def test_fill_is_idempotent():
    first = calendar.fill_national_holidays(years=[2026])
    count = Holiday.objects.count()
    assert len(first) == count == 17  # the 17 libur nasional of 2026
    assert calendar.fill_national_holidays(years=[2026]) == []
    assert Holiday.objects.count() == count


def test_fill_never_overwrites_an_admins_edit():
    Holiday.objects.create(date=date(2026, 12, 25), name="Natal (diubah admin)", kind="lokal")
    calendar.fill_national_holidays(years=[2026])
    kept = Holiday.objects.get(date=date(2026, 12, 25))
    assert (kept.name, kept.kind) == ("Natal (diubah admin)", "lokal")


def test_fill_never_brings_back_a_date_an_admin_deleted():
    calendar.fill_national_holidays(years=[2026])
    Holiday.objects.get(date=date(2026, 5, 1)).delete()  # e.g. moved by the government
    assert calendar.fill_national_holidays(years=[2026]) == []
    assert not Holiday.objects.filter(date=date(2026, 5, 1)).exists()


def test_fill_leaves_cuti_bersama_to_the_admin():
    calendar.fill_national_holidays(years=[2026])
    assert not Holiday.objects.filter(date=date(2026, 12, 24)).exists()


def test_fill_holidays_command(capsys):
    call_command("fill_holidays", "--tahun", "2027")
    assert "18 libur nasional ditambahkan" in capsys.readouterr().out
    assert Holiday.objects.filter(date__year=2027).count() == 18  # Isra Mikraj twice


def test_working_days_skip_weekends_and_holidays():
    Holiday.objects.create(date=date(2026, 12, 24), name="Cuti bersama Natal", kind="cuti_bersama")
    Holiday.objects.create(date=date(2026, 12, 25), name="Natal")
    assert not calendar.is_working_day(date(2026, 12, 25))
    assert calendar.is_working_day(date(2026, 12, 23))
    # Wednesday 23 + 2 working days: 23 (day 1), then Monday 28.
    assert calendar.add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 28)
    assert calendar.working_days_between(date(2026, 12, 21), date(2026, 12, 31)) == 7
    assert calendar.holidays_between(date(2026, 12, 1), date(2026, 12, 31)) == {
        date(2026, 12, 24): "Cuti bersama Natal",
        date(2026, 12, 25): "Natal",
    }


def test_complaint_desk_uses_the_same_calendar():
    Holiday.objects.create(date=date(2026, 12, 24), name="Cuti bersama Natal", kind="cuti_bersama")
    assert not workdays.is_working_day(date(2026, 12, 24))
    assert workdays.add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 25)
    assert workdays.working_days_between(date(2026, 12, 21), date(2026, 12, 24)) == 3
    assert isinstance(workdays.calendar_for(date(2026, 12, 1)), calendar.WorkingCalendar)


@pytest.mark.parametrize(
    ("today", "cuti_2027", "expected"),
    [
        ("2026-09-30", False, None),  # before October: the SKB is not out yet
        ("2026-10-01", False, 2027),
        ("2026-12-31", False, 2027),
        ("2026-10-01", True, None),
    ],
)
def test_cuti_bersama_reminder_from_october(today, cuti_2027, expected):
    Holiday.objects.create(date=date(2027, 1, 1), name="Tahun Baru")  # national: not enough
    if cuti_2027:
        Holiday.objects.create(date=date(2027, 12, 24), name="Cuti bersama", kind="cuti_bersama")
    assert calendar.cuti_bersama_reminder_year(date.fromisoformat(today)) == expected


@time_machine.travel("2026-11-30 08:00 +0700", tick=False)
def test_admin_dashboard_reminds_about_next_years_cuti_bersama(admin_client_, petugas_client):
    page = admin_client_.get("/dasbor/").content.decode()
    assert 'data-panel="holiday-reminder"' in page
    assert "cuti bersama tahun 2027" in page
    assert 'data-panel="holiday-reminder"' not in petugas_client.get("/dasbor/").content.decode()
    Holiday.objects.create(date=date(2027, 12, 24), name="Cuti bersama", kind="cuti_bersama")
    assert 'data-panel="holiday-reminder"' not in admin_client_.get("/dasbor/").content.decode()
