"""Daily attendance summary: per session of a day and in total."""

from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When

from absensi.models import Attendance, AttendanceStatus
from pembinaan.models import Allocation, Session, SessionStatus
from rutan.reports.common import count_subquery, sum_annotations


def daily_attendance_rows(day: date):
    """The day's sessions with participants, attendance by status and what is not recorded."""
    participants = Allocation.objects.filter(
        program=OuterRef("program"), start_date__lte=day
    ).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
    unrecorded = participants.exclude(
        Exists(
            Attendance.objects.filter(session=OuterRef(OuterRef("pk")), inmate=OuterRef("inmate"))
        )
    )
    status_counts = {
        f"n_{status.value}": Count("attendances", filter=Q(attendances__status=status))
        for status in AttendanceStatus
    }
    return (
        Session.objects.filter(date=day)
        .select_related("program", "program__art_form", "venue")
        .annotate(
            participants=count_subquery(participants),
            recorded=Count("attendances"),
            not_recorded=Case(
                When(status=SessionStatus.CANCELLED, then=Value(0)),
                default=count_subquery(unrecorded),
                output_field=IntegerField(),
            ),
            **status_counts,
        )
        .order_by("planned_start", "program__name", "id")
    )


DAILY_FIGURES = (
    "participants",
    "recorded",
    "not_recorded",
    *(f"n_{status.value}" for status in AttendanceStatus),
)


def daily_attendance(day: date) -> dict:
    """The daily attendance summary (two queries): per session and in total."""
    rows = daily_attendance_rows(day)
    totals = sum_annotations(rows, DAILY_FIGURES, sessions=Count("id"))
    return {
        "day": day,
        "rows": list(rows),
        "totals": totals,
        "statuses": list(AttendanceStatus),
    }
