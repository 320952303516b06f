"""Per-inmate monthly participation in arts activities (SPPN), by block and class."""

from datetime import date

from django.conf import settings
from django.db.models import Case, Count, Exists, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from absensi.models import Attendance
from pembinaan.models import Inmate, InmateClass, SessionStatus
from rutan.months import Month
from rutan.reports.common import (
    ABSENCES,
    NO_CLASS_LABEL,
    PRESENT,
    allocations_during,
    count_distinct_subquery,
    count_subquery,
    held_counts,
    held_sessions,
)


def held_records(first: date, last: date):
    """Attendance records of the sessions held in [first, last], joined to their session: per
    inmate (a correlated subquery) this reads the inmate's few records, where `session__in=
    held_sessions()` would look up each of the month's sessions."""
    return Attendance.objects.filter(
        session__date__range=(first, last), session__status=SessionStatus.FINISHED
    )


def participation_inmates(
    month: Month, *, block: str = "", klass: str = "", on: date | None = None
):
    """Inmates allocated during the month or recorded at one of its held sessions, filtered
    by block and by class (the class on `on`, default the month's last day or today)."""
    first, last = month.first, month.last
    on = on or min(last, timezone.localdate())
    allocated = allocations_during(first, last).filter(inmate=OuterRef("pk"))
    records = held_records(first, last).filter(inmate=OuterRef("pk"))
    inmates = Inmate.objects.with_class(on)
    if block:
        inmates = inmates.filter(block=block)
    if klass:
        inmates = inmates.filter(klass=klass)
    return inmates.filter(Q(Exists(allocated)) | Q(Exists(records)))


def participation_rows(month: Month, **filters):
    """Per inmate (see `participation_inmates`): programs joined, sessions attended and
    missed (one query; the subqueries run only for the rows fetched, e.g. one page)."""
    first, last = month.first, month.last
    allocated = allocations_during(first, last).filter(inmate=OuterRef("pk"))
    records = held_records(first, last).filter(inmate=OuterRef("pk"))
    return (
        participation_inmates(month, **filters)
        .annotate(
            klass_label=Case(
                *(When(klass=value, then=Value(label)) for value, label in InmateClass.choices),
                default=Value(NO_CLASS_LABEL),
            ),
            programs=count_distinct_subquery(allocated, "program"),
            present=count_subquery(records.filter(status__in=PRESENT)),
            absent=count_subquery(records.filter(status__in=ABSENCES)),
        )
        .order_by("block", "cell", "name", "id")
    )


def participation_totals(
    month: Month, *, block: str = "", klass: str = "", on: date | None = None
) -> dict:
    """Inmates, sessions attended and missed, and inmates reaching the SPPN monthly target
    (three queries; unfiltered, attended and missed are sums of the per-session counts)."""
    target = settings.SPPN_ARTS_SESSIONS_PER_MONTH
    on = on or min(month.last, timezone.localdate())
    inmates = participation_inmates(month, block=block, klass=klass, on=on)
    # Every record of a held session of the month belongs to a listed inmate (that is how the
    # list is made), so only the block and class filters need applying to the records.
    records = Attendance.objects.filter(session__in=held_sessions(month.first, month.last))
    if block:
        records = records.filter(inmate__block=block)
    if klass:
        records = records.filter(
            inmate__in=Inmate.objects.with_class(on).filter(klass=klass).values("pk")
        )
    if block or klass:
        totals = records.aggregate(
            present=Count("id", filter=Q(status__in=PRESENT)),
            absent=Count("id", filter=Q(status__in=ABSENCES)),
        )
    else:
        sums = held_counts(month.first, month.last).aggregate(
            n_present=Sum("present"), n_absent=Sum("absent")
        )
        totals = {"present": sums["n_present"] or 0, "absent": sums["n_absent"] or 0}
    totals["inmates"] = inmates.count()
    if target > 0:  # an inmate with no attendance does not reach a positive target
        records = records.filter(status__in=PRESENT)
    totals["reaching_target"] = (
        records.values("inmate")
        .annotate(n=Count("id", filter=Q(status__in=PRESENT)))
        .filter(n__gte=target)
        .count()
    )
    return totals | {"target": target}
