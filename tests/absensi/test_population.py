"""The population served that absensi gives the satisfaction survey (SKM): distinct inmates
present at least once in the period (AbsensiConfig.survey_population)."""

from datetime import date, time

from django.apps import apps
from django.utils import timezone

from absensi.models import Attendance, AttendanceStatus
from absensi.population import inmates_served
from pengaduan.survey_report import Semester, population_served
from tests.pembinaan import planning_factories as pf


def _mark(session, inmate, status):
    Attendance.objects.create(
        session=session,
        inmate=inmate,
        status=status,
        recorded_at=timezone.now(),
        recorded_by=session.program.created_by,
    )


def test_distinct_inmates_present_in_the_period(db):
    march = pf.session(day=date(2026, 3, 2), at=time(9, 0))
    april = pf.session(plan_=march.plan, day=date(2026, 4, 6), at=time(9, 0))
    august = pf.session(plan_=march.plan, day=date(2026, 8, 3), at=time(9, 0))
    a, b, c = pf.inmate(), pf.inmate(), pf.inmate()
    _mark(march, a, AttendanceStatus.PRESENT)
    _mark(april, a, AttendanceStatus.PRESENT)  # the same inmate counts once
    _mark(march, b, AttendanceStatus.SICK)  # not served
    _mark(august, c, AttendanceStatus.PRESENT)  # another semester

    assert inmates_served(date(2026, 1, 1), date(2026, 6, 30)) == 1
    assert inmates_served(date(2026, 7, 1), date(2026, 12, 31)) == 1
    assert population_served(Semester(2026, 1)) == 1


def test_absensi_declares_the_hook():
    config = apps.get_app_config("absensi")
    assert config.survey_population == "absensi.population.inmates_served"
