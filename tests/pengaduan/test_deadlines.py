"""Working-day deadlines: weekends, the holiday calendar, office hours, pauses, legal ceilings."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pengaduan import services
from pengaduan.models import Complaint, StateTarget, Status
from pengaduan.workdays import add_working_days, clock_start, due_soon_limit, is_working_day
from rutan.models import Holiday, HolidayKind
from tests.pengaduan.factories import make_complaint

WIB = ZoneInfo("Asia/Jakarta")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.fixture
def lebaran_2026(db):
    """Nyepi and Idulfitri 2026: 18-24 March are not working days (SKB 3 Menteri)."""
    for day, name in [
        (18, "Cuti bersama Nyepi"),
        (19, "Nyepi"),
        (20, "Cuti bersama Idulfitri"),
        (21, "Idulfitri"),
        (22, "Idulfitri"),
        (23, "Cuti bersama Idulfitri"),
        (24, "Cuti bersama Idulfitri"),
    ]:
        Holiday.objects.create(date=date(2026, 3, day), name=name, kind=HolidayKind.NATIONAL)


def test_targets_of_domain_md_are_seeded(db):
    targets = {t.status: (t.days, t.day_kind) for t in StateTarget.objects.all()}
    assert targets == {
        Status.DITERIMA: (3, "hk"),
        Status.PERLU_KELENGKAPAN: (30, "kalender"),
        Status.DITELAAH: (2, "hk"),
        Status.MENUNGGU_ARAHAN: (2, "hk"),
        Status.DITINDAKLANJUTI: (5, "hk"),
        Status.MENUNGGU_PERSETUJUAN: (1, "hk"),
        Status.DIJAWAB: (10, "hk"),
    }


def test_working_days_skip_weekends(db):
    assert is_working_day(date(2026, 3, 6))  # Friday
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert add_working_days(date(2026, 3, 5), 3) == date(2026, 3, 9)  # Thu, Fri, Mon


def test_working_days_skip_calendar_holidays(lebaran_2026):
    assert not is_working_day(date(2026, 3, 19))
    assert add_working_days(date(2026, 3, 17), 3) == date(2026, 3, 26)
    Holiday.objects.filter(date=date(2026, 3, 23)).delete()  # the calendar is data
    assert add_working_days(date(2026, 3, 17), 3) == date(2026, 3, 25)


def test_clock_starts_next_working_day_after_office_hours(db):
    assert clock_start(at("2026-03-09 15:59")) == date(2026, 3, 9)  # Monday, open
    assert clock_start(at("2026-03-09 16:00")) == date(2026, 3, 10)  # closed: Tuesday
    assert clock_start(at("2026-03-06 17:30")) == date(2026, 3, 9)  # Friday evening: Monday
    assert clock_start(at("2026-03-07 10:00")) == date(2026, 3, 9)  # Saturday: Monday


def test_office_hours_are_configurable(db, settings):
    settings.PENGADUAN_OFFICE_CLOSES = "12:00"
    assert clock_start(at("2026-03-09 13:00")) == date(2026, 3, 10)


def test_complaint_on_a_holiday_starts_after_it(lebaran_2026):
    with time_machine.travel(at("2026-03-19 09:00"), tick=False):
        complaint = make_complaint()
    assert complaint.clock_start == date(2026, 3, 25)
    assert complaint.due_date == date(2026, 3, 27)


def test_verification_due_in_three_working_days_across_a_weekend(db):
    with time_machine.travel(at("2026-03-05 10:00"), tick=False):  # Thursday, office open
        complaint = make_complaint()
    assert complaint.clock_start == date(2026, 3, 6)  # the rest of Thursday is free
    assert complaint.due_date == date(2026, 3, 10)  # Fri, Mon, Tue
    assert complaint.legal_due_date == date(2026, 3, 19)  # 14 calendar days


def test_logged_complaint_counts_from_when_it_was_received(db):
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        complaint = make_complaint(received_at=at("2026-03-06 20:00"))  # Friday night WhatsApp
    assert complaint.clock_start == date(2026, 3, 9)
    assert complaint.due_date == date(2026, 3, 11)


def test_each_state_gets_its_own_target(ulp, kepala, pejabat):
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):  # Monday
        complaint = make_complaint(Status.DITINDAKLANJUTI, official=pejabat)
    assert complaint.status == Status.DITINDAKLANJUTI
    assert complaint.due_date == date(2026, 3, 16)  # 5 hk counted from Tuesday
    assert complaint.legal_due_date == date(2026, 3, 9) + timedelta(days=60)


def test_admin_edits_a_target(db):
    StateTarget.objects.filter(status=Status.DITERIMA).update(days=5)
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        complaint = make_complaint()
    assert complaint.due_date == date(2026, 3, 16)


def test_asking_for_completion_pauses_the_clock(ulp):
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):  # Monday, due Thursday
        complaint = make_complaint(ulp=ulp)
    with time_machine.travel(at("2026-03-10 11:00"), tick=False):  # Tuesday: one day used
        complaint = services.request_completion(complaint=complaint, by=ulp, message="Tanggal?")
    assert complaint.due_date is None
    assert complaint.paused_days_left == 2  # Wednesday and Thursday were not used
    assert complaint.lapse_on == date(2026, 4, 9)  # 30 calendar days
    with time_machine.travel(at("2026-03-16 10:00"), tick=False):  # a week later
        complaint = services.complete_complaint(complaint=complaint, text="Tanggal 3 Maret.")
    assert complaint.clock_start == date(2026, 3, 17)
    assert complaint.due_date == date(2026, 3, 18)  # the two days left
    assert complaint.legal_due_date == date(2026, 3, 30)


def test_events_record_whether_a_step_was_on_time(ulp):
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        complaint = make_complaint(ulp=ulp)
    with time_machine.travel(at("2026-03-13 09:00"), tick=False):  # due was 12 March
        complaint = services.verify_complaint(complaint=complaint, by=ulp)
    event = complaint.events.last()
    assert event.due_date == date(2026, 3, 12) and event.on_time is False
    assert event.step_started_at == at("2026-03-09 09:00") and event.staff_days == 4


def _flag(complaint, today):
    row = Complaint.objects.with_deadline_flag(today=today, soon=due_soon_limit(today)).get(
        pk=complaint.pk
    )
    return row.deadline_flag


def test_list_flags_due_soon_and_overdue(db):
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        complaint = make_complaint()  # due Thursday 12 March
    assert _flag(complaint, date(2026, 3, 10)) == ""
    assert _flag(complaint, date(2026, 3, 11)) == "hampir"
    assert _flag(complaint, date(2026, 3, 12)) == "hampir"
    assert _flag(complaint, date(2026, 3, 13)) == "terlambat"
    assert Complaint.objects.overdue(date(2026, 3, 13)).get() == complaint


def test_due_soon_looks_past_the_weekend(db):
    with time_machine.travel(at("2026-03-11 09:00"), tick=False):  # Wednesday
        complaint = make_complaint()  # due Monday 16 March
    assert complaint.due_date == date(2026, 3, 16)
    assert _flag(complaint, date(2026, 3, 13)) == "hampir"
    assert due_soon_limit(date(2026, 3, 13)) == date(2026, 3, 16)  # Friday -> Monday


def test_legal_ceiling_flags_overdue_even_when_a_target_is_long(ulp):
    StateTarget.objects.filter(status=Status.DITELAAH).update(days=100)
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        complaint = make_complaint(Status.DITELAAH, ulp=ulp)
    assert complaint.legal_due_date == date(2026, 5, 8)
    assert complaint.due_date > date(2026, 5, 9)
    assert _flag(complaint, date(2026, 5, 9)) == "terlambat"


def test_waiting_states_are_never_flagged(ulp):
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        complaint = make_complaint(Status.PERLU_KELENGKAPAN, ulp=ulp)
    assert _flag(complaint, date(2026, 12, 1)) == ""


def test_targets_and_services_come_back_after_a_flush(db):
    from pengaduan.models import ServiceCategory
    from pengaduan.seeds import ensure_defaults

    StateTarget.objects.filter(status=Status.DITELAAH).delete()
    StateTarget.objects.filter(status=Status.DITERIMA).update(days=4)
    ServiceCategory.objects.all().delete()
    ensure_defaults()
    assert StateTarget.objects.get(status=Status.DITELAAH).days == 2
    assert StateTarget.objects.get(status=Status.DITERIMA).days == 4  # an admin's edit stays
    assert ServiceCategory.objects.filter(name="Pembinaan Kesenian").exists()
