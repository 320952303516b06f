"""Reports: the monthly recap and the Buku Register Pengaduan (printable and XLSX; the XLSX of
a large month is written by the task worker, pengaduan/jobs.py)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pengaduan import jobs as pjobs
from pengaduan import reports
from rutan import jobs, listing
from rutan.exports import xlsx_response
from rutan.months import MonthFilterForm

REPORT = "pengaduan.view_complaint_report"
REGISTER_PAGE_SIZE = 100  # rows of the register on screen
WHOLE_MONTH_PARAM = "semua"


def _month(request: HttpRequest):
    form = MonthFilterForm(request.GET or None)
    return form, form.month()


@login_required
@permission_required(REPORT, raise_exception=True)
def recap(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    return render(
        request,
        "pengaduan/recap.html",
        {
            "form": form,
            "recap": reports.monthly_recap(month, user=request.user),
            "month": month,
            "signature_place": settings.REPORT_PLACE,
        },
    )


def _xlsx(request: HttpRequest, report: str) -> HttpResponse:
    """The XLSX of the month's recap or register: written at once for a month of up to
    ``JOBS_INLINE_EXPORT_ROWS`` complaints; for a larger one the page offers to prepare it in
    the background (POST queues the job; its page shows the progress and the link)."""
    _, month = _month(request)
    if request.method == "POST":
        job = jobs.queue_job(
            owner=request.user,
            kind=pjobs.KIND_REPORT_XLSX,
            title=f"{pjobs.REPORTS[report][0]} {month.label} (XLSX)",
            params={"report": report, "month": month.param},
        )
        return redirect("job_detail", pk=job.pk)
    count = reports.register_rows(request.user, month).count()
    if count > settings.JOBS_INLINE_EXPORT_ROWS:
        context = {
            "month": month,
            "count": count,
            "title": pjobs.REPORTS[report][0],
            "back": f"pengaduan:{report}",
        }
        return render(request, "pengaduan/report_xlsx.html", context)
    if report == pjobs.REGISTER:
        sheets = [reports.register_sheet(request.user, month)]
    else:
        sheets = reports.recap_sheets(request.user, month)
    return xlsx_response(pjobs.filename(report, month), *sheets)


@login_required
@permission_required(REPORT, raise_exception=True)
def recap_xlsx(request: HttpRequest) -> HttpResponse:
    return _xlsx(request, pjobs.RECAP)


@login_required
@permission_required(REPORT, raise_exception=True)
def register(request: HttpRequest) -> HttpResponse:
    """The month's register: one page of it on screen, the whole month with `?semua=1` (for
    printing; the XLSX always has the whole month)."""
    form, month = _month(request)
    rows = reports.register_rows(request.user, month)
    whole_month = request.GET.get(WHOLE_MONTH_PARAM) == "1"
    page = None if whole_month else listing.paginate(request, rows, per_page=REGISTER_PAGE_SIZE)
    return render(
        request,
        "pengaduan/register.html",
        {
            "form": form,
            "month": month,
            "label": month.label,
            "page": page,
            "rows": rows if whole_month else page.object_list,
            "first_number": 1 if whole_month else page.start_index(),
            "whole_month": whole_month,
        },
    )


@login_required
@permission_required(REPORT, raise_exception=True)
def register_xlsx(request: HttpRequest) -> HttpResponse:
    return _xlsx(request, pjobs.REGISTER)
