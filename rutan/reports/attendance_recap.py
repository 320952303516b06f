"""Attendance recap: one program, one month, inmates × sessions."""

from django.db.models import Count, FilteredRelation, Max, Q

from absensi.models import Attendance, AttendanceStatus
from pembinaan.models import Inmate, Program, Session, SessionStatus
from rutan.months import Month
from rutan.reports.common import ABSENCES, PRESENT, STATUS_CODES, allocations_during


def attendance_recap(program: Program, month: Month) -> dict:
    """The program's inmates × sessions matrix of the month, pivoted by the database.

    Rows: inmates allocated during the month or with a record in its sessions. One column per
    session (its status code, blank when not recorded), with per-inmate and per-session
    totals. Three queries.
    """
    first, last = month.first, month.last
    sessions = list(
        Session.objects.filter(program=program, date__range=(first, last))
        .annotate(
            present=Count("attendances", filter=Q(attendances__status__in=PRESENT)),
            absent=Count("attendances", filter=Q(attendances__status__in=ABSENCES)),
        )
        .order_by("planned_start", "id")
    )
    ids = [s.pk for s in sessions]
    # Non-correlated id lists: the database reads the program's few inmates by primary key
    # instead of testing every inmate of the register.
    allocated = allocations_during(first, last).filter(program=program).values("inmate_id")
    recorded = Attendance.objects.filter(session__in=ids).values("inmate_id")
    cells = {f"cell_{pk}": Max("recap__status", filter=Q(recap__session_id=pk)) for pk in ids}
    inmates = (
        Inmate.objects.filter(Q(pk__in=allocated) | Q(pk__in=recorded))
        .annotate(
            recap=FilteredRelation("attendances", condition=Q(attendances__session__in=ids)),
            present=Count("recap", filter=Q(recap__status__in=PRESENT)),
            absent=Count("recap", filter=Q(recap__status__in=ABSENCES)),
            **cells,
        )
        .order_by("block", "cell", "name", "id")
    )
    rows = [
        (inmate, [STATUS_CODES.get(getattr(inmate, f"cell_{pk}"), "") for pk in ids])
        for inmate in inmates
    ]
    totals = Attendance.objects.filter(session__in=ids).aggregate(
        present=Count("id", filter=Q(status__in=PRESENT)),
        absent=Count("id", filter=Q(status__in=ABSENCES)),
        attendees=Count("inmate", filter=Q(status__in=PRESENT), distinct=True),
    )
    held = [s for s in sessions if s.status == SessionStatus.FINISHED]
    return {
        "program": program,
        "month": month,
        "sessions": sessions,
        "rows": rows,
        "totals": {**totals, "held": len(held), "sessions": len(sessions)},
        "legend": [(STATUS_CODES[s], s.label) for s in AttendanceStatus],
    }
