"""Views of the pembinaan app: thin function views that check a named permission."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from pembinaan import forms as pforms
from pembinaan import services
from pembinaan.models import (
    Allocation,
    EndReason,
    Inmate,
    InmateClass,
    LegalStatus,
    Partner,
    Program,
    RegistrationStatus,
    SdpImport,
    Session,
    SessionPhoto,
    SessionResult,
    Venue,
    WorkPlan,
    WorkPlanRevision,
    WorkPlanStatus,
)
from pembinaan.sdp import write_sdp_csv, write_sdp_xlsx
from pembinaan.stages import class_label, effective_stage_dates, sdp_dates_problem


def register_panel(request: HttpRequest) -> str | None:
    """Dashboard panel: the register's figures (by class and block) and recent imports."""
    if not request.user.has_perm("pembinaan.view_inmate"):
        return None
    today = timezone.localdate()
    active = Inmate.objects.active()
    by_class = dict(
        active.with_class(today).values_list("klass").annotate(n=Count("id")).order_by()
    )
    classes = [(label, by_class.get(value, 0)) for value, label in InmateClass.choices]
    if by_class.get(""):
        classes.append(("Data pidana belum lengkap", by_class[""]))
    by_block = active.values_list("block").annotate(n=Count("id")).order_by("block")
    by_status = dict(Inmate.objects.values_list("status").annotate(n=Count("id")).order_by())
    context = {
        "total_active": sum(by_class.values()),
        "classes": classes,
        "blocks": list(by_block),
        "statuses": [
            (label, by_status.get(value, 0)) for value, label in RegistrationStatus.choices
        ],
        "imports": SdpImport.objects.select_related("imported_by")[:5],
    }
    return render_to_string("pembinaan/_register_panel.html", context, request=request)


# =============================================================================================
# Programs, work plans, sessions, participants and results (issue 3)
# =============================================================================================

PAGE_SIZE = 50
INBOX_PAGE_SIZE = 10  # each inbox item shows its whole schedule and participants


def _error(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _page(request: HttpRequest, queryset, *, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("halaman"))


def _perm(name: str):
    return permission_required(f"pembinaan.{name}", raise_exception=True)


# --- Programs --------------------------------------------------------------------------------


@login_required
@_perm("view_program")
def program_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "aktif")
    programs = Program.objects.with_related().with_figures(timezone.localdate())
    if status in {"aktif", "nonaktif", "selesai"}:
        programs = programs.filter(status=status)
    return render(
        request,
        "pembinaan/program_list.html",
        {"page": _page(request, programs.order_by("name")), "status": status},
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
                    form.add_error(None, exc)
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
@_perm("add_program")
def program_create(request: HttpRequest) -> HttpResponse:
    return _program_form_view(request, None)


@login_required
@_perm("change_program")
def program_update(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program.objects.with_related(), pk=pk)
    return _program_form_view(request, program)


@login_required
@_perm("view_program")
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
    return render(
        request,
        "pembinaan/program_detail.html",
        {
            "program": program,
            "participants": participants,
            "upcoming": upcoming,
            "plans": plans,
            "on_time_share": share,
        },
    )


# --- Partners (mitra) ------------------------------------------------------------------------


@login_required
@_perm("view_partner")
def partner_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "pembinaan/partner_list.html", {"page": _page(request, Partner.objects.all())}
    )


def _partner_form_view(request: HttpRequest, partner: Partner | None) -> HttpResponse:
    form = pforms.PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_partner(by=request.user, partner=partner, **form.cleaned_data)
            messages.success(request, "Data mitra disimpan.")
            return redirect("pembinaan:partner_list")
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "pembinaan/partner_form.html", {"form": form, "partner": partner})


@login_required
@_perm("add_partner")
def partner_create(request: HttpRequest) -> HttpResponse:
    return _partner_form_view(request, None)


@login_required
@_perm("change_partner")
def partner_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_form_view(request, get_object_or_404(Partner, pk=pk))


# --- Work plans ------------------------------------------------------------------------------

PLAN_FILTERS = {
    "draf": [WorkPlanStatus.DRAFT],
    "diajukan": [WorkPlanStatus.SUBMITTED],
    "dikembalikan": [WorkPlanStatus.RETURNED],
    "disetujui": [WorkPlanStatus.APPROVED],
    "ditolak": [WorkPlanStatus.REJECTED],
}


@login_required
@_perm("view_workplan")
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = WorkPlan.objects.with_related()
    status = request.GET.get("status", "")
    if status in PLAN_FILTERS:
        plans = plans.filter(latest_revision__status__in=PLAN_FILTERS[status])
    program_id = request.GET.get("program", "")
    if program_id.isdigit():
        plans = plans.filter(program_id=program_id)
    return render(
        request,
        "pembinaan/plan_list.html",
        {"page": _page(request, plans), "status": status, "filters": PLAN_FILTERS},
    )


def _plan_form_view(request: HttpRequest, program: Program, plan: WorkPlan | None) -> HttpResponse:
    revision = plan.latest_revision if plan else None
    if request.method == "POST":
        form = pforms.WorkPlanForm(request.POST)
        slots = pforms.SlotFormSet(request.POST, prefix="jadwal")
        if form.is_valid() and slots.is_valid():
            data = form.cleaned_data
            values = {
                "title": data["title"],
                "period_start": data["period_start"],
                "period_end": data["period_end"],
                "objectives": data["objectives"],
                "notes": data["notes"],
                "skip_dates": data["skip_dates"],
                "slots": slots.slots(),
            }
            try:
                if plan is None:
                    plan = services.create_work_plan(program=program, by=request.user, **values)
                    messages.success(request, "Rencana kerja disimpan sebagai draf.")
                else:
                    services.update_work_plan(plan=plan, by=request.user, **values)
                    messages.success(request, "Rencana kerja disimpan.")
                return redirect("pembinaan:plan_detail", pk=plan.pk)
            except ValidationError as exc:
                form.add_error(None, exc)
    elif revision is not None:
        form = pforms.WorkPlanForm(
            initial={
                "title": plan.title,
                "period_start": revision.period_start,
                "period_end": revision.period_end,
                "objectives": revision.objectives,
                "notes": revision.notes,
                "skip_dates": pforms.format_skip_dates(revision.skip_dates),
            }
        )
        slots = pforms.SlotFormSet(
            prefix="jadwal",
            initial=[
                {"weekday": s.weekday, "start_time": s.start_time, "frequency": s.frequency}
                for s in revision.slots.all()
            ],
        )
    else:
        today = timezone.localdate()
        form = pforms.WorkPlanForm(
            initial={"title": f"Rencana kerja {program.name}", "period_start": today}
        )
        slots = pforms.SlotFormSet(prefix="jadwal")
    return render(
        request,
        "pembinaan/plan_form.html",
        {"form": form, "slots": slots, "program": program, "plan": plan},
    )


@login_required
@_perm("add_workplan")
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    return _plan_form_view(request, program, None)


@login_required
@_perm("change_workplan")
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(WorkPlan.objects.with_related(), pk=pk)
    if not plan.latest_revision.is_editable:
        messages.error(
            request,
            "Rencana kerja yang sudah disetujui tidak dapat diubah. Buat revisi baru."
            if plan.latest_revision.status == WorkPlanStatus.APPROVED
            else "Rencana kerja ini tidak dapat diubah dalam status sekarang.",
        )
        return redirect("pembinaan:plan_detail", pk=plan.pk)
    return _plan_form_view(request, plan.program, plan)


def _plan_context(plan: WorkPlan, revision: WorkPlanRevision) -> dict:
    revision.plan = plan  # already fetched with its program
    schedule = services.revision_schedule(revision)
    participants = (
        plan.program.allocations.active().select_related("inmate").order_by("inmate__name")
    )
    return {"plan": plan, "revision": revision, "schedule": schedule, "participants": participants}


@login_required
@_perm("view_workplan")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(WorkPlan.objects.with_related(), pk=pk)
    revisions = plan.revisions.select_related("author", "decided_by").prefetch_related("slots")
    revision = next(r for r in revisions if r.pk == plan.latest_revision_id)
    context = _plan_context(plan, revision)
    context.update(
        {
            "revisions": revisions,
            "transitions": plan.transitions.select_related("by", "revision"),
            "session_count": plan.sessions.count(),
            "decision_form": pforms.DecisionForm(),
            "can_decide": (
                request.user.has_perm("pembinaan.approve_workplan")
                and revision.status == WorkPlanStatus.SUBMITTED
                and request.user.pk not in {revision.author_id, revision.submitted_by_id}
            ),
        }
    )
    return render(request, "pembinaan/plan_detail.html", context)


def _plan_action(request: HttpRequest, pk: int, action, success: str, **extra) -> HttpResponse:
    plan = get_object_or_404(WorkPlan, pk=pk)
    try:
        action(plan=plan, by=request.user, **extra)
        messages.success(request, success)
    except ValidationError as exc:
        _error(request, exc)
    back = request.POST.get("next", "")
    if back == "inbox":
        return redirect("pembinaan:plan_inbox")
    return redirect("pembinaan:plan_detail", pk=plan.pk)


@login_required
@_perm("change_workplan")
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request, pk, services.submit_work_plan, "Rencana kerja diajukan kepada Kepala UPT."
    )


@login_required
@_perm("change_workplan")
@require_POST
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(WorkPlan, pk=pk)
    try:
        services.start_plan_revision(plan=plan, by=request.user)
        messages.success(
            request,
            "Revisi baru dibuat. Sesi dari rencana yang berlaku tetap berjalan sampai revisi "
            "disetujui.",
        )
        return redirect("pembinaan:plan_update", pk=plan.pk)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("pembinaan:plan_detail", pk=plan.pk)


def _note(request: HttpRequest) -> str:
    form = pforms.DecisionForm(request.POST)
    return form.cleaned_data["note"] if form.is_valid() else ""


@login_required
@_perm("approve_workplan")
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        services.approve_work_plan,
        "Rencana kerja disetujui; sesinya sudah dijadwalkan.",
        note=_note(request),
    )


@login_required
@_perm("approve_workplan")
@require_POST
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request,
        pk,
        services.return_work_plan,
        "Rencana kerja dikembalikan untuk perbaikan.",
        note=_note(request),
    )


@login_required
@_perm("approve_workplan")
@require_POST
def plan_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request, pk, services.reject_work_plan, "Rencana kerja ditolak.", note=_note(request)
    )


@login_required
@_perm("approve_workplan")
def plan_inbox(request: HttpRequest) -> HttpResponse:
    """The Kepala UPT's inbox: submitted plans with their planned sessions and participants."""
    today = timezone.localdate()
    plans = _page(
        request,
        WorkPlan.objects.awaiting_approval()
        .with_related()
        .prefetch_related(
            "latest_revision__slots",
            Prefetch(
                "program__allocations",
                queryset=Allocation.objects.active_on(today)
                .select_related("inmate")
                .order_by("inmate__name"),
                to_attr="current_participants",
            ),
        )
        .order_by("latest_revision__submitted_at", "pk"),
        size=INBOX_PAGE_SIZE,
    )
    for p in plans:
        p.latest_revision.plan = p  # already fetched with its program
    items = [
        {
            "plan": p,
            "revision": p.latest_revision,
            "schedule": services.revision_schedule(p.latest_revision),
        }
        for p in plans
    ]
    return render(
        request,
        "pembinaan/plan_inbox.html",
        {"items": items, "page": plans, "decision_form": pforms.DecisionForm()},
    )


@login_required
@_perm("view_workplan")
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable work plan (A4): the approved revision, else the latest one."""
    plan = get_object_or_404(WorkPlan.objects.with_related(), pk=pk)
    number = request.GET.get("revisi", "")
    revisions = plan.revisions.select_related("author", "decided_by").prefetch_related("slots")
    if number.isdigit():
        revision = get_object_or_404(revisions, number=int(number))
    else:
        revision = get_object_or_404(
            revisions, pk=plan.approved_revision_id or plan.latest_revision_id
        )
    return render(request, "pembinaan/plan_print.html", _plan_context(plan, revision))


# --- Participants ----------------------------------------------------------------------------


@login_required
@_perm("view_allocation")
def program_participants(request: HttpRequest, pk: int) -> HttpResponse:
    """A program's participants; search the register and allocate several inmates at once."""
    today = timezone.localdate()
    program = get_object_or_404(Program.objects.with_related().with_figures(today), pk=pk)
    allocations = program.allocations.select_related("inmate", "override_by", "ended_by").order_by(
        "end_date", "inmate__name"
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
            "today": today,
        },
    )


@login_required
@_perm("add_allocation")
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
        _error(request, exc)
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
@_perm("change_allocation")
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
            _error(request, exc)
    else:
        messages.error(request, "Pilih alasan dan tanggal berakhir.")
    return redirect("pembinaan:program_participants", pk=allocation.program_id)


# --- Sessions --------------------------------------------------------------------------------


@login_required
@_perm("view_session")
def session_list(request: HttpRequest) -> HttpResponse:
    """Today's sessions (or a day's), or a week view; filter by program and venue."""
    form = pforms.SessionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    day = data.get("tanggal") or timezone.localdate()
    week = data.get("tampilan") == "minggu"
    first = day - timedelta(days=day.weekday()) if week else day
    last = first + timedelta(days=6) if week else day
    sessions = Session.objects.with_related().with_participant_count().between(first, last)
    if data.get("program"):
        sessions = sessions.filter(program=data["program"])
    if data.get("tempat"):
        sessions = sessions.filter(venue=data["tempat"])
    sessions = list(sessions.order_by("planned_start"))
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    by_day = [(d, [s for s in sessions if s.date == d]) for d in days]
    step = timedelta(days=7 if week else 1)
    query = request.GET.copy()
    query.pop("tanggal", None)
    return render(
        request,
        "pembinaan/session_list.html",
        {
            "programs": Program.objects.order_by("name").values_list("pk", "name"),
            "venues": Venue.objects.values_list("pk", "name"),
            "selected_program": getattr(data.get("program"), "pk", None),
            "selected_venue": getattr(data.get("tempat"), "pk", None),
            "by_day": by_day,
            "day": day,
            "week": week,
            "previous": day - step,
            "next": day + step,
            "today": timezone.localdate(),
            "query": query.urlencode(),
        },
    )


def _session(pk: int) -> Session:
    return get_object_or_404(Session.objects.with_related().select_related("revision"), pk=pk)


@login_required
@_perm("view_session")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    participants = list(session.participants())
    results = {r.inmate_id: r for r in session.participant_results.all()}
    rows = [(a, results.get(a.inmate_id)) for a in participants]
    result = SessionResult.objects.filter(session=session).select_related("recorded_by").first()
    return render(
        request,
        "pembinaan/session_detail.html",
        {
            "session": session,
            "rows": rows,
            "result": result,
            "photos": session.photos.all(),
            "cancel_form": pforms.CancelSessionForm(),
            "photo_form": pforms.PhotoForm(),
            "results_editable": services.results_editable(session=session, by=request.user),
            "result_deadline": services.result_deadline(session),
            "is_today": session.date == timezone.localdate(),
        },
    )


def _session_action(request: HttpRequest, pk: int, action, success: str, **extra) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk)
    try:
        action(session=session, by=request.user, **extra)
        messages.success(request, success)
    except ValidationError as exc:
        _error(request, exc)
    return redirect("pembinaan:session_detail", pk=session.pk)


@login_required
@_perm("change_session")
@require_POST
def session_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_action(request, pk, services.start_session, "Sesi dimulai.")


@login_required
@_perm("change_session")
@require_POST
def session_finish(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_action(request, pk, services.finish_session, "Sesi selesai.")


@login_required
@_perm("change_session")
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    form = pforms.CancelSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih alasan pembatalan.")
        return redirect("pembinaan:session_detail", pk=get_object_or_404(Session, pk=pk).pk)
    return _session_action(
        request,
        pk,
        services.cancel_session,
        "Sesi dibatalkan.",
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
    )


@login_required
@_perm("change_session")
@require_POST
def session_uncancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_action(request, pk, services.uncancel_session, "Pembatalan sesi dicabut.")


@login_required
@_perm("view_session")
def session_callout(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable call-out list (daftar panggil), grouped by block and cell."""
    session = _session(pk)
    return render(
        request,
        "pembinaan/session_callout.html",
        {"session": session, "participants": list(session.participants())},
    )


# --- Results ---------------------------------------------------------------------------------


@login_required
@_perm("change_sessionresult")
def session_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the session's result and each participant's score/predikat/behaviour note."""
    session = _session(pk)
    if not services.results_editable(session=session, by=request.user):
        messages.error(
            request,
            "Hasil hanya dapat dicatat untuk sesi yang sudah selesai dan dalam batas waktu "
            "perubahan.",
        )
        return redirect("pembinaan:session_detail", pk=session.pk)
    participants = list(session.participants())
    existing = {r.inmate_id: r for r in session.participant_results.all()}
    result = SessionResult.objects.filter(session=session).first()
    if request.method == "POST":
        form = pforms.SessionResultForm(request.POST)
        formset = pforms.ParticipantResultFormSet(request.POST, prefix="peserta")
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    services.save_session_result(
                        session=session, by=request.user, **form.cleaned_data
                    )
                    services.save_participant_results(
                        session=session,
                        by=request.user,
                        rows=[f.cleaned_data for f in formset.forms if f.cleaned_data],
                    )
                messages.success(request, "Hasil sesi disimpan.")
                return redirect("pembinaan:session_detail", pk=session.pk)
            except ValidationError as exc:
                form.add_error(None, exc)
    else:
        form = pforms.SessionResultForm(
            initial={"summary": result.summary, "material": result.material, "notes": result.notes}
            if result
            else None
        )
        formset = pforms.ParticipantResultFormSet(
            prefix="peserta",
            initial=[
                {
                    "inmate": a.inmate_id,
                    "score": getattr(existing.get(a.inmate_id), "score", None),
                    "predicate": getattr(existing.get(a.inmate_id), "predicate", ""),
                    "behaviour_note": getattr(existing.get(a.inmate_id), "behaviour_note", ""),
                }
                for a in participants
            ],
        )
    names = {a.inmate_id: a.inmate for a in participants}
    rows = [(names.get(f.initial.get("inmate") or _int(f["inmate"].value())), f) for f in formset]
    return render(
        request,
        "pembinaan/session_results.html",
        {"session": session, "form": form, "formset": formset, "rows": rows},
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@_perm("add_sessionphoto")
@require_POST
def session_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk)
    form = pforms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_session_photo(
                session=session,
                by=request.user,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
            messages.success(request, "Foto diunggah.")
        except ValidationError as exc:
            _error(request, exc)
    else:
        messages.error(request, "Pilih berkas foto.")
    return redirect("pembinaan:session_detail", pk=session.pk)


@login_required
@_perm("view_sessionphoto")
def session_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a private photo to logged-in staff with the permission (never a public URL)."""
    photo = get_object_or_404(SessionPhoto, pk=pk)
    try:
        handle = photo.image.storage.open(photo.image.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("Berkas foto tidak ditemukan.") from exc
    response = FileResponse(handle, content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="foto-sesi-{photo.pk}"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@_perm("delete_sessionphoto")
@require_POST
def session_photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(SessionPhoto.objects.select_related("session"), pk=pk)
    try:
        services.delete_session_photo(photo=photo, by=request.user)
        messages.success(request, "Foto dihapus.")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("pembinaan:session_detail", pk=photo.session_id)


# --- Dashboard panels ------------------------------------------------------------------------


def sessions_panel(request: HttpRequest) -> str | None:
    """Petugas: today's sessions and the plans returned for revision."""
    user = request.user
    if not user.has_perm("pembinaan.change_session"):
        return None
    today = timezone.localdate()
    sessions = (
        Session.objects.with_related()
        .with_participant_count()
        .on_date(today)
        .order_by("planned_start")
    )
    returned = (
        WorkPlan.objects.returned().with_related().order_by("-latest_revision__decided_at")[:10]
        if user.has_perm("pembinaan.change_workplan")
        else []
    )
    return render_to_string(
        "pembinaan/_sessions_panel.html",
        {"sessions": sessions, "returned": returned, "today": today},
        request=request,
    )


def plan_decisions_panel(request: HttpRequest) -> str | None:
    """Kepala UPT: work plans awaiting a decision."""
    if not request.user.has_perm("pembinaan.approve_workplan"):
        return None
    plans = (
        WorkPlan.objects.awaiting_approval()
        .with_related()
        .order_by("latest_revision__submitted_at")
    )
    return render_to_string(
        "pembinaan/_plan_decisions_panel.html", {"plans": plans}, request=request
    )


# =============================================================================================
# Register: list, detail, TPP stage, SDP import and export (issue 2)
# =============================================================================================

REGISTER_PAGE_SIZE = 50
IMPORT_DIR = "sdp-impor"
IMPORT_SESSION_KEY = "sdp_import"
PREVIEW_LIMIT = 200  # rows of each kind shown in the import preview


@login_required
@permission_required("pembinaan.view_inmate", raise_exception=True)
def inmate_list(request: HttpRequest) -> HttpResponse:
    """The register: search, filters, one page of inmates with their class today."""
    today = timezone.localdate()
    form = pforms.InmateFilterForm(request.GET or None)
    inmates = Inmate.objects.with_class(today)
    if form.is_valid():
        data = form.cleaned_data
        inmates = inmates.search(data["q"])
        if data["kelas"]:
            inmates = inmates.filter(
                klass="" if data["kelas"] == pforms.INCOMPLETE else data["kelas"]
            )
        if data["status_hukum"]:
            inmates = inmates.filter(legal_status=data["status_hukum"])
        if data["status"]:
            inmates = inmates.filter(status=data["status"])
        if data["blok"]:
            inmates = inmates.filter(block__iexact=data["blok"])
    page = Paginator(inmates.order_by("name", "registration_number"), REGISTER_PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    for inmate in page:
        inmate.klass_label = class_label(inmate.klass or None)
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "pembinaan/inmate_list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "query": query.urlencode(),
            "can_import": request.user.has_perm("pembinaan.import_inmate"),
        },
    )


@login_required
@permission_required("pembinaan.view_inmate", raise_exception=True)
def inmate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One inmate: class today, stage dates (SDP or computed), TPP stage, history."""
    today = timezone.localdate()
    inmate = get_object_or_404(Inmate.objects.with_class(today), pk=pk)
    dates = effective_stage_dates(
        detention_date=inmate.detention_date,
        years=inmate.sentence_years,
        months=inmate.sentence_months,
        days=inmate.sentence_days,
        remisi_days=inmate.remisi_days,
        sdp_one_third=inmate.sdp_one_third,
        sdp_half=inmate.sdp_half,
        sdp_two_thirds=inmate.sdp_two_thirds,
        sdp_expiry=inmate.sdp_expiry,
    )
    sdp_problem = sdp_dates_problem(
        one_third=inmate.sdp_one_third,
        half=inmate.sdp_half,
        two_thirds=inmate.sdp_two_thirds,
        expiry=inmate.sdp_expiry,
    )
    can_override = (
        request.user.has_perm("pembinaan.override_stage")
        and inmate.legal_status == LegalStatus.NARAPIDANA
    )
    stage_form = pforms.StageOverrideForm(
        initial={
            "stage": inmate.stage_override,
            "decision_number": inmate.override_decision_number,
            "decision_date": inmate.override_decision_date,
        }
    )
    return render(
        request,
        "pembinaan/inmate_detail.html",
        {
            "inmate": inmate,
            "today": today,
            "klass_label": class_label(inmate.klass or None),
            "dates": dates,
            "sdp_problem": sdp_problem,
            "history": _history_rows(inmate),
            "stage_form": stage_form if can_override else None,
        },
    )


def _history_rows(inmate: Inmate, limit: int = 50) -> list[dict]:
    """The inmate's history, newest first: who, when, why, and each field's old -> new."""
    records = list(inmate.history.select_related("history_user")[: limit + 1])
    rows = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if len(rows) == limit:
            break
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                field = Inmate._meta.get_field(change.field)
                changes.append((field.verbose_name, change.old, change.new))
        rows.append({"record": newer, "changes": changes})
    return rows


@login_required
@permission_required("pembinaan.override_stage", raise_exception=True)
@require_POST
def inmate_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """Record (or clear) the stage decided by a sidang TPP."""
    inmate = get_object_or_404(Inmate, pk=pk)
    form = pforms.StageOverrideForm(request.POST)
    if form.is_valid():
        try:
            services.override_stage(
                inmate=inmate,
                stage=form.cleaned_data["stage"],
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Tahap pembinaan hasil sidang TPP disimpan.")
    else:
        messages.error(request, "Data keputusan TPP tidak valid.")
    return redirect("pembinaan:inmate_detail", pk=inmate.pk)


def _import_path(user_pk: int, token: str) -> str:
    return f"{IMPORT_DIR}/{user_pk}/{token}"


@login_required
@permission_required("pembinaan.import_inmate", raise_exception=True)
def inmate_import(request: HttpRequest) -> HttpResponse:
    """Upload an SDP export and see what the import would do; nothing is written yet."""
    form = pforms.SdpUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "pembinaan/inmate_import.html", {"form": form})
    upload = form.cleaned_data["file"]
    data = upload.read()
    plan = services.plan_sdp_import(data=data, filename=upload.name)
    token = ""
    if plan.ok:
        storage = storages["private"]
        previous = request.session.get(IMPORT_SESSION_KEY)
        if previous:
            storage.delete(_import_path(request.user.pk, previous["token"]))
        token = secrets.token_hex(16)
        storage.save(_import_path(request.user.pk, token), ContentFile(data))
        request.session[IMPORT_SESSION_KEY] = {"token": token, "filename": upload.name}
    return render(
        request,
        "pembinaan/inmate_import.html",
        {
            "form": pforms.SdpUploadForm(),
            "plan": plan,
            "filename": upload.name,
            "token": token,
            "limit": PREVIEW_LIMIT,
            "errors": plan.errors[:PREVIEW_LIMIT],
            "warnings": plan.warnings[:PREVIEW_LIMIT],
            "creates": plan.creates[:PREVIEW_LIMIT],
            "updates": plan.updates[:PREVIEW_LIMIT],
            "missing": plan.missing[:PREVIEW_LIMIT],
        },
    )


@login_required
@permission_required("pembinaan.import_inmate", raise_exception=True)
@require_POST
def inmate_import_commit(request: HttpRequest, token: str) -> HttpResponse:
    """Write the previewed import, all or nothing."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    storage = storages["private"]
    path = _import_path(request.user.pk, token)
    if not pending or pending["token"] != token or not storage.exists(path):
        messages.error(request, "Pratinjau impor tidak ditemukan atau sudah dipakai; unggah lagi.")
        return redirect("pembinaan:inmate_import")
    with storage.open(path, "rb") as stored:
        data = stored.read()
    try:
        record = services.commit_sdp_import(
            data=data, filename=pending["filename"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pembinaan:inmate_import")
    finally:
        storage.delete(path)
        request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(
        request,
        f"Impor {record.filename} selesai: {record.created_count} baru, "
        f"{record.updated_count} diperbarui, {record.unchanged_count} tidak berubah, "
        f"{record.missing_count} WBP di register tidak ada di berkas (tidak dihapus).",
    )
    return redirect("pembinaan:inmate_list")


@login_required
@permission_required("pembinaan.import_inmate", raise_exception=True)
def inmate_export(request: HttpRequest) -> HttpResponse:
    """Download the register (import columns plus the class on a date) as XLSX or CSV."""
    form = pforms.ExportForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("tanggal") or timezone.localdate()
    rows = services.export_rows(on=on)
    filename = f"register-wbp-{on.isoformat()}"
    if data.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # lets Excel recognise UTF-8
        write_sdp_csv(rows, response)
        extension = "csv"
    else:
        response = HttpResponse(
            write_sdp_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        extension = "xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response
