"""Reports: the monthly recap and the Buku Register Pengaduan (printable and XLSX)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pengaduan import reports
from pengaduan.forms import MonthForm
from rutan.exports import xlsx_response

REPORT = "pengaduan.view_complaint_report"


def _month(request: HttpRequest):
    form = MonthForm(request.GET or None)
    month = form.cleaned_data["month"] if form.is_valid() else timezone.localdate().replace(day=1)
    return form, month


@login_required
@permission_required(REPORT, raise_exception=True)
def recap(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    return render(
        request,
        "pengaduan/recap.html",
        {
            "form": form,
            "recap": reports.monthly_recap(month),
            "month": month,
            "signature_place": settings.REPORT_PLACE,
        },
    )


@login_required
@permission_required(REPORT, raise_exception=True)
def recap_xlsx(request: HttpRequest) -> HttpResponse:
    _, month = _month(request)
    return xlsx_response(
        f"rekap-pengaduan-{month:%Y-%m}.xlsx", *reports.recap_sheets(request.user, month)
    )


@login_required
@permission_required(REPORT, raise_exception=True)
def register(request: HttpRequest) -> HttpResponse:
    form, month = _month(request)
    return render(
        request,
        "pengaduan/register.html",
        {
            "form": form,
            "month": month,
            "label": reports.month_label(month),
            "rows": reports.register_rows(request.user, month),
        },
    )


@login_required
@permission_required(REPORT, raise_exception=True)
def register_xlsx(request: HttpRequest) -> HttpResponse:
    _, month = _month(request)
    return xlsx_response(
        f"register-pengaduan-{month:%Y-%m}.xlsx", reports.register_sheet(request.user, month)
    )
