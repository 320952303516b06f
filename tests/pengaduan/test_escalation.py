"""Escalation of overdue complaints in the daily digest: the actor from the first overdue day,
then the Kepala UPT, then (when configured) the regional office's address."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from pengaduan import services
from pengaduan.clocks import overdue_by_at_least
from pengaduan.models import Status
from rutan.models import Holiday
from tests.pengaduan.factories import make_complaint

WIB = ZoneInfo("Asia/Jakarta")
REGION = "pengaduan@kanwil.example.go.id"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.fixture
def people(ulp, kepala, pejabat):
    for user, email in ((ulp, "ulp@rutan.test"), (kepala, "kepala@rutan.test")):
        user.email = email
        user.save()
    pejabat.email = "pejabat@rutan.test"
    pejabat.save()
    return ulp, kepala, pejabat


@pytest.fixture
def late(people):
    """A complaint received Monday 2 March 2026 09:00, its verification due Thursday 5 March."""
    ulp, kepala, pejabat = people
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        complaint = make_complaint(ulp=ulp, kepala=kepala, official=pejabat)
    assert complaint.due_date == date(2026, 3, 5)
    return complaint


def _digest(day: str, mailoutbox, capture) -> dict[str, str]:
    mailoutbox.clear()
    with time_machine.travel(at(f"{day} 06:00"), tick=False), capture(execute=True):
        services.send_overdue_reminders(today=date.fromisoformat(day))
    return {m.to[0]: m.body for m in mailoutbox}


def test_the_actor_first_then_the_kepala_then_the_region(
    late, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PENGADUAN_ESCALATION_EMAIL = REGION
    capture = django_capture_on_commit_callbacks

    friday = _digest("2026-03-06", mailoutbox, capture)  # 1 working day overdue
    assert set(friday) == {"ulp@rutan.test"}
    assert late.number in friday["ulp@rutan.test"]
    assert "terlambat sejak 05-03-2026" in friday["ulp@rutan.test"]

    saturday = _digest("2026-03-07", mailoutbox, capture)  # the weekend does not count
    assert set(saturday) == {"ulp@rutan.test"}

    monday = _digest("2026-03-09", mailoutbox, capture)  # 2 working days: the Kepala UPT too
    assert set(monday) == {"ulp@rutan.test", "kepala@rutan.test"}

    thursday = _digest("2026-03-12", mailoutbox, capture)  # 5 working days: the region too
    assert set(thursday) == {"ulp@rutan.test", "kepala@rutan.test", REGION}
    to_region = thursday[REGION]
    assert late.number in to_region and "sedikitnya 5 hari kerja" in to_region
    assert "Sri Wahyuni" not in to_region and "karawitan" not in to_region  # no identity, no text


def test_no_address_outside_the_unit_unless_configured(
    late, mailoutbox, django_capture_on_commit_callbacks
):
    received = _digest("2026-03-20", mailoutbox, django_capture_on_commit_callbacks)
    assert set(received) == {"ulp@rutan.test", "kepala@rutan.test"}


def test_holidays_do_not_count_towards_escalation(
    late, mailoutbox, django_capture_on_commit_callbacks
):
    Holiday.objects.create(date=date(2026, 3, 6), name="Cuti bersama")
    received = _digest("2026-03-09", mailoutbox, django_capture_on_commit_callbacks)
    assert set(received) == {"ulp@rutan.test"}  # only Monday 9 March counts


def test_escalation_steps_are_settings(
    late, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PENGADUAN_ESCALATE_HEAD_AFTER_DAYS = 1
    settings.PENGADUAN_ESCALATION_AFTER_DAYS = 1
    settings.PENGADUAN_ESCALATION_EMAIL = REGION
    received = _digest("2026-03-06", mailoutbox, django_capture_on_commit_callbacks)
    assert set(received) == {"ulp@rutan.test", "kepala@rutan.test", REGION}


def test_the_kepala_hears_at_once_of_what_waits_for_his_own_direction(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    ulp, kepala, pejabat = people
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        waiting = make_complaint(Status.MENUNGGU_ARAHAN, ulp=ulp, kepala=kepala)
    assert waiting.due_date == date(2026, 3, 4)
    received = _digest("2026-03-05", mailoutbox, django_capture_on_commit_callbacks)
    assert set(received) == {"kepala@rutan.test"}


def test_overdue_cutoffs_count_working_days_back(db):
    assert overdue_by_at_least(date(2026, 3, 11), 1) == date(2026, 3, 10)  # Wednesday
    assert overdue_by_at_least(date(2026, 3, 9), 2) == date(2026, 3, 5)  # Mon, Fri
    assert overdue_by_at_least(date(2026, 3, 7), 1) == date(2026, 3, 5)  # Saturday
