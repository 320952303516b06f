"""Dashboard: the month at a glance (Kepala UPT, petugas pembinaan) and its charts."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from pembinaan.models import Inmate, InmateClass, Program, Session
from rutan.charts import Dataset, bar_chart, doughnut_chart
from rutan.months import Month
from rutan.reports.common import (
    NO_CLASS_LABEL,
    allocations_during,
    attendance_figures,
    percent,
    session_counts,
    with_rates,
)
from rutan.reports.trend import monthly_trend


def month_glance(month: Month, *, today: date | None = None, top_programs: int = 10) -> dict:
    """The Kepala UPT's month at a glance and its charts (seven queries)."""
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
