"""Building blocks of the reports: the definitions' shared pieces as querysets and aggregates.

See the package's docstring (rutan/reports/__init__.py) for what each figure means.
"""

from datetime import date

from django.db.models import Count, F, Func, IntegerField, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from absensi.models import (
    ABSENT_REASONS,
    ATTENDED_STATUSES,
    Attendance,
    AttendanceStatus,
    SessionAttendanceCount,
)
from pembinaan.models import Allocation, CancelReason, Session, SessionStatus

NO_CLASS_LABEL = "Data pidana belum lengkap"

# Took part: Hadir, or Terlambat (arrived late); for `status__in=`.
PRESENT = list(ATTENDED_STATUSES)
# Absent with a reason; "Sesi dibatalkan" is not an absence of the inmate.
ABSENCES = list(ABSENT_REASONS)
# One-letter codes of the attendance recap matrix.
STATUS_CODES = {
    AttendanceStatus.PRESENT: "H",
    AttendanceStatus.LATE: "T",
    AttendanceStatus.BON: "D",
    AttendanceStatus.SICK: "S",
    AttendanceStatus.EXCUSED: "I",
    AttendanceStatus.REFUSED: "M",
    AttendanceStatus.CLASH: "B",
    AttendanceStatus.CANCELLED: "X",
    AttendanceStatus.OTHER: "L",
}


def percent(part: int | None, whole: int | None) -> float | None:
    """part/whole in percent with one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


def allocations_during(first: date, last: date):
    """Allocations running on at least one day of [first, last] (end date is exclusive)."""
    return Allocation.objects.filter(start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=first)
    )


def held_sessions(first: date, last: date):
    """Ids of the sessions held in [first, last], for `session__in=` (a subquery)."""
    return Session.objects.filter(date__range=(first, last), status=SessionStatus.FINISHED).values(
        "pk"
    )


def held_counts(first: date, last: date):
    """The per-session attendance counts (`absensi.SessionAttendanceCount`) of the sessions
    held in [first, last]: sums of present and absent without reading the records."""
    return SessionAttendanceCount.objects.filter(
        session__date__range=(first, last), session__status=SessionStatus.FINISHED
    )


def count_subquery(queryset) -> Coalesce:
    """COUNT(*) of a correlated queryset, as an annotation (0 when empty)."""
    inner = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


def sum_subquery(queryset, expression) -> Coalesce:
    """SUM(expression) of a correlated queryset, as an annotation (0 when empty)."""
    inner = queryset.order_by().annotate(n=Func(expression, function="SUM")).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


def count_distinct_subquery(queryset, field: str) -> Coalesce:
    """COUNT(DISTINCT field) of a correlated queryset, as an annotation (0 when empty)."""
    inner = (
        queryset.order_by()
        .annotate(
            n=Func(F(field), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
        )
        .values("n")
    )
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


def sum_annotations(queryset, names, **extra) -> dict:
    """One query summing the annotations `names` of `queryset` (plus `extra` aggregates).

    The aggregates get their own aliases: an aggregate named like the annotation it sums makes
    Django drop that annotation from the inner query (and sum a constant).
    """
    totals = queryset.aggregate(**{f"total_{name}": Sum(name) for name in names}, **extra)
    return {key.removeprefix("total_"): value or 0 for key, value in totals.items()}


def session_counts(prefix: str = "") -> dict:
    """Aggregates over sessions by state: held, cancelled (also per reason), pending, on time
    (and held sessions per time flag: started off time, overran, too short).

    `prefix` reaches the sessions from the queried model (e.g. "month_sessions__").
    """

    def n(**conditions) -> Count:
        condition = Q(**{f"{prefix}{key}": value for key, value in conditions.items()})
        return Count(f"{prefix}id", filter=condition, distinct=bool(prefix))

    counts = {
        "planned": Count(f"{prefix}id", distinct=bool(prefix)),
        "held": n(status=SessionStatus.FINISHED),
        "cancelled": n(status=SessionStatus.CANCELLED),
        "pending": n(status__in=[SessionStatus.SCHEDULED, SessionStatus.RUNNING]),
        # Kept to the slot: held with none of the three time flags (docs/laporan.md).
        "on_time": n(
            status=SessionStatus.FINISHED, overran=False, start_off_time=False, too_short=False
        ),
        "start_off_time": n(status=SessionStatus.FINISHED, start_off_time=True),
        "overran": n(status=SessionStatus.FINISHED, overran=True),
        "too_short": n(status=SessionStatus.FINISHED, too_short=True),
    }
    for reason in CancelReason:
        counts[f"cancel_{reason.value}"] = n(status=SessionStatus.CANCELLED, cancel_reason=reason)
    return counts


SESSION_FIGURES = tuple(session_counts())


def attendance_figures(first: date, last: date) -> dict:
    """Attendance of the sessions held in [first, last]: present, recorded (present or absent
    with a reason), absences by reason, and distinct inmates present (`attendees`). Two
    queries: the sums from the per-session counts; only the distinct attendees read records,
    those of the present statuses, from the covering index on (session, status, inmate)."""
    # Aliased "n_…": an aggregate may not take the name of the field it sums.
    reasons = {f"n_absent_{status.value}": Sum(f"absent_{status.value}") for status in ABSENCES}
    sums = held_counts(first, last).aggregate(
        n_present=Sum("present"), n_recorded=Sum(F("present") + F("absent")), **reasons
    )
    figures = {name.removeprefix("n_"): value or 0 for name, value in sums.items()}
    records = Attendance.objects.filter(session__in=held_sessions(first, last))
    figures |= records.filter(status__in=PRESENT).aggregate(
        attendees=Count("inmate", distinct=True)
    )
    return figures


def with_rates(figures: dict) -> dict:
    """Add the shares and the labelled breakdowns to a dict of counts."""
    figures["on_time_percent"] = percent(figures.get("on_time"), figures.get("held"))
    figures["held_percent"] = percent(figures.get("held"), figures.get("planned"))
    figures["attendance_percent"] = percent(figures.get("present"), figures.get("recorded"))
    figures["cancel_reasons"] = [
        (label, figures.get(f"cancel_{value}", 0)) for value, label in CancelReason.choices
    ]
    figures["absence_reasons"] = [
        (status.label, figures.get(f"absent_{status.value}", 0)) for status in ABSENCES
    ]
    return figures
