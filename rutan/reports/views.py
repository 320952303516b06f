"""Views of the reports (laporan) and of the dashboard's cross-app panels.

Each report is printable (A4, the unit's letterhead) and downloadable as XLSX (`?format=xlsx`,
sheets in rutan/reports/sheets.py); its figures come from the report's module in this package.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from pembinaan.models import Inmate, Program
from rutan import listing
from rutan.apps import REPORTS_PERMISSION
from rutan.exports import xlsx_filename, xlsx_response
from rutan.jobs import queue_job
from rutan.months import Month, MonthFilterForm
from rutan.reports import sheets
from rutan.reports.attendance_recap import attendance_recap
from rutan.reports.complaints import complaint_charts
from rutan.reports.daily_attendance import daily_attendance
from rutan.reports.forms import DayFilterForm, ParticipationFilterForm, RecapFilterForm
from rutan.reports.glance import month_glance, month_glance_charts
from rutan.reports.inmate_activity import inmate_activity
from rutan.reports.jobs import describe_participation_filters
from rutan.reports.monthly_programs import monthly_program_report
from rutan.reports.participation import participation_rows, participation_totals

# --- Reports (laporan) ----------------------------------------------------------------------------

# The complaint desk's own recap and register (pengaduan app), linked from the reports menu
# when that app provides them: URL name -> (title, permission).
COMPLAINT_REPORTS = {
    "pengaduan:recap": ("Rekap pengaduan bulanan", "pengaduan.view_complaint_report"),
    "pengaduan:register": ("Buku register pengaduan", "pengaduan.view_complaint_report"),
}


def _wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def _complaint_report_links(request: HttpRequest) -> list[tuple[str, str]]:
    links = []
    for name, (title, permission) in COMPLAINT_REPORTS.items():
        if not request.user.has_perm(permission):
            continue
        try:
            links.append((title, reverse(name)))
        except NoReverseMatch:
            continue
    return links


@login_required
@permission_required(REPORTS_PERMISSION, raise_exception=True)
def report_index(request: HttpRequest) -> HttpResponse:
    """The reports menu."""
    context = {
        "month": Month.current(),
        "today": timezone.localdate(),
        "complaint_reports": _complaint_report_links(request),
    }
    return render(request, "rutan/laporan/index.html", context)


@login_required
@permission_required(REPORTS_PERMISSION, raise_exception=True)
def report_monthly_programs(request: HttpRequest) -> HttpResponse:
    """Monthly program report in the regional office's shape, printable and as XLSX."""
    form = MonthFilterForm(request.GET or None)
    month = form.month()
    report = monthly_program_report(month)
    if _wants_xlsx(request):
        return xlsx_response(
            f"laporan-program-{month.param}.xlsx", *sheets.monthly_program_sheets(report)
        )
    context = {"form": form, "report": report, "month": month, **_print_context()}
    return render(request, "rutan/laporan/monthly_programs.html", context)


@login_required
@permission_required(REPORTS_PERMISSION, raise_exception=True)
def report_daily_attendance(request: HttpRequest) -> HttpResponse:
    """Daily attendance summary: per session present, absent by reason, not yet recorded."""
    form = DayFilterForm(request.GET or None)
    day = form.day()
    report = daily_attendance(day)
    if _wants_xlsx(request):
        return xlsx_response(
            f"absensi-harian-{day:%Y-%m-%d}.xlsx", *sheets.daily_attendance_sheets(report)
        )
    context = {"form": form, "report": report, "day": day, **_print_context()}
    return render(request, "rutan/laporan/daily_attendance.html", context)


@login_required
@permission_required(REPORTS_PERMISSION, raise_exception=True)
def report_attendance_recap(request: HttpRequest) -> HttpResponse:
    """Attendance recap of one program for one month: inmates × sessions, with totals."""
    form = RecapFilterForm(request.GET or None)
    month = form.month()
    chosen = form.valid_data().get("program")  # names only (the form's options)
    if request.GET.get("program") and chosen is None:
        raise Http404("Program tidak ditemukan.")
    program = (
        get_object_or_404(Program.objects.select_related("art_form"), pk=chosen.pk)
        if chosen
        else None
    )
    recap = attendance_recap(program, month) if program else None
    if recap and _wants_xlsx(request):
        return xlsx_response(
            xlsx_filename("rekap-absensi", program.name, month.param),
            *sheets.attendance_recap_sheets(recap),
        )
    context = {"form": form, "recap": recap, "month": month, **_print_context()}
    return render(request, "rutan/laporan/attendance_recap.html", context)


@login_required
@permission_required(REPORTS_PERMISSION, raise_exception=True)
def report_participation(request: HttpRequest) -> HttpResponse:
    """Per-inmate monthly participation in arts activities (SPPN), by block and class."""
    form = ParticipationFilterForm(request.GET or None)
    month, filters = form.month(), form.filters()
    if request.method == "POST":  # the workbook of a large register: written by the worker
        job = queue_job(
            owner=request.user,
            kind="rutan.participation_workbook",
            title=f"Laporan partisipasi WBP {month.label} (XLSX)",
            params={"query": request.GET.urlencode()},
        )
        return redirect("job_detail", pk=job.pk)
    rows = participation_rows(month, **filters)
    totals = participation_totals(month, **filters)
    described = describe_participation_filters(form, filters)
    if _wants_xlsx(request):
        if totals["inmates"] > settings.JOBS_INLINE_EXPORT_ROWS:
            context = {"month": month, "count": totals["inmates"], "filters_label": described}
            return render(request, "rutan/laporan/participation_xlsx.html", context)
        return xlsx_response(
            xlsx_filename("partisipasi-wbp", month.param, filters["block"], filters["klass"]),
            *sheets.participation_sheets(month, rows, totals, described),
        )
    paginator = Paginator(rows, settings.REPORT_PAGE_SIZE)
    paginator.count = totals["inmates"]  # already counted: no second COUNT over the rows
    page = paginator.get_page(request.GET.get(listing.PAGE_PARAM))
    context = {
        "form": form,
        "month": month,
        "page": page,
        "totals": totals,
        "filters_label": described,
        **_print_context(),
    }
    return render(request, "rutan/laporan/participation.html", context)


def _print_context() -> dict:
    return {
        "signed_on": timezone.localdate(),
        "signature_place": settings.REPORT_PLACE,
        "default_minutes": settings.DEFAULT_SESSION_MINUTES,
        "start_tolerance": settings.SESSION_START_TOLERANCE_MINUTES,
        "minimum_minutes": settings.SESSION_MIN_MINUTES,
    }


@login_required
@permission_required("pembinaan.view_inmate", raise_exception=True)
def report_inmate_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """An inmate's activity history (programs, attendance, results): the partial that the
    register's inmate page loads with htmx (`_inmate_activity_loader.html`)."""
    inmate = get_object_or_404(Inmate, pk=pk)
    return render(request, "rutan/laporan/_inmate_activity.html", inmate_activity(inmate))


# --- Dashboard panels ------------------------------------------------------------------------


def month_glance_panel(request: HttpRequest) -> str | None:
    """The month at a glance (Kepala UPT, petugas pembinaan): a placeholder that htmx fills
    from `report_glance_panel`, so the figures' queries never hold the dashboard up."""
    if not request.user.has_perm(REPORTS_PERMISSION):
        return None
    return render_to_string("rutan/laporan/_glance_placeholder.html", {"month": Month.current()})


@login_required
@permission_required(REPORTS_PERMISSION, raise_exception=True)
def report_glance_panel(request: HttpRequest) -> HttpResponse:
    """The month at a glance: figures and charts (loaded into the dashboard by htmx)."""
    glance = month_glance(Month.current())
    context = {"glance": glance, "charts": month_glance_charts(glance)}
    return render(request, "rutan/laporan/_month_glance_panel.html", context)


COMPLAINT_REPORT_PERMISSION = "pengaduan.view_complaint_report"


def complaint_charts_panel(request: HttpRequest) -> str | None:
    """Charts of the complaint desk (ULP, pejabat, Kepala UPT): this month by channel and by
    state, and the last 12 months; a placeholder filled by htmx from report_complaint_charts.
    The desk's own panels (pengaduan) show the queues and the month's numbers."""
    if not request.user.has_perm(COMPLAINT_REPORT_PERMISSION):
        return None
    return render_to_string(
        "rutan/laporan/_complaint_charts_placeholder.html", {"month": Month.current()}
    )


@login_required
@permission_required(COMPLAINT_REPORT_PERMISSION, raise_exception=True)
def report_complaint_charts(request: HttpRequest) -> HttpResponse:
    context = {"charts": complaint_charts(Month.current(), user=request.user)}
    return render(request, "rutan/laporan/_complaint_charts_panel.html", context)
