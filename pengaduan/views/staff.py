"""Staff views: the queues, the complaint list, logging a complaint and its receipt, a new
tracking code, and the attachments (the complaint page and its steps are in `complaint`).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pengaduan import forms, services
from pengaduan.models import Attachment, Complaint, IdentityMode, Reply, Status
from pengaduan.privacy import attachments_visible_to
from pengaduan.views.common import (
    DIRECT,
    HANDLE,
    VIEW,
    deadline_context,
    get_visible,
    visible,
)
from rutan import listing
from rutan.forms import add_service_error

RECEIPT_CODES = "pengaduan_receipt_codes"


def _page(request: HttpRequest, queryset):
    return listing.paginate(request, queryset, per_page=settings.PENGADUAN_LIST_PAGE_SIZE)


# Sort keys of the complaint lists (?urut=...) -> fields; each ends with a unique one.
# Not by complainant: the order would reveal confidential names.
COMPLAINT_SORTS = {
    "jatuh_tempo": ("due_date", "received_at", "id"),
    "target_jawaban": ("reply_due_date", "received_at", "id"),
    "nomor": ("number", "id"),
    "diterima": ("received_at", "id"),
    "kanal": ("channel", "received_at", "id"),
    "layanan": ("service__name", "received_at", "id"),
    "status": ("status", "received_at", "id"),
}


# --- Lists ---------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's own queue (by role), with due dates and flags; the Kepala UPT also sees
    every overdue complaint, whoever must act on it."""
    deadlines = deadline_context()
    queue = (
        visible(request)
        .actionable_by(request.user)
        .with_deadline_flag(today=deadlines["today"], soon=deadlines["soon"])
        .for_list()
    )
    queue, sorting = listing.sort(request, queue, COMPLAINT_SORTS, default="jatuh_tempo")
    overdue = None
    if request.user.has_perm(DIRECT):
        overdue = (
            visible(request)
            .overdue(deadlines["today"])
            .with_deadline_flag(today=deadlines["today"], soon=deadlines["soon"])
            .for_list()[: settings.PENGADUAN_LIST_PAGE_SIZE]
        )
    waiting = None
    if request.user.has_perm(HANDLE):
        waiting = (
            visible(request)
            .filter(status=Status.PERLU_KELENGKAPAN)
            .select_related("service")
            .order_by("lapse_on", "id")[: settings.PENGADUAN_LIST_PAGE_SIZE]
        )
    return render(
        request,
        "pengaduan/inbox.html",
        {
            "page": _page(request, queue),
            "sorting": sorting,
            "overdue": overdue,
            "waiting": waiting,
            **deadlines,
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def complaint_list(request: HttpRequest) -> HttpResponse:
    """Every complaint the user may see, filtered by status, channel, deadline flag or text."""
    deadlines = deadline_context()
    form = forms.ListFilterForm(request.GET or None)
    queryset = visible(request).with_deadline_flag(today=deadlines["today"], soon=deadlines["soon"])
    if form.is_valid():
        data = form.cleaned_data
        queryset = queryset.search(data["q"], user=request.user)
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["channel"]:
            queryset = queryset.filter(channel=data["channel"])
        if data["flag"]:
            queryset = queryset.filter(deadline_flag=data["flag"])
    queryset, sorting = listing.sort(
        request,
        queryset.select_related("service", "assigned_to"),
        COMPLAINT_SORTS,
        default="-diterima",
    )
    return render(
        request,
        "pengaduan/complaint_list.html",
        {"form": form, "page": _page(request, queryset), "sorting": sorting, **deadlines},
    )


# --- Intake and receipt --------------------------------------------------------------------


@login_required
@permission_required(HANDLE, raise_exception=True)
def intake(request: HttpRequest) -> HttpResponse:
    """ULP logs a complaint from the complaint post, email, social media or WhatsApp."""
    form = forms.IntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint, code = services.log_complaint(
                intake=form.to_intake(),
                channel=form.cleaned_data["channel"],
                received_at=form.cleaned_data["received_at"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            _remember_code(request, complaint, code)
            messages.success(request, f"Pengaduan {complaint.number} dicatat.")
            return redirect("pengaduan:receipt", pk=complaint.pk)
    return render(request, "pengaduan/intake.html", {"form": form})


def _remember_code(request: HttpRequest, complaint: Complaint, code: str) -> None:
    """Keep a new code for the one receipt page that shows it (codes are stored hashed)."""
    codes = request.session.get(RECEIPT_CODES, {})
    codes[str(complaint.pk)] = code
    request.session[RECEIPT_CODES] = codes


@login_required
@permission_required(HANDLE, raise_exception=True)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable receipt for an in-person complainant: number and (once) the tracking code."""
    complaint = get_visible(request, pk)
    codes = request.session.get(RECEIPT_CODES, {})
    code = codes.pop(str(complaint.pk), None)
    request.session[RECEIPT_CODES] = codes
    context = {"complaint": complaint, "code": code, "signature_place": settings.REPORT_PLACE}
    return render(request, "pengaduan/receipt.html", context)


@login_required
@permission_required(HANDLE, raise_exception=True)
def reply_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The published reply as a printable A4 letter, for a complainant without e-mail (walk-in
    or postal). A merged duplicate's letter carries its main complaint's reply."""
    complaint = get_visible(request, pk)
    reply = (
        Reply.objects.filter(
            complaint_id=complaint.merged_into_id or complaint.pk, published_at__isnull=False
        )
        .select_related("drafted_by", "published_by")
        .order_by("-published_at", "-id")
        .first()
    )
    if reply is None:
        raise Http404("Belum ada jawaban yang diterbitkan.")
    named = complaint.identity_mode != IdentityMode.ANONIM and not (
        getattr(complaint, "identity_masked", False) or complaint.identity_purged_at
    )
    context = {
        "complaint": complaint,
        "reply": reply,
        "letter_number": f"{complaint.number}/JWB",
        "addressee": (complaint.reporter_name if named else "") or services.NO_NAME,
        "signature_place": settings.REPORT_PLACE,
    }
    return render(request, "pengaduan/reply_letter.html", context)


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def reissue_code(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_visible(request, pk)
    try:
        code = services.reissue_tracking_code(complaint=complaint, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pengaduan:complaint_detail", pk=complaint.pk)
    _remember_code(request, complaint, code)
    messages.success(request, "Kode pelacakan baru diterbitkan; kode lama tidak berlaku lagi.")
    return redirect("pengaduan:receipt", pk=complaint.pk)


@login_required
@permission_required(VIEW, raise_exception=True)
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an attachment to a user who may see its complaint (and, for a rahasia complaint's
    channel screenshot, its identity). Never from a public path."""
    item = get_object_or_404(Attachment, pk=pk)
    complaint = visible(request).filter(pk=item.complaint_id).first()
    if (
        complaint is None
        or not attachments_visible_to(request.user, complaint).filter(pk=item.pk).exists()
    ):
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=not item.is_image,
        filename=item.display_name,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "private, no-store"
    return response
