"""Per-inmate monthly participation in arts activities (SPPN), by block and class."""

from datetime import date

from django.conf import settings
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from absensi.models import Attendance
from pembinaan.models import Inmate, InmateClass
from rutan.months import Month
from rutan.reports.common import (
    ABSENCES,
    NO_CLASS_LABEL,
    PRESENT,
    allocations_during,
    count_distinct_subquery,
    count_subquery,
    held_sessions,
)


def participation_inmates(
    month: Month, *, block: str = "", klass: str = "", on: date | None = None
):
    """Inmates allocated during the month or recorded at one of its held sessions, filtered
    by block and by class (the class on `on`, default the month's last day or today)."""
    first, last = month.first, month.last
    on = on or min(last, timezone.localdate())
    allocated = allocations_during(first, last).filter(inmate=OuterRef("pk"))
    records = Attendance.objects.filter(
        inmate=OuterRef("pk"), session__in=held_sessions(first, last)
    )
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
    records = Attendance.objects.filter(
        inmate=OuterRef("pk"), session__in=held_sessions(first, last)
    )
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
    (three queries; the figures come straight from the month's records)."""
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
    totals = records.aggregate(
        present=Count("id", filter=Q(status__in=PRESENT)),
        absent=Count("id", filter=Q(status__in=ABSENCES)),
    )
    totals["inmates"] = inmates.count()
    totals["reaching_target"] = (
        records.values("inmate")
        .annotate(n=Count("id", filter=Q(status__in=PRESENT)))
        .filter(n__gte=target)
        .count()
    )
    return totals | {"target": target}
