"""Monthly program report (the Kanwil's shape): per program and in total."""

from datetime import date

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q

from absensi.models import Attendance
from pembinaan.models import InstructorType, Program, Session, SessionStatus
from rutan.months import Month
from rutan.reports.common import (
    ABSENCES,
    PRESENT,
    SESSION_FIGURES,
    allocations_during,
    attendance_figures,
    count_distinct_subquery,
    count_subquery,
    session_counts,
    with_rates,
)


def _month_sessions(first: date, last: date) -> FilteredRelation:
    """A program's sessions of [first, last], joined with the period in the ON clause."""
    return FilteredRelation("sessions", condition=Q(sessions__date__range=(first, last)))


def monthly_program_rows(month: Month):
    """Per program with sessions or participants in the month: its figures (one query).

    Session counts come from one join restricted to the month; participants and attendance
    from correlated subqueries, so that neither multiplies the other.
    """
    first, last = month.first, month.last
    sessions_in_month = Session.objects.filter(program=OuterRef("pk"), date__range=(first, last))
    allocated = allocations_during(first, last).filter(program=OuterRef("pk"))
    records = Attendance.objects.filter(
        session__program=OuterRef("pk"),
        session__date__range=(first, last),
        session__status=SessionStatus.FINISHED,
    )
    return (
        Program.objects.with_related()
        .filter(Q(Exists(sessions_in_month)) | Q(Exists(allocated)))
        .annotate(
            month_sessions=_month_sessions(first, last),
            participants=count_distinct_subquery(allocated, "inmate"),
            present=count_subquery(records.filter(status=PRESENT)),
            recorded=count_subquery(records.filter(status__in=[PRESENT, *ABSENCES])),
            attendees=count_distinct_subquery(records.filter(status=PRESENT), "inmate"),
            **session_counts("month_sessions__"),
        )
        .order_by("name", "id")
    )


def monthly_program_totals(month: Month) -> dict:
    """The month's totals over every program (four queries)."""
    first, last = month.first, month.last
    totals = Session.objects.filter(date__range=(first, last)).aggregate(**session_counts())
    totals.update(attendance_figures(first, last))
    totals["participants"] = allocations_during(first, last).aggregate(
        n=Count("inmate", distinct=True)
    )["n"]
    by_type = dict.fromkeys(InstructorType.values, (0, 0))
    rows = (
        monthly_program_rows(month)
        .values("instructor_type")
        .annotate(
            programs=Count("id", distinct=True),
            instructors=Count("instructor_user", distinct=True)
            + Count("instructor_inmate", distinct=True)
            + Count("instructor_partner", distinct=True),
        )
        .values_list("instructor_type", "programs", "instructors")
        .order_by()
    )
    by_type.update({kind: (programs, people) for kind, programs, people in rows})
    totals["instructors"] = [(label, *by_type[value]) for value, label in InstructorType.choices]
    return with_rates(totals)


def cancelled_sessions(month: Month):
    return (
        Session.objects.filter(
            date__range=(month.first, month.last), status=SessionStatus.CANCELLED
        )
        .select_related("program")
        .order_by("date", "planned_start", "id")
    )


ROW_FIGURES = ("participants", "present", "recorded", "attendees", *SESSION_FIGURES)


def monthly_program_report(month: Month) -> dict:
    """Everything the monthly program report shows (six queries)."""
    return {
        "month": month,
        "rows": [
            with_rates({"program": p, **{k: getattr(p, k) for k in ROW_FIGURES}})
            for p in monthly_program_rows(month)
        ],
        "totals": monthly_program_totals(month),
        "cancelled": list(cancelled_sessions(month)),
    }
