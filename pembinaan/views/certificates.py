"""Certificates of participation: check and issue for an allocation, print."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pembinaan import services
from pembinaan.models import Allocation, ParticipationCertificate
from pembinaan.views.common import error_messages


def _allocation(pk: int) -> Allocation:
    return get_object_or_404(Allocation.objects.select_related("program", "inmate"), pk=pk)


@login_required
@permission_required("pembinaan.issue_certificate", raise_exception=True)
def certificate_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether the participant completed the program, with the figures the letter would show."""
    allocation = _allocation(pk)
    issued = ParticipationCertificate.objects.filter(allocation=allocation).first()
    if issued is not None:
        return redirect("pembinaan:certificate_print", pk=issued.pk)
    return render(
        request,
        "pembinaan/certificate_check.html",
        {"allocation": allocation, "check": services.certificate_check(allocation)},
    )


@login_required
@permission_required("pembinaan.issue_certificate", raise_exception=True)
@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = _allocation(pk)
    try:
        certificate = services.issue_certificate(allocation=allocation, by=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
        return redirect("pembinaan:certificate_check", pk=allocation.pk)
    messages.success(request, f"Surat keterangan {certificate.number} diterbitkan.")
    return redirect("pembinaan:certificate_print", pk=certificate.pk)


@login_required
@permission_required("pembinaan.view_participationcertificate", raise_exception=True)
def certificate_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable A4 letter (the same number and figures on every reprint)."""
    certificate = get_object_or_404(
        ParticipationCertificate.objects.select_related(
            "inmate", "program", "program__art_form", "issued_by", "allocation"
        ),
        pk=pk,
    )
    return render(
        request,
        "pembinaan/certificate_print.html",
        {"certificate": certificate, "place": settings.REPORT_PLACE},
    )
