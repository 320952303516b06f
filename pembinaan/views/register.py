"""The inmate register: list, detail, TPP stage, SDP import and export, dashboard panel."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from pembinaan import forms as pforms
from pembinaan import services
from pembinaan.models import (
    Inmate,
    InmateClass,
    LegalStatus,
    RegistrationStatus,
    SdpImport,
)
from pembinaan.sdp import write_sdp_csv, write_sdp_xlsx
from pembinaan.stages import class_label, effective_stage_dates, sdp_dates_problem
from rutan import listing


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


REGISTER_PAGE_SIZE = 50
IMPORT_DIR = "sdp-impor"
IMPORT_SESSION_KEY = "sdp_import"
PREVIEW_LIMIT = 200  # rows of each kind shown in the import preview
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
