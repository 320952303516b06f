"""`manage.py pengaduan_tick`: auto-close, withdrawal, overdue reminders, retention; idempotent."""

import os
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from pengaduan import services
from pengaduan.models import (
    Action,
    Attachment,
    Complaint,
    ComplaintEvent,
    OverdueReminder,
    Status,
)
from rutan.models import Holiday
from tests.pengaduan.factories import clean_png, make_complaint, staff

WIB = ZoneInfo("Asia/Jakarta")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def run_tick() -> str:
    out = StringIO()
    call_command("pengaduan_tick", stdout=out)
    return out.getvalue()


@pytest.fixture
def answered(ulp, kepala, pejabat):
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):  # Monday
        return make_complaint(Status.DIJAWAB, ulp=ulp, kepala=kepala, official=pejabat)


def test_answered_complaint_closes_after_ten_working_days(
    answered, django_capture_on_commit_callbacks
):
    # Published on Monday 2 March at 09:00: 10 hk counted from Tuesday 3 March.
    assert answered.lapse_on.isoformat() == "2026-03-16"
    with time_machine.travel(at("2026-03-16 23:00"), tick=False):
        run_tick()
    answered.refresh_from_db()
    assert answered.status == Status.DIJAWAB
    with time_machine.travel(at("2026-03-17 00:30"), tick=False):
        output = run_tick()
    answered.refresh_from_db()
    assert answered.status == Status.SELESAI and answered.closed_at
    event = answered.events.last()
    assert (event.action, event.actor, event.actor_role) == (Action.CLOSED, None, "Sistem")
    assert answered.number in output


def test_holidays_extend_the_dispute_period(db, ulp, kepala, pejabat):
    Holiday.objects.create(date="2026-03-05", name="Libur")
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        complaint = make_complaint(Status.DIJAWAB, ulp=ulp, kepala=kepala, official=pejabat)
    assert complaint.lapse_on.isoformat() == "2026-03-17"


def test_incomplete_complaint_is_withdrawn_after_thirty_days(ulp):
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        complaint = make_complaint(Status.PERLU_KELENGKAPAN, ulp=ulp)
    with time_machine.travel(at("2026-04-01 09:00"), tick=False):  # day 30: still waiting
        run_tick()
    complaint.refresh_from_db()
    assert complaint.status == Status.PERLU_KELENGKAPAN
    with time_machine.travel(at("2026-04-02 09:00"), tick=False):
        run_tick()
    complaint.refresh_from_db()
    assert complaint.status == Status.DICABUT and complaint.outcome_reason


def test_overdue_reminders_go_to_the_actor_and_the_kepala_once_a_day(
    ulp, kepala, pejabat, mailoutbox, django_capture_on_commit_callbacks
):
    ulp.email, kepala.email, pejabat.email = "ulp@rutan.test", "kepala@rutan.test", "p@rutan.test"
    for user in (ulp, kepala, pejabat):
        user.save()
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        waiting_ulp = make_complaint(ulp=ulp, kepala=kepala, official=pejabat)
        waiting_official = make_complaint(
            Status.DITINDAKLANJUTI, ulp=ulp, kepala=kepala, official=pejabat
        )
    mailoutbox.clear()
    with time_machine.travel(at("2026-03-20 07:00"), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            output = run_tick()
        assert "pengingat keterlambatan: 2" in output
        recipients = sorted(m.to[0] for m in mailoutbox)
        assert recipients == ["kepala@rutan.test", "p@rutan.test", "ulp@rutan.test"]
        to_kepala = next(m for m in mailoutbox if m.to == ["kepala@rutan.test"])
        assert waiting_ulp.number in to_kepala.body and waiting_official.number in to_kepala.body
        to_official = next(m for m in mailoutbox if m.to == ["p@rutan.test"])
        assert waiting_official.number in to_official.body
        assert waiting_ulp.number not in to_official.body
        assert "Sri Wahyuni" not in to_kepala.body  # no identity in staff mail

        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            output = run_tick()
        assert "pengingat keterlambatan: 0" in output
        assert mailoutbox == []
    assert OverdueReminder.objects.count() == 2
    with (
        time_machine.travel(at("2026-03-21 07:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_tick()
    assert OverdueReminder.objects.count() == 4  # the next day, once more


def test_tick_twice_the_same_day_changes_nothing(ulp, kepala, pejabat):
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        make_complaint(Status.DIJAWAB, ulp=ulp, kepala=kepala, official=pejabat)
        make_complaint(Status.PERLU_KELENGKAPAN, ulp=ulp, kepala=kepala, official=pejabat)
        make_complaint(Status.DITELAAH, ulp=ulp, kepala=kepala, official=pejabat)
    with time_machine.travel(at("2026-04-10 06:00"), tick=False):
        first = run_tick()
        snapshot = list(Complaint.objects.order_by("pk").values_list("status", "updated_at"))
        events = ComplaintEvent.objects.count()
        reminders = OverdueReminder.objects.count()
        second = run_tick()
        assert "Ditutup: 1; dicabut: 1; pengingat keterlambatan: 1;" in first
        assert "Ditutup: 0; dicabut: 0; pengingat keterlambatan: 0;" in second
        assert (
            list(Complaint.objects.order_by("pk").values_list("status", "updated_at")) == snapshot
        )
        assert ComplaintEvent.objects.count() == events
        assert OverdueReminder.objects.count() == reminders


def test_admin_operators_get_no_reminders(
    admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    admin_user.email = "admin@rutan.test"
    admin_user.save()
    staff("petugas_pengaduan", "f_ulp")
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        make_complaint()
    with (
        time_machine.travel(at("2026-03-20 07:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_tick()
    assert all(m.to != ["admin@rutan.test"] for m in mailoutbox)


@pytest.fixture
def closed_long_ago(ulp, settings):
    settings.PENGADUAN_RETENTION_DAYS = 365

    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        complaint = make_complaint(
            ulp=ulp,
            identity="rahasia",
            name="Budi Rahasia",
            handle="@budi",
            attachments=[clean_png()],
            screenshots=[clean_png()],
        )

    with time_machine.travel(at("2026-03-03 09:00"), tick=False):
        return services.reject_complaint(complaint=complaint, by=ulp, reason="Di luar kewenangan.")


def test_identity_and_attachments_are_erased_after_the_retention_period(
    closed_long_ago, django_capture_on_commit_callbacks
):
    complaint = closed_long_ago
    Complaint.objects.filter(pk=complaint.pk).update(submitter_key="a" * 64)
    files = [a.file.path for a in complaint.attachments.all()]
    assert len(files) == 2 and all(os.path.exists(f) for f in files)
    with time_machine.travel(at("2027-03-02 09:00"), tick=False):  # 364 days: kept
        assert "identitas dihapus (retensi): 0" in run_tick()
    with (
        time_machine.travel(at("2027-03-04 09:00"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert "identitas dihapus (retensi): 1" in run_tick()
        assert "identitas dihapus (retensi): 0" in run_tick()  # once
    complaint.refresh_from_db()
    assert (complaint.reporter_name, complaint.reporter_email, complaint.reporter_phone) == (
        "",
        "",
        "",
    )
    assert complaint.channel_handle == "" and complaint.identity_purged_at
    assert complaint.submitter_key == ""
    assert complaint.reporter_display == "Dihapus (masa retensi)"
    assert not complaint.history.exclude(reporter_name="").exists()  # history scrubbed too
    assert not Attachment.objects.filter(complaint=complaint).exists()
    assert not any(os.path.exists(f) for f in files)
    assert complaint.events.last().action == Action.IDENTITY_PURGED
    assert complaint.description and complaint.status == Status.DITOLAK  # the record stays


def test_open_complaints_keep_their_identity(ulp, settings):
    settings.PENGADUAN_RETENTION_DAYS = 1
    with time_machine.travel(at("2026-03-02 09:00"), tick=False):
        complaint = make_complaint(ulp=ulp)
    with time_machine.travel(at("2027-03-02 09:00"), tick=False):
        run_tick()
    complaint.refresh_from_db()
    assert complaint.reporter_name == "Sri Wahyuni" and complaint.identity_purged_at is None
