"""Work plans skip the holiday calendar (rutan.Holiday): no session on a holiday, and the plan's
preview (detail page, inbox, print) lists the skipped dates with the holiday's name."""

from datetime import date, time

import pytest
import time_machine
from django.urls import reverse

from pembinaan import services
from pembinaan.models import WorkPlanStatus
from pembinaan.services import SlotSpec
from rutan.models import Holiday, HolidayKind
from tests.pembinaan import planning_factories as f

pytestmark = pytest.mark.django_db

DECEMBER = {"start": date(2026, 12, 1), "end": date(2026, 12, 31)}
# Thursday and Friday slots: 24 December (Thu) and 25 December (Fri) fall on them.
THU_FRI = ((3, time(9, 0)), (4, time(9, 0)))


@pytest.fixture
def christmas(db):
    Holiday.objects.create(
        date=date(2026, 12, 24), name="Cuti bersama Natal", kind=HolidayKind.CUTI_BERSAMA
    )
    Holiday.objects.create(date=date(2026, 12, 25), name="Hari Raya Natal")
    Holiday.objects.create(date=date(2026, 12, 22), name="Libur lokal (Selasa)", kind="lokal")


def test_schedule_skips_the_calendars_holidays(christmas):
    plan = f.plan(slots=THU_FRI, **DECEMBER)
    days = [p.date for p in services.revision_schedule(plan.latest_revision)]
    assert date(2026, 12, 24) not in days and date(2026, 12, 25) not in days
    assert date(2026, 12, 31) in days and len(days) == 7


def test_skipped_holidays_are_only_those_on_a_slot_day(christmas):
    plan = f.plan(slots=THU_FRI, **DECEMBER)
    assert services.skipped_holidays(plan.latest_revision) == [
        (date(2026, 12, 24), "Cuti bersama Natal"),
        (date(2026, 12, 25), "Hari Raya Natal"),
    ]  # 22 December is a Tuesday: no slot, nothing skipped


@time_machine.travel("2026-11-20 08:00 +0700", tick=False)
def test_approving_creates_no_session_on_a_holiday(christmas, petugas, kepala):
    program = f.program(by=petugas)
    plan = services.create_work_plan(
        program=program,
        by=petugas,
        title="Rencana kerja Desember",
        period_start=date(2026, 12, 1),
        period_end=date(2026, 12, 31),
        objectives="Latihan akhir tahun.",
        slots=[SlotSpec(4, time(9, 0))],
    )
    services.submit_work_plan(plan=plan, by=petugas)
    services.approve_work_plan(plan=plan, by=kepala)
    assert sorted(plan.sessions.values_list("date", flat=True)) == [
        date(2026, 12, 4),
        date(2026, 12, 11),
        date(2026, 12, 18),
    ]


def test_plan_detail_lists_the_skipped_dates(christmas, petugas_client):
    plan = f.plan(slots=THU_FRI, **DECEMBER)
    page = petugas_client.get(reverse("pembinaan:plan_detail", args=[plan.pk])).content.decode()
    assert "Sesi yang direncanakan (7)" in page
    assert "Dilewati karena hari libur (2)" in page
    assert "Jum, 25 Des 2026: Hari Raya Natal" in page


def test_inbox_and_print_list_the_skipped_dates(christmas, kepala_client):
    plan = f.plan(slots=THU_FRI, status=WorkPlanStatus.SUBMITTED, **DECEMBER)
    inbox = kepala_client.get(reverse("pembinaan:plan_inbox")).content.decode()
    assert "Dilewati karena hari libur (2)" in inbox
    printed = kepala_client.get(reverse("pembinaan:plan_print", args=[plan.pk])).content.decode()
    assert "25 Desember 2026 (Hari Raya Natal)" in printed


def test_inbox_loads_holidays_once_for_the_page(
    christmas, kepala_client, django_assert_max_num_queries
):
    for _ in range(2):
        f.plan(slots=THU_FRI, status=WorkPlanStatus.SUBMITTED, **DECEMBER)
    with django_assert_max_num_queries(30) as two:
        kepala_client.get(reverse("pembinaan:plan_inbox"))
    for _ in range(3):
        f.plan(slots=THU_FRI, status=WorkPlanStatus.SUBMITTED, **DECEMBER)
    with django_assert_max_num_queries(len(two.captured_queries)):
        kepala_client.get(reverse("pembinaan:plan_inbox"))
