"""Report workbooks too large to write inside a web request, run by the task worker
(rutan/jobs.py): the all-inmates participation workbook."""

from io import BytesIO
from typing import Any

from django.http import QueryDict

from rutan.exports import build_workbook, xlsx_filename
from rutan.jobs import Progress, save_result
from rutan.models import Job
from rutan.reports import sheets
from rutan.reports.forms import ParticipationFilterForm
from rutan.reports.participation import participation_rows, participation_totals


def describe_participation_filters(form: ParticipationFilterForm, filters: dict) -> str:
    parts = []
    if filters["block"]:
        parts.append(f"Blok {filters['block']}")
    if filters["klass"]:
        parts.append(dict(form.fields["kelas"].choices)[filters["klass"]])
    return " · ".join(parts)


class _Counted:
    """The report's rows, reporting each one the sheet writer takes as done."""

    def __init__(self, rows, progress: Progress, total: int):
        self.rows, self.progress, self.total = rows, progress, total

    def iterator(self, chunk_size: int = 2000):
        return self.progress.over(
            self.rows.iterator(chunk_size=chunk_size), total=self.total, stage="Menulis baris"
        )


def participation_workbook(*, job: Job, progress: Progress) -> dict[str, Any]:
    """The participation report of ``job.params["query"]`` (the report's filters) as XLSX."""
    form = ParticipationFilterForm(QueryDict(job.params.get("query", "")) or None)
    month, filters = form.month(), form.filters()
    progress.stage("Menghitung partisipasi")
    totals = participation_totals(month, **filters)
    rows = _Counted(participation_rows(month, **filters), progress, totals["inmates"])
    described = describe_participation_filters(form, filters)
    buffer = BytesIO()
    build_workbook(*sheets.participation_sheets(month, rows, totals, described)).save(buffer)
    name = xlsx_filename("partisipasi-wbp", month.param, filters["block"], filters["klass"])
    save_result(job, name, buffer.getvalue())
    return {"message": f"Laporan partisipasi WBP {month.label} siap diunduh."}
