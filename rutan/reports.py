"""The figures of the reports and dashboards, computed by the database.

Every function here runs a fixed number of queries whatever the number of rows (counted in
`tests/rutan/test_reports_*.py` and in `benchmarks/reports.py`): figures are aggregates
(`Count(..., filter=...)`, grouped `values().annotate()`, correlated subqueries), never Python
loops over rows. Python only arranges what the database returned (fills months without
sessions with zeros, lays out the cells of a matrix the database pivoted).

Definitions used by every report (README, "Laporan dan dasbor"):
- *direncanakan* (planned): every session of the period, whatever its state — sessions exist
  only from approved work plans; *terlaksana* (held): finished sessions; *dibatalkan*
  (cancelled); *belum terlaksana*: scheduled or still running.
- *sesuai waktu layanan* (kept to the slot): a finished session that did not overrun its slot
  (`Session.overran`, set when it was finished), as a share of the sessions held.
- *peserta* (participants) of a month: distinct inmates with an allocation to the program
  running on at least one day of the month.
- *tingkat kehadiran* (attendance rate): "Hadir" records as a share of the attendance records
  of the sessions held (records of a cancelled session, "Sesi dibatalkan", never count).
- *belum dicatat* (not yet recorded): participants of a session (allocation running on its
  date) without an attendance record for it.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from absensi.models import Attendance, AttendanceStatus
from pembinaan.models import (
    Allocation,
    CancelReason,
    Inmate,
    InmateClass,
    InstructorType,
    ParticipantResult,
    Program,
    Session,
    SessionStatus,
)
from rutan.charts import Dataset, bar_chart, doughnut_chart

MONTH_NAMES = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
MONTH_ABBREVIATIONS = [name[:3] for name in MONTH_NAMES]
NO_CLASS_LABEL = "Data pidana belum lengkap"

PRESENT = AttendanceStatus.PRESENT
# Absent with a reason; "Sesi dibatalkan" is not an absence of the inmate.
ABSENCES = [s for s in AttendanceStatus if s not in (PRESENT, AttendanceStatus.CANCELLED)]
# One-letter codes of the attendance recap matrix.
STATUS_CODES = {
    AttendanceStatus.PRESENT: "H",
    AttendanceStatus.SICK: "S",
    AttendanceStatus.EXCUSED: "I",
    AttendanceStatus.REFUSED: "M",
    AttendanceStatus.CLASH: "B",
    AttendanceStatus.CANCELLED: "X",
    AttendanceStatus.OTHER: "L",
}


# --- Periods ---------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def current(cls) -> "Month":
        return cls.of(timezone.localdate())

    @classmethod
    def parse(cls, text: str) -> "Month | None":
        """`"2026-03"` (the value of an `<input type="month">`) → Month, else None."""
        try:
            year, month = (int(part) for part in (text or "").split("-"))
        except ValueError:
            return None
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            return None
        return cls(year, month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.shift(1).first - timedelta(days=1)

    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def short_label(self) -> str:
        return f"{MONTH_ABBREVIATIONS[self.month - 1]} {self.year % 100:02d}"

    def shift(self, months: int) -> "Month":
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def last_n(self, n: int) -> list["Month"]:
        """The `n` months ending with this one, oldest first."""
        return [self.shift(k) for k in range(1 - n, 1)]


def percent(part: int | None, whole: int | None) -> float | None:
    """part/whole in percent with one decimal; None when there is nothing to divide."""
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


# --- Building blocks -------------------------------------------------------------------------


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


def count_subquery(queryset) -> Coalesce:
    """COUNT(*) of a correlated queryset, as an annotation (0 when empty)."""
    inner = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
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
    """Aggregates over sessions by state: held, cancelled (also per reason), pending, on time.

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
        "on_time": n(status=SessionStatus.FINISHED, overran=False),
    }
    for reason in CancelReason:
        counts[f"cancel_{reason.value}"] = n(status=SessionStatus.CANCELLED, cancel_reason=reason)
    return counts


SESSION_FIGURES = tuple(session_counts())


def attendance_figures(first: date, last: date) -> dict:
    """Attendance of the sessions held in [first, last]: present, recorded (present or absent
    with a reason), distinct inmates present (`attendees`) and absences by reason (one query)."""
    counts = {
        "present": Count("id", filter=Q(status=PRESENT)),
        "recorded": Count("id", filter=Q(status__in=[PRESENT, *ABSENCES])),
        "attendees": Count("inmate", filter=Q(status=PRESENT), distinct=True),
    }
    for status in ABSENCES:
        counts[f"absent_{status.value}"] = Count("id", filter=Q(status=status))
    return Attendance.objects.filter(session__in=held_sessions(first, last)).aggregate(**counts)


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


def _month_sessions(first: date, last: date) -> FilteredRelation:
    """A program's sessions of [first, last], joined with the period in the ON clause."""
    return FilteredRelation("sessions", condition=Q(sessions__date__range=(first, last)))


# --- Monthly program report (the Kanwil's shape) ---------------------------------------------


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


# --- Daily attendance summary ----------------------------------------------------------------


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


# --- Attendance recap: one program, one month, inmates × sessions ----------------------------


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
            present=Count("attendances", filter=Q(attendances__status=PRESENT)),
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
            present=Count("recap", filter=Q(recap__status=PRESENT)),
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
        present=Count("id", filter=Q(status=PRESENT)),
        absent=Count("id", filter=Q(status__in=ABSENCES)),
        attendees=Count("inmate", filter=Q(status=PRESENT), distinct=True),
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


# --- Per-inmate monthly participation (SPPN) -------------------------------------------------


def inmate_records(first: date, last: date):
    """Attendance records of the outer inmate (`OuterRef("pk")`) at the sessions held in
    [first, last].

    The session is matched as `session_id + 0`: a bare `session_id IN (...)` lets SQLite probe
    the (inmate, session) index once per session of the month — some 1,250 probes per inmate
    at a regional office's scale — instead of reading the inmate's few dozen records.
    """
    return Attendance.objects.alias(held_session=F("session_id") + 0).filter(
        inmate=OuterRef("pk"), held_session__in=held_sessions(first, last)
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
            present=count_subquery(records.filter(status=PRESENT)),
            absent=count_subquery(records.filter(status__in=ABSENCES)),
        )
        .order_by("block", "cell", "name", "id")
    )


def participation_totals(
    month: Month, *, block: str = "", klass: str = "", on: date | None = None
) -> dict:
    """Inmates, sessions attended and missed, and inmates reaching the SPPN monthly target
    (three queries; the figures come straight from the month's records)."""
    from django.conf import settings

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
        present=Count("id", filter=Q(status=PRESENT)),
        absent=Count("id", filter=Q(status__in=ABSENCES)),
    )
    totals["inmates"] = inmates.count()
    totals["reaching_target"] = (
        records.values("inmate")
        .annotate(n=Count("id", filter=Q(status=PRESENT)))
        .filter(n__gte=target)
        .count()
    )
    return totals | {"target": target}


# --- Inmate activity history (the inmate's page) ---------------------------------------------


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
        inmate=OuterRef("inmate"), session__program=OuterRef("program"), status=PRESENT
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
            present=Count("id", filter=Q(status=PRESENT)),
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


# --- Dashboard: the month at a glance --------------------------------------------------------


def month_glance(month: Month, *, today: date | None = None, top_programs: int = 10) -> dict:
    """The Kepala UPT's month at a glance and its charts (six queries)."""
    today = today or timezone.localdate()
    first, last = month.first, month.last
    to_date = min(last, today)
    figures = Session.objects.filter(date__range=(first, last)).aggregate(
        planned_to_date=Count("id", filter=Q(date__lte=to_date)), **session_counts()
    )
    figures.update(attendance_figures(first, last))
    figures = with_rates(figures)
    figures["held_to_date_percent"] = percent(figures["held"], figures["planned_to_date"])
    return {
        "month": month,
        "figures": figures,
        "trend": monthly_trend(month),
        "by_program": programs_chart(month, limit=top_programs),
        "by_class": participants_by_class(month),
    }


def monthly_trend(month: Month, n: int = 12) -> dict:
    """Sessions planned / held / cancelled, the on-time share and the attendance rate for the
    last `n` months (two queries).

    Attendance is counted per day of the held sessions in the database (walking sessions by
    date and their records by the session index; at most ~365 rows from up to a million
    records) and those day totals are added up per month here: grouping by month in the
    database would call SQLite's Python date-truncation function once per record.
    """
    months = month.last_n(n)
    first, last = months[0].first, month.last
    sessions = (
        Session.objects.filter(date__range=(first, last))
        .annotate(period=TruncMonth("date"))
        .values("period")
        .annotate(**session_counts())
        .order_by("period")
    )
    by_month = {Month.of(row["period"]): row for row in sessions}
    days = (
        Session.objects.filter(date__range=(first, last), status=SessionStatus.FINISHED)
        .values_list("date")
        .annotate(
            present=Count("attendances", filter=Q(attendances__status=PRESENT)),
            recorded=Count("attendances", filter=Q(attendances__status__in=[PRESENT, *ABSENCES])),
        )
        .order_by()
    )
    rates = {m: [0, 0] for m in months}
    for day, present, recorded in days:
        totals = rates[Month.of(day)]
        totals[0] += present
        totals[1] += recorded
    empty = {"planned": 0, "held": 0, "cancelled": 0, "on_time": 0}
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


def programs_chart(month: Month, *, limit: int) -> dict:
    """The month's programs with most sessions planned: planned / held / cancelled."""
    first, last = month.first, month.last
    rows = list(
        Program.objects.filter(sessions__date__range=(first, last))
        .values("id", "name")
        .annotate(
            **{
                k: v
                for k, v in session_counts("sessions__").items()
                if k in ("planned", "held", "cancelled")
            }
        )
        .order_by("-planned", "name", "id")[: limit + 1]
    )
    shown = rows[:limit]
    return {
        "labels": [row["name"] for row in shown],
        "planned": [row["planned"] for row in shown],
        "held": [row["held"] for row in shown],
        "cancelled": [row["cancelled"] for row in shown],
        "truncated": len(rows) > limit,
    }


def participants_by_class(month: Month, *, on: date | None = None) -> dict:
    """Distinct participants of the month by class (the class on `on`, default month end)."""
    on = on or min(month.last, timezone.localdate())
    allocated = allocations_during(month.first, month.last).filter(inmate=OuterRef("pk"))
    counts = dict(
        Inmate.objects.filter(Exists(allocated))
        .with_class(on)
        .values_list("klass")
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = [label for _, label in InmateClass.choices]
    values = [counts.get(value, 0) for value in InmateClass.values]
    if counts.get(""):
        labels.append(NO_CLASS_LABEL)
        values.append(counts[""])
    return {"labels": labels, "values": values, "total": sum(values), "on": on}


def month_glance_charts(glance: dict) -> dict:
    """The glance's charts (rutan/charts.py): 12-month trend, by program, by class."""
    trend, programs, classes = glance["trend"], glance["by_program"], glance["by_class"]
    month = glance["month"]
    return {
        "trend": bar_chart(
            "grafik-tren",
            "Sesi 12 bulan terakhir",
            labels=trend["labels"],
            datasets=[
                Dataset("Direncanakan", trend["planned"]),
                Dataset("Terlaksana", trend["held"]),
                Dataset("Dibatalkan", trend["cancelled"]),
                Dataset("Sesuai waktu layanan", trend["on_time_percent"], line=True, percent=True),
                Dataset("Kehadiran", trend["attendance_percent"], line=True, percent=True),
            ],
        ),
        "programs": bar_chart(
            "grafik-program",
            f"Sesi per program, {month.label}"
            + (" (program dengan sesi terbanyak)" if programs["truncated"] else ""),
            labels=programs["labels"],
            datasets=[
                Dataset("Direncanakan", programs["planned"]),
                Dataset("Terlaksana", programs["held"]),
                Dataset("Dibatalkan", programs["cancelled"]),
            ],
            horizontal=True,
        ),
        "classes": doughnut_chart(
            "grafik-kelas",
            f"Peserta menurut kelas, {month.label}",
            labels=classes["labels"],
            values=classes["values"],
            label="Peserta",
        ),
    }


# --- Complaint desk charts (ULP, pejabat, Kepala UPT) ----------------------------------------


def _month_start(month: Month):
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(month.first, time.min))


def complaint_charts(month: Month) -> dict:
    """Complaints received in the month by channel and by state, and those received and closed
    in each of the last 12 months (two queries): the charts of the complaint desk's dashboard;
    the desk's own panels list the month's numbers and the queues."""
    from pengaduan.models import Channel, Complaint, Status

    months = month.last_n(12)
    start, end = _month_start(month), _month_start(month.shift(1))
    cells = dict(
        ((channel, status), n)
        for channel, status, n in Complaint.objects.filter(
            received_at__gte=start, received_at__lt=end
        )
        .values_list("channel", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    trend_start = _month_start(months[0])
    received = {
        f"r{i}": Count(
            "id",
            filter=Q(received_at__gte=_month_start(m), received_at__lt=_month_start(m.shift(1))),
        )
        for i, m in enumerate(months)
    }
    closed = {
        f"c{i}": Count(
            "id", filter=Q(closed_at__gte=_month_start(m), closed_at__lt=_month_start(m.shift(1)))
        )
        for i, m in enumerate(months)
    }
    trend = Complaint.objects.filter(
        Q(received_at__gte=trend_start, received_at__lt=end)
        | Q(closed_at__gte=trend_start, closed_at__lt=end)
    ).aggregate(**received, **closed)
    by_channel = [
        (label, sum(n for (c, _), n in cells.items() if c == value))
        for value, label in Channel.choices
    ]
    by_status = [
        (label, sum(n for (_, s), n in cells.items() if s == value))
        for value, label in Status.choices
    ]
    return {
        "month": month,
        "total": sum(cells.values()),
        "channel": bar_chart(
            "grafik-pengaduan-kanal",
            f"Pengaduan menurut kanal, {month.label}",
            labels=[label for label, _ in by_channel],
            datasets=[Dataset("Pengaduan", [n for _, n in by_channel])],
            horizontal=True,
        ),
        "status": bar_chart(
            "grafik-pengaduan-status",
            f"Pengaduan menurut status, {month.label}",
            labels=[label for label, _ in by_status],
            datasets=[Dataset("Pengaduan", [n for _, n in by_status])],
            horizontal=True,
        ),
        "trend": bar_chart(
            "grafik-pengaduan-tren",
            "Pengaduan 12 bulan terakhir",
            labels=[m.short_label for m in months],
            datasets=[
                Dataset("Diterima", [trend[f"r{i}"] for i in range(len(months))]),
                Dataset("Ditutup", [trend[f"c{i}"] for i in range(len(months))]),
            ],
        ),
    }
