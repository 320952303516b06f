"""Every date a person types or sends is bounded to rutan's date window (rutan/dates.py)."""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pembinaan import services
from pembinaan.forms import AllocateForm, WorkPlanForm, parse_skip_dates
from pengaduan.forms import IntakeForm
from rutan.dates import BoundedDateField, check_date, query_date, window
from tests.pembinaan import planning_factories as f

TODAY = date(2026, 3, 2)
EXTREMES = ["0001-01-01", "1900-01-01", "9999-12-31", "2226-06-30"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield


def test_window_runs_from_2000_to_five_years_ahead():
    assert window() == (date(2000, 1, 1), date(2031, 12, 31))
    check_date(date(2000, 1, 1))
    check_date(date(2031, 12, 31))
    with pytest.raises(ValidationError, match="Tanggal harus antara 01-01-2000 dan 31-12-2031"):
        check_date(date(1999, 12, 31))
    with pytest.raises(ValidationError, match="Periode mulai harus antara"):
        check_date(date(2032, 1, 1), "Periode mulai")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("02-03-2026", date(2026, 3, 2)),
        ("0001-01-01", None),
        ("9999-12-31", None),
        ("2026-02-30", None),
        ("kemarin", None),
        ("", None),
        (None, None),
    ],
)
def test_query_date(raw, expected):
    assert query_date(raw) == expected


def test_bounded_field_says_why_and_hints_the_browser():
    field = BoundedDateField(label="Tanggal")
    with pytest.raises(ValidationError, match="harus antara 01-01-2000"):
        field.clean("9999-12-31")
    assert field.clean("2026-03-02") == date(2026, 3, 2)
    assert field.widget.attrs["min"] == "2000-01-01"


@pytest.mark.parametrize("day", EXTREMES)
@pytest.mark.parametrize("view", ["", "minggu"])
def test_session_list_survives_any_date(petugas_client, day, view):
    response = petugas_client.get(
        reverse("pembinaan:session_list"), {"tanggal": day, "tampilan": view}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("day", [*EXTREMES, "2026-02-30"])
def test_attendance_list_survives_any_date(petugas_client, day):
    response = petugas_client.get(reverse("absensi:session_list"), {"tanggal": day})
    assert response.status_code == 200


@pytest.mark.parametrize("day", EXTREMES)
def test_daily_attendance_report_survives_any_date(kepala_client, day):
    assert (
        kepala_client.get(reverse("report_daily_attendance"), {"tanggal": day}).status_code == 200
    )


@pytest.mark.parametrize("day", EXTREMES)
def test_register_export_survives_any_date(admin_client_, day):
    response = admin_client_.get(reverse("pembinaan:inmate_export"), {"tanggal": day})
    assert response.status_code == 200


@pytest.mark.django_db
def test_participant_cannot_start_in_9999(petugas):
    form = AllocateForm({"inmates": [f.inmate().pk], "start_date": "9999-12-31"})
    assert not form.is_valid() and "harus antara" in form.errors["start_date"][0]
    program = f.program(by=petugas)
    with pytest.raises(ValidationError, match="Tanggal mulai harus antara"):
        services.allocate_inmates(
            program=program, inmates=[f.inmate()], by=petugas, start_date=date(9999, 12, 31)
        )


@pytest.mark.django_db
def test_intake_cannot_be_received_in_year_1(db):
    form = IntakeForm({"received_at": "0001-01-01T00:00"})
    form.is_valid()
    assert "harus antara 01-01-2000" in form.errors["received_at"][0]


def test_skip_dates_are_bounded():
    with pytest.raises(ValidationError, match="Baris 1: tanggal harus antara"):
        parse_skip_dates("31-12-9999 Akhir zaman")


@pytest.mark.django_db
def test_plan_form_refuses_an_end_in_9999():
    form = WorkPlanForm(
        {"title": "RK", "period_start": "2026-03-02", "period_end": "9999-12-31", "objectives": "x"}
    )
    assert not form.is_valid() and "harus antara" in form.errors["period_end"][0]


def _create(petugas, end: date, slots=((0, time(9, 0)),), **extra):
    return services.create_work_plan(
        program=f.program(by=petugas),
        by=petugas,
        title="RK panjang",
        period_start=TODAY,
        period_end=end,
        objectives="Latihan.",
        slots=[services.SlotSpec(day, at) for day, at in slots],
        **extra,
    )


@pytest.mark.django_db
def test_plan_over_a_year_needs_confirmation(petugas):
    with pytest.raises(ValidationError, match="lebih dari 366 hari"):
        _create(petugas, date(2027, 12, 31))
    plan = _create(petugas, date(2027, 12, 31), confirm_large=True)
    assert plan.latest_revision.period_end == date(2027, 12, 31)


@pytest.mark.django_db
def test_plan_with_hundreds_of_sessions_needs_confirmation(petugas, settings):
    settings.WORK_PLAN_MAX_SESSIONS = 100
    daily = [(d, time(9, 0)) for d in range(7)]
    with pytest.raises(ValidationError, match="menghasilkan 210 sesi, lebih dari 100"):
        _create(petugas, date(2026, 9, 27), slots=daily)
    assert _create(petugas, date(2026, 9, 27), slots=daily, confirm_large=True)


@pytest.mark.django_db
def test_plan_ending_in_2226_is_refused_even_when_confirmed(petugas):
    with pytest.raises(ValidationError, match="Periode selesai harus antara"):
        _create(petugas, date(2226, 3, 1), confirm_large=True)


def test_plan_already_stored_with_a_far_end_cannot_be_approved(petugas, kepala):
    plan = f.plan(by=petugas, status="diajukan", end=date(2226, 3, 1))
    with pytest.raises(ValidationError, match="Periode selesai harus antara"):
        services.approve_work_plan(plan=plan, by=kepala)
    assert not plan.sessions.exists()
