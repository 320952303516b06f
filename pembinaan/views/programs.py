"""Arts programs and partners (mitra)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from pembinaan import forms as pforms
from pembinaan import services
from pembinaan.models import (
    Allocation,
    Partner,
    Program,
)
from pembinaan.views.common import PAGE_SIZE, label_drifted
from rutan import listing
from rutan.forms import add_service_error

# --- Programs --------------------------------------------------------------------------------


# Sort keys of the program list (?urut=...) -> fields; each ends with a unique one.
PROGRAM_SORTS = {
    "nama": ("name", "pk"),
    "cabang_seni": ("art_form__name", "name", "pk"),
    "tempat": ("venue__name", "name", "pk"),
    "peserta": ("participant_count", "name", "pk"),
    "sesi_selesai": ("finished_count", "name", "pk"),
    "status": ("status", "name", "pk"),
}


@login_required
@permission_required("pembinaan.view_program", raise_exception=True)
def program_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "aktif")
    programs = Program.objects.with_related().with_figures(timezone.localdate())
    if status in {"aktif", "nonaktif", "selesai"}:
        programs = programs.filter(status=status)
    programs, sorting = listing.sort(request, programs, PROGRAM_SORTS, default="nama")
    return render(
        request,
        "pembinaan/program_list.html",
        {
            "page": listing.paginate(request, programs, per_page=PAGE_SIZE),
            "status": status,
            "sorting": sorting,
        },
    )


def _program_form_view(request: HttpRequest, program: Program | None) -> HttpResponse:
    if request.method == "POST":
        form = pforms.ProgramForm(request.POST)
        if form.is_valid():
            try:
                if program is None:
                    program = services.create_program(by=request.user, **form.service_values())
                    messages.success(request, "Program dibuat.")
                else:
                    program = services.update_program(
                        program=program, by=request.user, **form.service_values()
                    )
                    messages.success(request, "Program disimpan.")
                return redirect("pembinaan:program_detail", pk=program.pk)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    add_service_error(form, exc)
    elif program is None:
        form = pforms.ProgramForm(
            initial={
                "session_minutes": settings.DEFAULT_SESSION_MINUTES,
                "instructor_type": "petugas",
                "instructor_user": request.user.pk,
                "capacity": 20,
                "status": "aktif",
            }
        )
    else:
        form = pforms.ProgramForm(initial=pforms.ProgramForm.initial_for(program))
    return render(request, "pembinaan/program_form.html", {"form": form, "program": program})


@login_required
@permission_required("pembinaan.add_program", raise_exception=True)
def program_create(request: HttpRequest) -> HttpResponse:
    return _program_form_view(request, None)


@login_required
@permission_required("pembinaan.change_program", raise_exception=True)
def program_update(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program.objects.with_related(), pk=pk)
    return _program_form_view(request, program)


@login_required
@permission_required("pembinaan.view_program", raise_exception=True)
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    program = get_object_or_404(Program.objects.with_related().with_figures(today), pk=pk)
    participants = program.allocations.active().select_related("inmate").order_by("inmate__name")
    upcoming = (
        program.sessions.filter(date__gte=today)
        .select_related("venue")
        .order_by("planned_start")[:10]
    )
    plans = program.plans.with_related()
    share = (
        round(100 * program.on_time_count / program.finished_count)
        if program.finished_count
        else None
    )
    drifted = list(
        Allocation.objects.filter(program=program)
        .drifted(today, [program])
        .select_related("inmate")
        .order_by("inmate__name")
    )
    label_drifted(drifted, program)
    return render(
        request,
        "pembinaan/program_detail.html",
        {
            "program": program,
            "drifted": drifted,
            "today": today,
            "participants": participants,
            "upcoming": upcoming,
            "plans": plans,
            "on_time_share": share,
        },
    )


DRIFT_PANEL_ROWS = 15


def drift_panel(request: HttpRequest) -> str | None:
    """Petugas: participants whose stage moved out of their program's target classes, with
    "end allocation" / "keep with reason". Three queries whatever the number of rows."""
    if not request.user.has_perm("pembinaan.change_allocation"):
        return None
    today = timezone.localdate()
    count, rows = services.drifted_allocations(today, limit=DRIFT_PANEL_ROWS)
    if not count:
        return None
    label_drifted(rows)
    return render_to_string(
        "pembinaan/_drift_panel.html",
        {"drifted": rows, "count": count, "today": today},
        request=request,
    )


# --- Partners (mitra) ------------------------------------------------------------------------


@login_required
@permission_required("pembinaan.view_partner", raise_exception=True)
def partner_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pembinaan/partner_list.html",
        {"page": listing.paginate(request, Partner.objects.all(), per_page=PAGE_SIZE)},
    )


def _partner_form_view(request: HttpRequest, partner: Partner | None) -> HttpResponse:
    form = pforms.PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_partner(by=request.user, partner=partner, **form.cleaned_data)
            messages.success(request, "Data mitra disimpan.")
            return redirect("pembinaan:partner_list")
        except ValidationError as exc:
            add_service_error(form, exc)
    return render(request, "pembinaan/partner_form.html", {"form": form, "partner": partner})


@login_required
@permission_required("pembinaan.add_partner", raise_exception=True)
def partner_create(request: HttpRequest) -> HttpResponse:
    return _partner_form_view(request, None)


@login_required
@permission_required("pembinaan.change_partner", raise_exception=True)
def partner_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_form_view(request, get_object_or_404(Partner, pk=pk))
