"""Monthly program report (the Kanwil's shape): per program and in total."""

from django.db.models import Count, Exists, F, OuterRef, Q

from absensi.models import Attendance
from pembinaan.models import InstructorType, Program, Session, SessionStatus
from rutan.months import Month
from rutan.reports.common import (
    PRESENT,
    SESSION_FIGURES,
    allocations_during,
    attendance_figures,
    count_distinct_subquery,
    held_counts,
    session_counts,
    sum_subquery,
    with_rates,
)


def programs_of_month(month: Month):
    """Programs with sessions or participants in the month."""
    first, last = month.first, month.last
    sessions_in_month = Session.objects.filter(program=OuterRef("pk"), date__range=(first, last))
    allocated = allocations_during(first, last).filter(program=OuterRef("pk"))
    return Program.objects.filter(Q(Exists(sessions_in_month)) | Q(Exists(allocated)))


ROW_COLUMNS = (
    "name",
    "instructor_type",
    "art_form__name",
    "instructor_user__username",
    "instructor_user__first_name",
    "instructor_user__last_name",
    "instructor_inmate__name",
    "instructor_inmate__registration_number",
    "instructor_partner__person_name",
    "instructor_partner__organisation",
)


def monthly_program_rows(month: Month):
    """Per program with sessions or participants in the month: participants and attendance
    (one query; the session counts come from `month_session_counts`).

    Participants and attendance are correlated subqueries, so that neither multiplies the
    other; there is no join and no GROUP BY, so each runs once per program (joined with the
    month's sessions, they ran once per session). Present and recorded are sums of the
    per-session counts (`held_counts`); only the distinct attendees read the records, from
    the index on (session, status, inmate) alone.
    """
    first, last = month.first, month.last
    allocated = allocations_during(first, last).filter(program=OuterRef("pk"))
    counts = held_counts(first, last).filter(session__program=OuterRef("pk"))
    present = Attendance.objects.filter(
        session__program=OuterRef("pk"),
        session__date__range=(first, last),
        session__status=SessionStatus.FINISHED,
        status__in=PRESENT,
    )
    return (
        programs_of_month(month)
        # What a row shows of its program (name, art form, instructor): 300 rows of five
        # whole models (an inmate row has forty columns) were a third of the report's time.
        .select_related("art_form", "instructor_user", "instructor_inmate", "instructor_partner")
        .only(*ROW_COLUMNS)
        .annotate(
            participants=count_distinct_subquery(allocated, "inmate"),
            present=sum_subquery(counts, F("present")),
            recorded=sum_subquery(counts, F("present") + F("absent")),
            attendees=count_distinct_subquery(present, "inmate"),
        )
        .order_by("name", "id")
    )


def month_session_counts(month: Month) -> dict[int, dict]:
    """The month's session counts (`session_counts`) per program id (one query)."""
    rows = (
        Session.objects.filter(date__range=(month.first, month.last))
        .values("program")
        .annotate(**session_counts())
        .order_by()
    )
    return {row.pop("program"): row for row in rows}


def monthly_program_totals(month: Month) -> dict:
    """The month's totals over every program (five queries)."""
    first, last = month.first, month.last
    totals = Session.objects.filter(date__range=(first, last)).aggregate(**session_counts())
    totals.update(attendance_figures(first, last))
    totals["participants"] = allocations_during(first, last).aggregate(
        n=Count("inmate", distinct=True)
    )["n"]
    by_type = dict.fromkeys(InstructorType.values, (0, 0))
    rows = (
        programs_of_month(month)
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


ROW_FIGURES = ("participants", "present", "recorded", "attendees")


def monthly_program_report(month: Month) -> dict:
    """Everything the monthly program report shows (eight queries)."""
    counts = month_session_counts(month)
    no_sessions = dict.fromkeys(SESSION_FIGURES, 0)
    return {
        "month": month,
        "rows": [
            with_rates(
                {
                    "program": p,
                    **{k: getattr(p, k) for k in ROW_FIGURES},
                    **counts.get(p.pk, no_sessions),
                }
            )
            for p in monthly_program_rows(month)
        ],
        "totals": monthly_program_totals(month),
        "cancelled": list(cancelled_sessions(month)),
    }
