"""Work plans: list, form, detail, submission, the Kepala UPT's inbox and decisions, print."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pembinaan import forms as pforms
from pembinaan import services
from pembinaan.models import (
    Program,
    WorkPlan,
    WorkPlanRevision,
    WorkPlanStatus,
)
from pembinaan.views.common import INBOX_PAGE_SIZE, PAGE_SIZE, error_messages
from rutan import listing
from rutan.calendar import holidays_between
from rutan.forms import add_service_error

# --- Work plans ------------------------------------------------------------------------------

PLAN_FILTERS = {
    "draf": [WorkPlanStatus.DRAFT],
    "diajukan": [WorkPlanStatus.SUBMITTED],
    "dikembalikan": [WorkPlanStatus.RETURNED],
    "disetujui": [WorkPlanStatus.APPROVED],
    "ditolak": [WorkPlanStatus.REJECTED],
}


# Sort keys of the plan list (?urut=...) -> fields; each ends with a unique one.
PLAN_SORTS = {
    "dibuat": ("created_at", "pk"),
    "judul": ("title", "pk"),
    "program": ("program__name", "title", "pk"),
    "periode": ("latest_revision__period_start", "pk"),
    "status": ("latest_revision__status", "pk"),
    "diajukan": ("latest_revision__submitted_at", "pk"),
}


@login_required
@permission_required("pembinaan.view_workplan", raise_exception=True)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = WorkPlan.objects.with_related()
    status = request.GET.get("status", "")
    if status in PLAN_FILTERS:
        plans = plans.filter(latest_revision__status__in=PLAN_FILTERS[status])
    program_id = request.GET.get("program", "")
    if program_id.isdigit():
        plans = plans.filter(program_id=program_id)
    plans, sorting = listing.sort(request, plans, PLAN_SORTS, default="-dibuat")
    return render(
        request,
        "pembinaan/plan_list.html",
        {
            "page": listing.paginate(request, plans, per_page=PAGE_SIZE),
            "status": status,
            "filters": PLAN_FILTERS,
            "sorting": sorting,
        },
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
                "confirm_large": data["confirm_large"],
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
                add_service_error(form, exc)
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
@permission_required("pembinaan.add_workplan", raise_exception=True)
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    return _plan_form_view(request, program, None)


@login_required
@permission_required("pembinaan.change_workplan", raise_exception=True)
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
    holidays = services.revision_holidays(revision)
    schedule = services.revision_schedule(revision, holidays=holidays)
    participants = (
        plan.program.allocations.active().select_related("inmate").order_by("inmate__name")
    )
    return {
        "plan": plan,
        "revision": revision,
        "schedule": schedule,
        "skipped_holidays": services.skipped_holidays(revision, holidays=holidays),
        "participants": participants,
    }


@login_required
@permission_required("pembinaan.view_workplan", raise_exception=True)
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
            "clashes": (
                services.plan_clashes(revision)
                if revision.status == WorkPlanStatus.SUBMITTED
                else []
            ),
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
        error_messages(request, exc)
    back = request.POST.get("next", "")
    if back == "inbox":
        return redirect("pembinaan:plan_inbox")
    return redirect("pembinaan:plan_detail", pk=plan.pk)


@login_required
@permission_required("pembinaan.change_workplan", raise_exception=True)
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request, pk, services.submit_work_plan, "Rencana kerja diajukan kepada Kepala UPT."
    )


@login_required
@permission_required("pembinaan.change_workplan", raise_exception=True)
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
        error_messages(request, exc)
        return redirect("pembinaan:plan_detail", pk=plan.pk)


def _note(request: HttpRequest) -> str:
    form = pforms.DecisionForm(request.POST)
    return form.cleaned_data["note"] if form.is_valid() else ""


@login_required
@permission_required("pembinaan.approve_workplan", raise_exception=True)
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    form = pforms.DecisionForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    return _plan_action(
        request,
        pk,
        services.approve_work_plan,
        "Rencana kerja disetujui; sesinya sudah dijadwalkan.",
        note=data.get("note", ""),
        clash_override_reason=data.get("clash_override_reason", ""),
    )


@login_required
@permission_required("pembinaan.approve_workplan", raise_exception=True)
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
@permission_required("pembinaan.approve_workplan", raise_exception=True)
@require_POST
def plan_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_action(
        request, pk, services.reject_work_plan, "Rencana kerja ditolak.", note=_note(request)
    )


@login_required
@permission_required("pembinaan.approve_workplan", raise_exception=True)
def plan_inbox(request: HttpRequest) -> HttpResponse:
    """The Kepala UPT's inbox: submitted plans with their planned sessions and participants."""
    today = timezone.localdate()
    plans = listing.paginate(
        request,
        WorkPlan.objects.awaiting_approval()
        .with_related()
        .prefetch_related("latest_revision__slots")
        .order_by("latest_revision__submitted_at", "pk"),
        per_page=INBOX_PAGE_SIZE,
    )
    names = services.current_participant_names((p.program_id for p in plans), today)
    for p in plans:
        p.latest_revision.plan = p  # already fetched with its program
        p.program.current_participants = names.get(p.program_id, [])
    revisions = [p.latest_revision for p in plans]
    holidays = (  # one query for the whole page
        holidays_between(
            min(r.period_start for r in revisions), max(r.period_end for r in revisions)
        )
        if revisions
        else {}
    )
    items = [
        {
            "plan": p,
            "revision": p.latest_revision,
            "schedule": services.revision_schedule(p.latest_revision, holidays=holidays),
            "skipped_holidays": services.skipped_holidays(p.latest_revision, holidays=holidays),
        }
        for p in plans
    ]
    return render(
        request,
        "pembinaan/plan_inbox.html",
        {"items": items, "page": plans, "decision_form": pforms.DecisionForm()},
    )


@login_required
@permission_required("pembinaan.view_workplan", raise_exception=True)
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
