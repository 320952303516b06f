"""The figures of the reports and dashboards, computed by the database.

Every function here runs a fixed number of queries whatever the number of rows (counted in
`tests/rutan/test_reports_*.py` and in `benchmarks/reports.py`): figures are aggregates
(`Count(..., filter=...)`, grouped `values().annotate()`, correlated subqueries), never Python
loops over rows. Python only arranges what the database returned (e.g. fills months without
sessions with zeros).

Definitions used by every report (README, "Laporan dan dasbor"):
- *direncanakan* (planned): every session of the period, whatever its state — sessions exist
  only from approved work plans; *terlaksana* (held): finished sessions; *dibatalkan*
  (cancelled); *belum terlaksana*: scheduled or still running.
- *sesuai waktu layanan* (kept to the slot): a finished session that did not overrun its slot
  (`Session.overran`, set when it was finished), as a share of the sessions held.
- *peserta* (participants) of a month: distinct inmates with an allocation to the program
  running on at least one day of the month.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

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
from rutan.exports import Sheet

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


def _session_counts(prefix: str = "", within: Q | None = None) -> dict:
    """Aggregates over sessions by state: held, cancelled (also per reason), pending, on time.

    `prefix` reaches the sessions from the queried model (e.g. "sessions__" from Program) and
    `within` restricts them (e.g. to a month) when the query itself cannot.
    """
    within = within or Q()

    def n(**conditions) -> Count:
        condition = Q(**{f"{prefix}{key}": value for key, value in conditions.items()})
        return Count(f"{prefix}id", filter=within & condition, distinct=bool(prefix))

    counts = {
        "held": n(status=SessionStatus.FINISHED),
        "cancelled": n(status=SessionStatus.CANCELLED),
        "pending": n(status__in=[SessionStatus.SCHEDULED, SessionStatus.RUNNING]),
        "on_time": n(status=SessionStatus.FINISHED, overran=False),
    }
    for reason in CancelReason:
        counts[f"cancel_{reason.value}"] = n(status=SessionStatus.CANCELLED, cancel_reason=reason)
    return counts


def _with_rates(figures: dict) -> dict:
    figures["on_time_percent"] = percent(figures.get("on_time"), figures.get("held"))
    figures["held_percent"] = percent(figures.get("held"), figures.get("planned"))
    figures["cancel_reasons"] = [
        (label, figures.get(f"cancel_{value}", 0)) for value, label in CancelReason.choices
    ]
    return figures


# --- Monthly program report (the Kanwil's shape) ---------------------------------------------


def participants_subquery(first: date, last: date, program_ref: str = "pk") -> Subquery:
    """Distinct inmates allocated to the outer program during [first, last]."""
    inner = (
        allocations_during(first, last)
        .filter(program=OuterRef(program_ref))
        .order_by()
        .values("program")
        .annotate(n=Count("inmate", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


def monthly_program_rows(month: Month):
    """Per program with sessions or participants in the month: its figures (one query)."""
    first, last = month.first, month.last
    in_month = Q(sessions__date__gte=first, sessions__date__lte=last)
    sessions_in_month = Session.objects.filter(program=OuterRef("pk"), date__range=(first, last))
    allocated = allocations_during(first, last).filter(program=OuterRef("pk"))
    return (
        Program.objects.with_related()
        .filter(Q(Exists(sessions_in_month)) | Q(Exists(allocated)))
        .annotate(
            planned=Count("sessions", filter=in_month, distinct=True),
            participants=participants_subquery(first, last),
            **_session_counts("sessions__", within=in_month),
        )
        .order_by("name", "id")
    )


def monthly_program_totals(month: Month) -> dict:
    """The month's totals over every program (three queries)."""
    first, last = month.first, month.last
    totals = Session.objects.filter(date__range=(first, last)).aggregate(
        planned=Count("id"), **_session_counts()
    )
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
    return _with_rates(totals)


def cancelled_sessions(month: Month):
    return (
        Session.objects.filter(
            date__range=(month.first, month.last), status=SessionStatus.CANCELLED
        )
        .select_related("program")
        .order_by("date", "planned_start", "id")
    )


def monthly_program_report(month: Month) -> dict:
    """Everything the monthly program report shows (five queries)."""
    rows = list(monthly_program_rows(month))
    return {
        "month": month,
        "rows": [_with_rates(_row_figures(program)) for program in rows],
        "totals": monthly_program_totals(month),
        "cancelled": list(cancelled_sessions(month)),
    }


def _row_figures(program: Program) -> dict:
    figures = {
        key: getattr(program, key) for key in ("planned", "participants", *_session_counts().keys())
    }
    figures["program"] = program
    return figures


# --- Inmate activity history (the inmate's page) ---------------------------------------------


def inmate_activity(inmate: Inmate, *, result_limit: int = 50) -> dict:
    """The context of `templates/rutan/laporan/_inmate_activity.html` (three queries).

    Programs the inmate was allocated to (with the sessions held while allocated and the
    results recorded), and the latest participant results.
    """
    results = (
        ParticipantResult.objects.filter(inmate=inmate)
        .select_related("session", "session__program")
        .order_by("-session__date", "-id")
    )
    held_while_allocated = Session.objects.filter(
        program=OuterRef("program"),
        status=SessionStatus.FINISHED,
        date__gte=OuterRef("start_date"),
        date__lt=Coalesce(OuterRef("end_date"), Value(date.max)),
    )
    allocations = (
        Allocation.objects.filter(inmate=inmate)
        .select_related("program", "program__art_form")
        .annotate(
            sessions_held=count_subquery(held_while_allocated),
            results_recorded=count_subquery(
                ParticipantResult.objects.filter(
                    inmate=OuterRef("inmate"), session__program=OuterRef("program")
                )
            ),
        )
        .order_by("-start_date", "-id")
    )
    result_list = list(results[: result_limit + 1])
    return {
        "inmate": inmate,
        "activity_allocations": list(allocations),
        "activity_results": result_list[:result_limit],
        "activity_results_more": len(result_list) > result_limit,
    }


def count_subquery(queryset) -> Coalesce:
    """COUNT(*) of a correlated queryset, as an annotation (0 when empty)."""
    inner = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(0))


# --- Dashboard: the month at a glance --------------------------------------------------------


def month_glance(month: Month, *, today: date | None = None, top_programs: int = 10) -> dict:
    """The Kepala UPT's month at a glance and its charts (five queries)."""
    today = today or timezone.localdate()
    first, last = month.first, month.last
    to_date = min(last, today)
    sessions = Session.objects.filter(date__range=(first, last))
    figures = sessions.aggregate(
        planned=Count("id"),
        planned_to_date=Count("id", filter=Q(date__lte=to_date)),
        **_session_counts(),
    )
    figures = _with_rates(figures)
    figures["held_to_date_percent"] = percent(figures["held"], figures["planned_to_date"])
    return {
        "month": month,
        "figures": figures,
        "trend": monthly_trend(month),
        "by_program": programs_chart(month, limit=top_programs),
        "by_class": participants_by_class(month),
    }


def monthly_trend(month: Month, n: int = 12) -> dict:
    """Planned / held / cancelled sessions and the on-time share for the last `n` months."""
    months = month.last_n(n)
    rows = (
        Session.objects.filter(date__range=(months[0].first, month.last))
        .annotate(period=TruncMonth("date"))
        .values("period")
        .annotate(planned=Count("id"), **_session_counts())
        .order_by("period")
    )
    by_month = {Month.of(row["period"]): row for row in rows}
    empty = {"planned": 0, "held": 0, "cancelled": 0, "on_time": 0}
    series = [by_month.get(m, empty) for m in months]
    return {
        "labels": [m.short_label for m in months],
        "months": months,
        "planned": [row["planned"] for row in series],
        "held": [row["held"] for row in series],
        "cancelled": [row["cancelled"] for row in series],
        "on_time_percent": [percent(row["on_time"], row["held"]) for row in series],
    }


def programs_chart(month: Month, *, limit: int) -> dict:
    """The month's programs with most sessions planned: planned / held / cancelled."""
    rows = list(
        monthly_program_rows(month)
        .filter(planned__gt=0)
        .values("name", "planned", "held", "cancelled")
        .order_by("-planned", "name")[: limit + 1]
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
            ],
        ),
        "programs": bar_chart(
            "grafik-program",
            f"Sesi per program, {glance['month'].label}"
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
            f"Peserta menurut kelas, {glance['month'].label}",
            labels=classes["labels"],
            values=classes["values"],
            label="Peserta",
        ),
    }


# --- XLSX sheets -----------------------------------------------------------------------------


def _unit_heading(title: str, period: str) -> list[str]:
    from rutan.models import UnitProfile

    unit = UnitProfile.load()
    return [title, unit.name, period]


def monthly_program_sheets(report: dict) -> list[Sheet]:
    """The monthly program report as workbook sheets: programs, cancellations, instructors."""
    month, totals = report["month"], report["totals"]
    reasons = CancelReason.choices
    program_columns = [
        "No.",
        "Program",
        "Cabang seni",
        "Instruktur",
        "Jenis instruktur",
        "Peserta",
        "Sesi direncanakan",
        "Sesi terlaksana",
        "Sesi dibatalkan",
        *(f"Batal: {label}" for _, label in reasons),
        "Belum terlaksana",
        "Sesuai waktu layanan",
        "Sesuai waktu layanan (%)",
    ]

    def figures(row: dict) -> list:
        return [
            row["participants"],
            row["planned"],
            row["held"],
            row["cancelled"],
            *(row[f"cancel_{value}"] for value, _ in reasons),
            row["pending"],
            row["on_time"],
            row["on_time_percent"],
        ]

    program_rows = (
        [
            n,
            row["program"].name,
            row["program"].art_form.name,
            str(row["program"].instructor or ""),
            row["program"].get_instructor_type_display(),
            *figures(row),
        ]
        for n, row in enumerate(report["rows"], start=1)
    )
    heading = _unit_heading("LAPORAN PELAKSANAAN PEMBINAAN KESENIAN", f"Bulan {month.label}")
    return [
        Sheet(
            title="Program",
            heading=heading,
            columns=program_columns,
            rows=program_rows,
            totals=["", "Jumlah", "", "", "", *figures(totals)],
            widths=[5, 30, 14, 24, 12, *([11] * (len(program_columns) - 5))],
        ),
        Sheet(
            title="Sesi dibatalkan",
            heading=heading,
            columns=["Tanggal", "Program", "Alasan", "Keterangan"],
            rows=(
                [s.date, s.program.name, s.get_cancel_reason_display(), s.cancel_note]
                for s in report["cancelled"]
            ),
            widths=[12, 30, 24, 50],
        ),
        Sheet(
            title="Instruktur",
            heading=heading,
            columns=["Jenis instruktur", "Program", "Instruktur"],
            rows=totals["instructors"],
            widths=[20, 12, 12],
        ),
    ]
