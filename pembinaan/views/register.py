"""The inmate register: list, detail, TPP stage, SDP import and export, dashboard panel."""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pembinaan import forms as pforms
from pembinaan import jobs as pjobs
from pembinaan import services
from pembinaan.models import (
    AllocationSuspension,
    Inmate,
    LegalStatus,
    ParticipationCertificate,
    SdpImport,
)
from pembinaan.stages import class_label, effective_stage_dates, sdp_dates_problem
from rutan import jobs, listing
from rutan.exports import XLSX_CONTENT_TYPE, csv_response
from rutan.models import Job, JobStatus


def register_panel(request: HttpRequest) -> str | None:
    """Dashboard panel: a placeholder that htmx fills from `register_figures_panel` (the
    figures scan the whole register: 10–20 ms at a regional office, so the dashboard shows
    first and the figures follow, as the month at a glance does)."""
    if not request.user.has_perm("pembinaan.view_inmate"):
        return None
    return render_to_string("pembinaan/_register_placeholder.html", request=request)


@login_required
@permission_required("pembinaan.view_inmate", raise_exception=True)
def register_figures_panel(request: HttpRequest) -> HttpResponse:
    """The register's figures (by class, block and status) and the last SDP imports."""
    context = {
        **services.register_figures(timezone.localdate()),
        "imports": SdpImport.objects.select_related("imported_by")[:5],
    }
    return render(request, "pembinaan/_register_panel.html", context)


REGISTER_PAGE_SIZE = 50
# Sort keys of the register list (?urut=...) -> fields; each ends with a unique one.
INMATE_SORTS = {
    "nama": ("name", "registration_number"),
    "no_registrasi": ("registration_number",),
    "status_hukum": ("legal_status", "name", "registration_number"),
    "kelas": ("klass", "name", "registration_number"),
    "blok": ("block", "cell", "name", "registration_number"),
    "status": ("status", "name", "registration_number"),
}


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
    inmates, sorting = listing.sort(request, inmates, INMATE_SORTS, default="nama")
    page = listing.paginate(request, inmates, per_page=REGISTER_PAGE_SIZE)
    for inmate in page:
        inmate.klass_label = class_label(inmate.klass or None)
    return render(
        request,
        "pembinaan/inmate_list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "sorting": sorting,
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
            **_participation(request, inmate, today),
            "inmate": inmate,
            "today": today,
            "klass_label": class_label(inmate.klass or None),
            "dates": dates,
            "sdp_problem": sdp_problem,
            "history": _history_rows(inmate),
            "stage_form": stage_form if can_override else None,
            "pin_form": (
                pforms.DevicePinForm(initial={"pin": inmate.device_pin or ""})
                if request.user.has_perm("pembinaan.change_device_pin")
                else None
            ),
        },
    )


# The inmate page lists suspensions in force or ended within this many days (at most
# INMATE_SUSPENSION_LIMIT of them, newest first).
RECENT_SUSPENSION_DAYS = 90
INMATE_SUSPENSION_LIMIT = 20


def _participation(request: HttpRequest, inmate: Inmate, today: date) -> dict:
    """The inmate's certificates of participation and current/recent suspensions of their
    allocations, each for users allowed to see them: one query each, whatever the rows."""
    user = request.user
    context: dict = {"certificates": None, "suspensions": None}
    if user.has_perm("pembinaan.view_participationcertificate"):
        context["certificates"] = list(
            ParticipationCertificate.objects.filter(inmate=inmate)
            .select_related("program")
            .order_by("-issued_at", "-id")
        )
    if user.has_perm("pembinaan.view_allocation"):
        rows = list(
            AllocationSuspension.objects.filter(allocation__inmate=inmate)
            .filter(
                Q(end_date__isnull=True)
                | Q(end_date__gte=today - timedelta(days=RECENT_SUSPENSION_DAYS))
            )
            .select_related("allocation__program", "created_by")
            .order_by("-start_date", "-id")[: INMATE_SUSPENSION_LIMIT + 1]
        )
        for row in rows:
            row.in_force = row.start_date <= today and (
                row.end_date is None or row.end_date >= today
            )
        context["suspensions"] = rows[:INMATE_SUSPENSION_LIMIT]
        context["suspensions_more"] = len(rows) > INMATE_SUSPENSION_LIMIT
        context["recent_suspension_days"] = RECENT_SUSPENSION_DAYS
    return context


def _history_rows(inmate: Inmate, limit: int = 50) -> list[dict]:
    """The inmate's history, newest first: who, when, why, and each field's old -> new."""
    records = list(inmate.history.select_related("history_user")[: limit + 1])
    rows = []
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
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


@login_required
@permission_required("pembinaan.change_device_pin", raise_exception=True)
@require_POST
def inmate_device_pin(request: HttpRequest, pk: int) -> HttpResponse:
    """Set, change or remove the inmate's finger-scan PIN (history keeps the old one)."""
    inmate = get_object_or_404(Inmate, pk=pk)
    form = pforms.DevicePinForm(request.POST)
    if not form.is_valid():
        messages.error(request, "PIN mesin tidak valid: paling banyak 24 karakter.")
        return redirect("pembinaan:inmate_detail", pk=inmate.pk)
    try:
        inmate = services.set_device_pin(
            inmate=inmate,
            pin=form.cleaned_data["pin"],
            by=request.user,
            confirm_replace=True,  # the petugas edits the PIN shown in the field
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if inmate.device_pin:
            messages.success(request, f"PIN mesin sidik jari {inmate.device_pin} disimpan.")
        else:
            messages.success(request, "PIN mesin sidik jari dihapus.")
    return redirect("pembinaan:inmate_detail", pk=inmate.pk)


SMALL_IMPORT_BYTES = 200 * 1024  # about 2,000 rows: may run inline when the worker is down


def _import_page(request: HttpRequest, form, job: Job | None) -> HttpResponse:
    if job is not None:
        job = jobs.run_inline_if_stalled(job)
    return render(
        request,
        "pembinaan/inmate_import.html",
        {
            "form": form,
            "job": job,
            "result_template": jobs.result_template(job) if job else "",
            "worker_down": job is not None
            and job.status == JobStatus.QUEUED
            and jobs.worker_seems_down(),
            "worker_grace": int(jobs.worker_grace().total_seconds()),
        },
    )


def _import_job(request: HttpRequest) -> Job | None:
    job_id = request.GET.get("tugas", "")
    try:
        uuid.UUID(job_id)
    except ValueError:
        return None
    return (
        Job.objects.visible_to(request.user)
        .filter(pk=job_id, kind__in=(pjobs.KIND_PREVIEW, pjobs.KIND_COMMIT))
        .first()
    )


def _import_url(job: Job) -> str:
    return f"{reverse('pembinaan:inmate_import')}?tugas={job.pk}"


@login_required
@permission_required("pembinaan.import_inmate", raise_exception=True)
def inmate_import(request: HttpRequest) -> HttpResponse:
    """Upload an SDP export; the worker compares it with the register (nothing is written yet).

    The page then follows the job (``?tugas=<id>``): a progress bar, then the preview.
    """
    form = pforms.SdpUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        job = jobs.queue_job(
            owner=request.user,
            kind=pjobs.KIND_PREVIEW,
            title=f"Pratinjau impor {upload.name}",
            params={"filename": upload.name},
            input_data=data,
            input_name=upload.name,
            small=len(data) <= SMALL_IMPORT_BYTES,
        )
        return redirect(_import_url(job))
    job = _import_job(request) if request.method == "GET" else None
    return _import_page(request, form if request.method == "POST" else pforms.SdpUploadForm(), job)


@login_required
@permission_required("pembinaan.import_inmate", raise_exception=True)
@require_POST
def inmate_import_commit(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """Queue the write of a previewed import (all or nothing); each preview commits once."""
    preview = Job.objects.filter(
        pk=token, owner=request.user, kind=pjobs.KIND_PREVIEW, status=JobStatus.DONE
    ).first()
    path = preview.input_file if preview is not None else ""
    handed_over = (
        bool(path)
        and preview.result.get("ok")
        and Job.objects.filter(pk=preview.pk, input_file=path).update(input_file="") == 1
    )
    if not handed_over:
        messages.error(request, "Pratinjau impor tidak ditemukan atau sudah dipakai; unggah lagi.")
        return redirect("pembinaan:inmate_import")
    filename = preview.params["filename"]
    job = jobs.queue_job(
        owner=request.user,
        kind=pjobs.KIND_COMMIT,
        title=f"Impor {filename}",
        params={"filename": filename},
        input_path=path,
        small=preview.small,
    )
    return redirect(_import_url(job))


@login_required
@permission_required("pembinaan.import_inmate", raise_exception=True)
def inmate_export(request: HttpRequest) -> HttpResponse:
    """Download the register (import columns plus the class on a date) as XLSX or CSV.

    A register up to ``JOBS_INLINE_EXPORT_ROWS`` inmates is written at once; a larger one is
    written by the worker (POST queues the job; its page shows the progress and the link).
    """
    form = pforms.ExportForm(request.POST if request.method == "POST" else request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("tanggal") or timezone.localdate()
    file_format = data.get("format") or "xlsx"
    if request.method == "POST":
        job = jobs.queue_job(
            owner=request.user,
            kind=pjobs.KIND_EXPORT,
            title=f"Ekspor register WBP per {on:%d-%m-%Y} ({file_format.upper()})",
            params={"on": on.isoformat(), "format": file_format},
        )
        return redirect("job_detail", pk=job.pk)
    count = Inmate.objects.count()
    if count > settings.JOBS_INLINE_EXPORT_ROWS:
        return render(
            request,
            "pembinaan/inmate_export.html",
            {"on": on, "format": file_format, "count": count},
        )
    filename, content = pjobs.export_file(on=on, file_format=file_format)
    if file_format == "csv":
        return csv_response(filename, content)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
