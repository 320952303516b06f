"""Participants of a program: list, allocation with eligibility checks, ending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pembinaan import forms as pforms
from pembinaan import services
from pembinaan.models import (
    Allocation,
    AllocationSuspension,
    EndReason,
    Inmate,
    InmateClass,
    Program,
    SuspensionReason,
)
from pembinaan.views.common import error_messages

# --- Participants ----------------------------------------------------------------------------


@login_required
@permission_required("pembinaan.view_allocation", raise_exception=True)
def program_participants(request: HttpRequest, pk: int) -> HttpResponse:
    """A program's participants; search the register and allocate several inmates at once."""
    today = timezone.localdate()
    program = get_object_or_404(Program.objects.with_related().with_figures(today), pk=pk)
    allocations = (
        program.allocations.select_related(
            "inmate", "override_by", "ended_by", "drift_kept_by", "certificate"
        )
        .prefetch_related(
            Prefetch(
                "suspensions",
                queryset=AllocationSuspension.objects.filter(
                    Q(end_date__isnull=True) | Q(end_date__gte=today)
                ).order_by("start_date"),
                to_attr="current_suspensions",
            )
        )
        .order_by("end_date", "inmate__name")
    )
    current = [a for a in allocations if a.end_date is None]
    past = [a for a in allocations if a.end_date is not None]
    search = pforms.InmateSearchForm(request.GET or None)
    candidates = []
    if search.is_valid() and search.cleaned_data["q"]:
        taken = {a.inmate_id for a in current}
        found = list(
            Inmate.objects.search(search.cleaned_data["q"]).with_class(today).order_by("name")[:50]
        )
        refusals = services.eligibility_refusals(program=program, inmates=found, on=today)
        class_labels = dict(InmateClass.choices)
        candidates = [
            {
                "inmate": inmate,
                "class_label": class_labels.get(inmate.klass, "—"),
                "refusal": "Sudah menjadi peserta."
                if inmate.pk in taken
                else refusals.get(inmate.pk, ""),
            }
            for inmate in found
        ]
    return render(
        request,
        "pembinaan/program_participants.html",
        {
            "program": program,
            "current": current,
            "past": past,
            "search": search,
            "candidates": candidates,
            "allocate_form": pforms.AllocateForm(initial={"start_date": today}),
            # One small hand-written form per participant (EndAllocationForm validates it).
            "end_reasons": EndReason.choices,
            "suspension_reasons": SuspensionReason.choices,
            "today": today,
        },
    )


@login_required
@permission_required("pembinaan.add_allocation", raise_exception=True)
@require_POST
def program_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    form = pforms.AllocateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("pembinaan:program_participants", pk=program.pk)
    try:
        outcome = services.allocate_inmates(
            program=program,
            inmates=list(form.cleaned_data["inmates"]),
            by=request.user,
            start_date=form.cleaned_data["start_date"],
            override_reason=form.cleaned_data["override_reason"],
        )
    except ValidationError as exc:
        error_messages(request, exc)
    except PermissionDenied:
        messages.error(request, "Anda tidak berwenang mengecualikan syarat peserta.")
    else:
        if outcome.created:
            names = ", ".join(a.inmate.name for a in outcome.created)
            messages.success(request, f"{len(outcome.created)} peserta ditambahkan: {names}.")
        for inmate, reason in outcome.refused:
            messages.error(
                request, f"{inmate.name} ({inmate.registration_number}) ditolak: {reason}"
            )
        for warning in outcome.warnings:
            messages.warning(request, f"Perhatian: {warning}")
    return redirect("pembinaan:program_participants", pk=program.pk)


@login_required
@permission_required("pembinaan.change_allocation", raise_exception=True)
@require_POST
def allocation_end(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_object_or_404(Allocation.objects.select_related("inmate"), pk=pk)
    form = pforms.EndAllocationForm(request.POST)
    if form.is_valid():
        try:
            services.end_allocation(
                allocation=allocation,
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
            )
            messages.success(request, f"Keikutsertaan {allocation.inmate.name} diakhiri.")
        except ValidationError as exc:
            error_messages(request, exc)
    else:
        messages.error(request, "Pilih alasan dan tanggal berakhir.")
    return _back(request, allocation)


def _back(request: HttpRequest, allocation: Allocation) -> HttpResponse:
    """Back to where the form was: the program page, the dashboard or (default) the
    participants page."""
    back = request.POST.get("next", "")
    if back == "program":
        return redirect("pembinaan:program_detail", pk=allocation.program_id)
    if back == "dashboard":
        return redirect("dashboard")
    return redirect("pembinaan:program_participants", pk=allocation.program_id)


@login_required
@permission_required("pembinaan.change_allocation", raise_exception=True)
@require_POST
def allocation_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    """Suspend one participant for a period, with a reason (not called out meanwhile)."""
    allocation = get_object_or_404(Allocation.objects.select_related("inmate"), pk=pk)
    form = pforms.SuspendAllocationForm(request.POST)
    if form.is_valid():
        try:
            services.suspend_allocation(allocation=allocation, by=request.user, **form.cleaned_data)
            messages.success(request, f"Keikutsertaan {allocation.inmate.name} ditangguhkan.")
        except ValidationError as exc:
            error_messages(request, exc)
    else:
        messages.error(request, "Isi tanggal mulai dan alasan penangguhan dengan benar.")
    return _back(request, allocation)


@login_required
@permission_required("pembinaan.change_allocation", raise_exception=True)
@require_POST
def suspension_lift(request: HttpRequest, pk: int) -> HttpResponse:
    """Lift a suspension set by hand from today."""
    suspension = get_object_or_404(
        AllocationSuspension.objects.select_related("allocation__inmate"), pk=pk
    )
    try:
        services.lift_suspension(suspension=suspension, by=request.user)
        messages.success(
            request, f"Penangguhan {suspension.allocation.inmate.name} dicabut mulai hari ini."
        )
    except ValidationError as exc:
        error_messages(request, exc)
    return _back(request, suspension.allocation)


@login_required
@permission_required("pembinaan.change_allocation", raise_exception=True)
@require_POST
def allocation_keep(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep a participant whose stage moved out of the program's target classes."""
    allocation = get_object_or_404(Allocation.objects.select_related("inmate"), pk=pk)
    form = pforms.KeepAllocationForm(request.POST)
    if form.is_valid():
        try:
            services.keep_drifted_allocation(
                allocation=allocation, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, f"{allocation.inmate.name} tetap menjadi peserta.")
        except ValidationError as exc:
            error_messages(request, exc)
    else:
        messages.error(request, "Tuliskan alasan peserta tetap ikut.")
    return _back(request, allocation)
