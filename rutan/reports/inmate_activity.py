"""An inmate's activity history (programs, attendance per month, results): the inmate's page."""

from datetime import date

from django.db.models import Count, OuterRef, Q, Value
from django.db.models.functions import Coalesce, TruncMonth

from absensi.models import Attendance
from pembinaan.models import Allocation, Inmate, ParticipantResult, Session, SessionStatus
from rutan.months import Month
from rutan.reports.common import ABSENCES, PRESENT, count_subquery


def inmate_activity(inmate: Inmate, *, result_limit: int = 50, months: int = 12) -> dict:
    """The context of `templates/rutan/laporan/_inmate_activity.html` (three queries).

    Programs the inmate was allocated to (sessions held while allocated, sessions attended,
    results recorded), attendance per month over the last `months` months, and the latest
    participant results.
    """
    held_while_allocated = Session.objects.filter(
        program=OuterRef("program"),
        status=SessionStatus.FINISHED,
        date__gte=OuterRef("start_date"),
        date__lt=Coalesce(OuterRef("end_date"), Value(date.max)),
    )
    attended = Attendance.objects.filter(
        inmate=OuterRef("inmate"), session__program=OuterRef("program"), status__in=PRESENT
    )
    allocations = (
        Allocation.objects.filter(inmate=inmate)
        .select_related("program", "program__art_form")
        .annotate(
            sessions_held=count_subquery(held_while_allocated),
            sessions_attended=count_subquery(attended),
            results_recorded=count_subquery(
                ParticipantResult.objects.filter(
                    inmate=OuterRef("inmate"), session__program=OuterRef("program")
                )
            ),
        )
        .order_by("-start_date", "-id")
    )
    period = Month.current().last_n(months)
    by_month = {
        Month.of(row["period"]): row
        for row in Attendance.objects.filter(
            inmate=inmate,
            session__date__gte=period[0].first,
            session__status=SessionStatus.FINISHED,
        )
        .annotate(period=TruncMonth("session__date"))
        .values("period")
        .annotate(
            present=Count("id", filter=Q(status__in=PRESENT)),
            absent=Count("id", filter=Q(status__in=ABSENCES)),
        )
        .order_by()
    }
    empty = {"present": 0, "absent": 0}
    results = list(
        ParticipantResult.objects.filter(inmate=inmate)
        .select_related("session", "session__program")
        .order_by("-session__date", "-id")[: result_limit + 1]
    )
    return {
        "inmate": inmate,
        "activity_allocations": list(allocations),
        "activity_months": [(m, by_month.get(m, empty)) for m in reversed(period)],
        "activity_results": results[:result_limit],
        "activity_results_more": len(results) > result_limit,
    }
