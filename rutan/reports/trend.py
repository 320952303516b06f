"""Sessions and attendance over the last months (the dashboard's trend chart)."""

from django.db.models import Sum

from absensi.models import SessionAttendanceCount
from pembinaan.models import Session, SessionStatus
from rutan.months import Month
from rutan.reports.common import percent, session_counts


def monthly_trend(month: Month, n: int = 12) -> dict:
    """Sessions planned / held / cancelled, the on-time share and the attendance rate for the
    last `n` months (two queries).

    Both queries group per day in the database (at most ~365 rows) and the days are added up
    per month here: grouping by month in the database would call SQLite's Python
    date-truncation function once per row. Attendance comes from the per-session counts
    (`absensi.SessionAttendanceCount`, kept exact by every write path) of the held sessions,
    whatever the number of attendance records.
    """
    months = month.last_n(n)
    first, last = months[0].first, month.last
    by_month: dict[Month, dict] = {}
    for row in (
        Session.objects.filter(date__range=(first, last))
        .values("date")
        .annotate(**session_counts())
        .order_by()
    ):
        day = row.pop("date")
        totals = by_month.setdefault(Month.of(day), dict.fromkeys(row, 0))
        for key, value in row.items():
            totals[key] += value
    days = (
        SessionAttendanceCount.objects.filter(
            session__date__range=(first, last), session__status=SessionStatus.FINISHED
        )
        .values_list("session__date")
        .annotate(n_present=Sum("present"), n_recorded=Sum("present") + Sum("absent"))
        .order_by()
    )
    rates = {m: [0, 0] for m in months}
    for day, present, recorded in days:
        totals = rates[Month.of(day)]
        totals[0] += present
        totals[1] += recorded
    empty = dict.fromkeys(session_counts(), 0)
    series = [by_month.get(m, empty) for m in months]
    return {
        "labels": [m.short_label for m in months],
        "months": months,
        "planned": [row["planned"] for row in series],
        "held": [row["held"] for row in series],
        "cancelled": [row["cancelled"] for row in series],
        "on_time_percent": [percent(row["on_time"], row["held"]) for row in series],
        "attendance_percent": [percent(*rates[m]) for m in months],
    }
