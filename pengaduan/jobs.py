"""The complaint desk's long work, run by the task worker (see rutan/jobs.py): the XLSX of the
monthly recap and of the Buku Register Pengaduan when a month has more complaints than
``JOBS_INLINE_EXPORT_ROWS``. The rows are the ones the job's owner may see, as on screen."""

from io import BytesIO
from typing import Any

from django.core.exceptions import ValidationError

from pengaduan import reports
from rutan.exports import build_workbook
from rutan.jobs import Progress, save_result
from rutan.models import Job
from rutan.months import Month

KIND_REPORT_XLSX = "pengaduan.report_xlsx"  # registered in apps.py

REGISTER = "register"
RECAP = "recap"
# report -> (title shown on the job, file name prefix)
REPORTS = {
    REGISTER: ("Buku register pengaduan", "register-pengaduan"),
    RECAP: ("Rekap pengaduan", "rekap-pengaduan"),
}


def filename(report: str, month: Month) -> str:
    return f"{REPORTS[report][1]}-{month.param}.xlsx"


def report_xlsx(*, job: Job, progress: Progress) -> dict[str, Any]:
    """The register or the recap of ``job.params["month"]`` as XLSX, for the job's owner."""
    report = job.params.get("report", "")
    month = Month.parse(job.params.get("month", ""))
    if report not in REPORTS or month is None:
        raise ValidationError("Laporan atau bulan tidak dikenal.")
    progress.stage("Menghitung laporan")
    if report == REGISTER:
        sheets = [reports.register_sheet(job.owner, month, progress=progress)]
    else:
        sheets = reports.recap_sheets(job.owner, month, progress=progress)
    buffer = BytesIO()
    build_workbook(*sheets).save(buffer)
    progress.stage("Menyimpan berkas")
    save_result(job, filename(report, month), buffer.getvalue())
    return {"message": f"{REPORTS[report][0]} {month.label} siap diunduh."}
