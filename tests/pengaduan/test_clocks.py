"""The fair clocks: per-step targets counted from the moment the step began (office hours),
the overall reply target tracked apart, and time waiting for the complainant never counted
against staff (pengaduan/clocks.py, docs/pengaduan.md "Deadlines")."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from pengaduan import services
from pengaduan.clocks import counting_from, days_used, due_after, finished_on_time
from pengaduan.models import Complaint, Status
from pengaduan.reports import monthly_recap
from pengaduan.workdays import due_soon_limit
from rutan.models import Holiday, HolidayKind
from rutan.months import Month
from tests.pengaduan.factories import make_complaint, walk

WIB = ZoneInfo("Asia/Jakarta")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.fixture
def leave_week(db):
    """A collective-leave week (cuti bersama), Monday 16 to Friday 20 March 2026."""
    for day in range(16, 21):
        Holiday.objects.create(
            date=date(2026, 3, day), name="Cuti bersama", kind=HolidayKind.CUTI_BERSAMA
        )


def _at(moment: str, step, *args, **kwargs):
    with time_machine.travel(at(moment), tick=False):
        return step(*args, **kwargs)


# --- The office-hours rule ------------------------------------------------------------------


def test_day_one_follows_office_hours(db):
    assert counting_from(at("2026-03-09 07:00")) == date(2026, 3, 9)  # Monday before opening
    assert counting_from(at("2026-03-09 07:30")) == date(2026, 3, 10)  # opening: rest is free
    assert counting_from(at("2026-03-09 10:00")) == date(2026, 3, 10)  # office hours
    assert counting_from(at("2026-03-09 16:00")) == date(2026, 3, 10)  # closing time
    assert counting_from(at("2026-03-13 17:30")) == date(2026, 3, 16)  # Friday evening
    assert counting_from(at("2026-03-14 06:00")) == date(2026, 3, 16)  # Saturday morning


def test_office_opening_is_configurable(db, settings):
    settings.PENGADUAN_OFFICE_OPENS = "09:00"
    assert counting_from(at("2026-03-09 08:30")) == date(2026, 3, 9)
    assert due_after(at("2026-03-09 08:30"), 1) == date(2026, 3, 9)
    settings.PENGADUAN_OFFICE_OPENS = "08:00"
    assert due_after(at("2026-03-09 08:30"), 1) == date(2026, 3, 10)


def test_a_one_day_step_begun_before_opening_is_due_that_day(db):
    assert due_after(at("2026-03-09 06:45"), 1) == date(2026, 3, 9)
    assert due_after(at("2026-03-09 11:00"), 1) == date(2026, 3, 10)


def test_work_done_before_opening_counts_for_the_day_before(db):
    assert finished_on_time(date(2026, 3, 10), at("2026-03-10 21:00"))
    assert finished_on_time(date(2026, 3, 10), at("2026-03-11 07:00"))
    assert not finished_on_time(date(2026, 3, 10), at("2026-03-11 08:00"))
    assert days_used(at("2026-03-09 10:00"), at("2026-03-09 15:00")) == 0  # same day: free


def test_a_draft_arriving_on_friday_afternoon_is_due_on_monday(ulp, kepala, pejabat):
    complaint = _at("2026-03-09 08:00", make_complaint, Status.DITINDAKLANJUTI, official=pejabat)
    complaint = _at(
        "2026-03-13 14:00",
        services.submit_draft_reply,
        complaint=complaint,
        by=pejabat,
        correction="",
        draft="Jawaban.",
    )
    assert complaint.status == Status.MENUNGGU_PERSETUJUAN
    assert complaint.status_since == at("2026-03-13 14:00")
    assert complaint.clock_start == date(2026, 3, 16)
    assert complaint.due_date == date(2026, 3, 16)  # not the same Friday


def test_steps_taken_on_their_last_day_add_up_to_the_reply_target(ulp, kepala, pejabat):
    """3 + 2 + 2 + 5 + 1 hk of steps, each used in full, end on the day the 13 hk reply target
    falls due (counting each step from the day before's end used to shrink it to 9)."""
    complaint = _at("2026-03-02 10:00", make_complaint, ulp=ulp)  # Monday
    assert complaint.reply_due_date == date(2026, 3, 19)  # 13 hk from Tuesday 3 March
    steps = [
        (services.verify_complaint, {"by": ulp}),
        (
            services.submit_recommendation,
            {"by": ulp, "review": "Telaah.", "recommendation": "Arahan."},
        ),
        (services.give_direction, {"by": kepala, "official": pejabat, "direction": "Perbaiki."}),
        (services.submit_draft_reply, {"by": pejabat, "correction": "", "draft": "Draf."}),
        (services.publish_reply, {"by": ulp, "text": "Jawaban."}),
    ]
    for step, kwargs in steps:
        due = complaint.due_date
        complaint = _at(f"{due.isoformat()} 10:00", step, complaint=complaint, **kwargs)
    assert [e.due_date for e in complaint.events.exclude(due_date=None)] == [
        date(2026, 3, 5),
        date(2026, 3, 9),
        date(2026, 3, 11),
        date(2026, 3, 18),
        date(2026, 3, 19),
    ]
    assert all(e.on_time for e in complaint.events.exclude(on_time=None))
    assert [e.staff_days for e in complaint.events.exclude(due_date=None)] == [3, 2, 2, 5, 1]
    assert complaint.status == Status.DIJAWAB
    assert complaint.reply_days_used == 13 and complaint.reply_clock_since is None


# --- Waiting for the complainant ---------------------------------------------------------


def test_waiting_for_the_complainant_pauses_both_clocks(ulp):
    complaint = _at("2026-03-09 09:00", make_complaint, ulp=ulp)  # Monday; step due Thursday
    assert complaint.reply_due_date == date(2026, 3, 26)
    complaint = _at(
        "2026-03-10 11:00",
        services.request_completion,
        complaint=complaint,
        by=ulp,
        message="Lampirkan bukti.",
    )
    assert complaint.reply_clock_since is None and complaint.reply_days_used == 1  # Tuesday
    assert complaint.paused_days_left == 2
    complaint = _at(
        "2026-03-30 09:00",  # three weeks later
        services.complete_complaint,
        complaint=complaint,
        text="Bukti terlampir.",
    )
    assert complaint.status == Status.DITERIMA
    assert complaint.due_date == date(2026, 4, 1)  # the 2 days left, from Tuesday 31 March
    assert complaint.reply_due_date == date(2026, 4, 15)  # the 12 hk left
    flagged = Complaint.objects.with_deadline_flag(
        today=date(2026, 4, 1), soon=due_soon_limit(date(2026, 4, 1))
    ).get()
    assert flagged.deadline_flag == "hampir"  # the waiting weeks are not held against staff


def test_the_reply_target_is_tracked_apart_from_the_steps(settings, ulp, kepala):
    settings.PENGADUAN_REPLY_TARGET_DAYS = 4
    complaint = _at("2026-03-09 10:00", make_complaint, Status.DITELAAH, ulp=ulp)
    complaint = _at(
        "2026-03-11 10:00",
        services.submit_recommendation,
        complaint=complaint,
        by=ulp,
        review="Telaah.",
        recommendation="Arahan.",
    )
    complaint = _at(
        "2026-03-12 10:00", services.send_back_to_ulp, complaint=complaint, by=kepala, note="Ulang."
    )
    assert complaint.due_date == date(2026, 3, 16)  # the step itself is on time
    assert complaint.reply_due_date == date(2026, 3, 13)  # 4 hk from Tuesday 10 March
    assert Complaint.objects.overdue(date(2026, 3, 16)).get() == complaint
    assert not Complaint.objects.overdue(date(2026, 3, 13)).exists()


# --- The worked example of README.md and docs/pengaduan.md ------------------------------------


def test_worked_example_friday_afternoon_before_a_leave_week(leave_week, ulp, kepala, pejabat):
    complaint = _at("2026-03-13 14:30", make_complaint, ulp=ulp)  # Friday, office open
    assert complaint.clock_start == date(2026, 3, 23)  # rest of Friday free, then leave week
    assert complaint.due_date == date(2026, 3, 25)  # 3 hk: Mon 23, Tue 24, Wed 25
    assert complaint.reply_due_date == date(2026, 4, 8)  # 13 hk from Monday 23 March
    assert complaint.legal_due_date == date(2026, 3, 27)  # 14 calendar days

    complaint = _at(
        "2026-03-24 10:00",
        services.request_completion,
        complaint=complaint,
        by=ulp,
        message="Sebutkan tanggal.",
    )
    assert complaint.paused_days_left == 1 and complaint.reply_days_used == 2

    complaint = _at(
        "2026-03-27 18:00",  # Friday evening, after closing
        services.complete_complaint,
        complaint=complaint,
        text="Tanggal 12 Maret.",
    )
    assert complaint.due_date == date(2026, 3, 30)  # the 1 day left: Monday 30 March
    assert complaint.reply_due_date == date(2026, 4, 13)  # the 11 hk left

    complaint = _at("2026-03-30 15:00", services.verify_complaint, complaint=complaint, by=ulp)
    assert complaint.due_date == date(2026, 4, 1)
    complaint = _at(
        "2026-04-01 11:00",
        services.submit_recommendation,
        complaint=complaint,
        by=ulp,
        review="Telaah.",
        recommendation="Arahan.",
    )
    assert complaint.due_date == date(2026, 4, 3)
    complaint = _at(
        "2026-04-03 09:00",
        services.give_direction,
        complaint=complaint,
        by=kepala,
        official=pejabat,
        direction="Perbaiki jadwal.",
    )
    assert complaint.due_date == date(2026, 4, 10)
    complaint = _at(
        "2026-04-10 14:00",
        services.submit_draft_reply,
        complaint=complaint,
        by=pejabat,
        correction="Jadwal diperbaiki.",
        draft="Klarifikasi.",
    )
    assert complaint.due_date == date(2026, 4, 13)
    complaint = _at(
        "2026-04-13 10:00", services.publish_reply, complaint=complaint, by=ulp, text="Jawaban."
    )
    assert complaint.reply_days_used == 13  # 2 before the pause + 11 after: on time
    assert complaint.lapse_on == date(2026, 4, 27)  # dispute period: 10 hk from Tuesday
    assert all(e.on_time for e in complaint.events.exclude(on_time=None))
    recap = monthly_recap(Month(2026, 3), user=ulp)  # received in March: answered on time
    assert (recap.answered_on_time, recap.answered_late) == (1, 0)


# --- The page shows the clocks --------------------------------------------------------------


def test_complaint_page_and_list_show_step_start_due_and_reply_target(ulp, ulp_client):
    complaint = _at("2026-03-09 10:00", make_complaint, ulp=ulp)
    with time_machine.travel(at("2026-03-10 09:00"), tick=False):
        page = ulp_client.get(reverse("pengaduan:complaint_detail", args=[complaint.pk]))
        listing = ulp_client.get(reverse("pengaduan:complaint_list"))
    text = page.content.decode()
    assert (
        "Tahap ini dimulai 09-03-2026 10:00, hari ke-1 10-03-2026, jatuh tempo 12-03-2026" in text
    )
    assert "(3 hari kerja)" in text
    assert "Jawaban paling lambat 26-03-2026; terpakai 1 dari 13 hari kerja petugas" in text
    rows = listing.content.decode()
    assert "Target jawaban" in rows and "26-03-2026" in rows


# --- The monthly recap judges lateness on staff time only ----------------------------------


def _answer(complaint, moment: str, *, ulp, kepala, pejabat):
    """Walk a complaint from DITERIMA to a published reply, every step at `moment`."""
    with time_machine.travel(at(moment), tick=False):
        for step in ("verify", "recommend", "direct", "draft", "publish"):
            complaint = walk(complaint, step, ulp=ulp, kepala=kepala, official=pejabat)
    return complaint


def test_recap_judges_lateness_on_staff_time_only(ulp, kepala, pejabat):
    waited = _at("2026-03-02 09:00", make_complaint, ulp=ulp)  # Monday
    waited = _at(
        "2026-03-04 10:00",
        services.request_completion,
        complaint=waited,
        by=ulp,
        message="Lampirkan bukti.",
    )
    waited = _at(
        "2026-03-30 09:00", services.complete_complaint, complaint=waited, text="Terlampir."
    )
    waited = _answer(waited, "2026-03-30 09:00", ulp=ulp, kepala=kepala, pejabat=pejabat)
    assert waited.reply_days_used == 2  # 28 calendar days, 2 of them staff working days

    slow = _at("2026-03-02 09:00", make_complaint, ulp=ulp)
    slow = _answer(slow, "2026-03-23 10:00", ulp=ulp, kepala=kepala, pejabat=pejabat)
    assert slow.reply_days_used == 15

    recap = monthly_recap(Month(2026, 3), user=ulp)
    assert recap.reply_target_days == 13
    assert (recap.answered_on_time, recap.answered_late, recap.unanswered) == (1, 1, 0)
