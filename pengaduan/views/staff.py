"""Staff views: queues, the complaint list and page, intake, and each step of the state machine.

Every complaint is read through `Complaint.objects.visible_to(user)` (scope + identity masking);
every step is a POST that calls one service function.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pengaduan import forms, services
from pengaduan.models import ACTOR_STATES, Action, Attachment, Complaint, Status
from pengaduan.privacy import attachments_visible_to
from pengaduan.workdays import due_soon_limit
from rutan import listing

VIEW = "pengaduan.view_complaint"
HANDLE = services.HANDLE
DIRECT = services.DIRECT
ACT = services.ACT
RECEIPT_CODES = "pengaduan_receipt_codes"


def permission_required_any(*perms: str):
    """Like permission_required(raise_exception=True), for "any of these permissions"."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(request.user.has_perm(p) for p in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _visible(request: HttpRequest):
    return Complaint.objects.visible_to(request.user)


def _get_visible(request: HttpRequest, pk: int) -> Complaint:
    queryset = _visible(request).select_related("service", "assigned_to", "created_by")
    return get_object_or_404(queryset, pk=pk)


def _deadline_context() -> dict:
    today = timezone.localdate()
    return {"today": today, "soon": due_soon_limit(today)}


def _page(request: HttpRequest, queryset):
    return listing.paginate(request, queryset, per_page=settings.PENGADUAN_LIST_PAGE_SIZE)


# Sort keys of the complaint lists (?urut=...) -> fields; each ends with a unique one.
# Not by complainant: the order would reveal confidential names.
COMPLAINT_SORTS = {
    "jatuh_tempo": ("due_date", "received_at", "id"),
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
    deadlines = _deadline_context()
    queue = (
        _visible(request)
        .actionable_by(request.user)
        .with_deadline_flag(today=deadlines["today"], soon=deadlines["soon"])
        .for_list()
    )
    queue, sorting = listing.sort(request, queue, COMPLAINT_SORTS, default="jatuh_tempo")
    overdue = None
    if request.user.has_perm(DIRECT):
        overdue = (
            _visible(request)
            .overdue(deadlines["today"])
            .with_deadline_flag(today=deadlines["today"], soon=deadlines["soon"])
            .for_list()[: settings.PENGADUAN_LIST_PAGE_SIZE]
        )
    waiting = None
    if request.user.has_perm(HANDLE):
        waiting = (
            _visible(request)
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
    deadlines = _deadline_context()
    form = forms.ListFilterForm(request.GET or None)
    queryset = _visible(request).with_deadline_flag(
        today=deadlines["today"], soon=deadlines["soon"]
    )
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
            form.add_error(None, exc)
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
    complaint = _get_visible(request, pk)
    codes = request.session.get(RECEIPT_CODES, {})
    code = codes.pop(str(complaint.pk), None)
    request.session[RECEIPT_CODES] = codes
    context = {"complaint": complaint, "code": code, "signature_place": settings.REPORT_PLACE}
    return render(request, "pengaduan/receipt.html", context)


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def reissue_code(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _get_visible(request, pk)
    try:
        code = services.reissue_tracking_code(complaint=complaint, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pengaduan:complaint_detail", pk=complaint.pk)
    _remember_code(request, complaint, code)
    messages.success(request, "Kode pelacakan baru diterbitkan; kode lama tidak berlaku lagi.")
    return redirect("pengaduan:receipt", pk=complaint.pk)


# --- The complaint page and its steps --------------------------------------------------------


@dataclass(frozen=True)
class StepUI:
    title: str
    url_name: str
    form_class: type
    button: str
    style: str = "primary"


STEP_UI: dict[str, StepUI] = {
    Action.VERIFIED: StepUI(
        "Verifikasi", "pengaduan:verify", forms.VerifyForm, "Verifikasi pengaduan"
    ),
    Action.COMPLETION_REQUESTED: StepUI(
        "Minta kelengkapan",
        "pengaduan:request_completion",
        forms.CompletionRequestForm,
        "Minta kelengkapan kepada pelapor",
        "warning",
    ),
    Action.RECOMMENDED: StepUI(
        "Telaah dan rekomendasi",
        "pengaduan:recommend",
        forms.RecommendationForm,
        "Kirim rekomendasi ke Kepala UPT",
    ),
    Action.DIRECTED: StepUI(
        "Arahan Kepala UPT", "pengaduan:direct", forms.DirectionForm, "Berikan arahan"
    ),
    Action.SENT_BACK: StepUI(
        "Kembalikan ke ULP",
        "pengaduan:send_back",
        forms.SendBackForm,
        "Kembalikan ke ULP",
        "secondary",
    ),
    Action.DRAFTED: StepUI(
        "Perbaikan dan draf klarifikasi",
        "pengaduan:draft_reply",
        forms.DraftReplyForm,
        "Kirim draf ke ULP",
    ),
    Action.REASSIGNMENT_REQUESTED: StepUI(
        "Minta pengalihan",
        "pengaduan:request_reassignment",
        forms.ReassignmentForm,
        "Minta pengalihan pejabat",
        "secondary",
    ),
    Action.PUBLISHED: StepUI(
        "Terbitkan jawaban", "pengaduan:publish", forms.PublishForm, "Terbitkan jawaban", "success"
    ),
    Action.DRAFT_RETURNED: StepUI(
        "Kembalikan draf ke pejabat",
        "pengaduan:return_draft",
        forms.ReturnDraftForm,
        "Kembalikan ke pejabat",
        "secondary",
    ),
    Action.REFERRED: StepUI(
        "Rujuk", "pengaduan:refer", forms.ReferForm, "Rujuk ke instansi lain", "secondary"
    ),
    Action.REJECTED: StepUI(
        "Tolak", "pengaduan:reject", forms.RejectForm, "Tolak pengaduan", "danger"
    ),
}


def _auto_id(prefix: str) -> str:
    """Distinct element ids for the several forms of one page (the field names stay plain)."""
    return f"id_{prefix}_%s"


def _render_detail(
    request: HttpRequest, complaint: Complaint, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    user = request.user
    draft = complaint.replies.filter(published_at__isnull=True).first()
    allowed = services.allowed_actions(complaint, user)
    steps = []
    for action, ui in STEP_UI.items():
        if action not in allowed:
            continue
        form = bound.get(action)
        if form is None:
            initial = {}
            if action == Action.PUBLISHED and draft:
                initial = {"text": draft.draft}
            if action == Action.DRAFTED and draft:
                initial = {"correction": draft.correction, "draft": draft.draft}
            form = ui.form_class(initial=initial, auto_id=_auto_id(action))
        steps.append({"action": action, "ui": ui, "form": form, "open": action in bound})
    deadlines = _deadline_context()
    flag = ""
    if complaint.status in ACTOR_STATES and complaint.due_date:
        if complaint.due_date < deadlines["today"] or (
            complaint.legal_due_date and complaint.legal_due_date < deadlines["today"]
        ):
            flag = "terlambat"
        elif complaint.due_date <= deadlines["soon"]:
            flag = "hampir"
    context = {
        "complaint": complaint,
        "events": complaint.events.select_related("actor"),
        "replies": complaint.replies.select_related("drafted_by", "published_by"),
        "notes": complaint.internal_notes.select_related("author"),
        "attachments": attachments_visible_to(user, complaint),
        "steps": steps,
        "flag": flag,
        "note_form": bound.get("note") or forms.InternalNoteForm(auto_id=_auto_id("catatan")),
        "can_note": user.has_perm("pengaduan.add_internalnote"),
        "can_reissue": user.has_perm(HANDLE) and complaint.is_open,
        **deadlines,
    }
    return render(request, "pengaduan/complaint_detail.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_visible(request, pk))


def _take_step(
    request: HttpRequest, pk: int, action: str, run: Callable[[Complaint, dict], object], done: str
) -> HttpResponse:
    """Bind the step's form; on success call the service; show its refusal otherwise."""
    complaint = _get_visible(request, pk)
    form = STEP_UI[action].form_class(request.POST, auto_id=_auto_id(action))
    if not form.is_valid():
        messages.error(request, "Periksa kembali isian formulir.")
        return _render_detail(request, complaint, bound={action: form}, status=400)
    try:
        run(complaint, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pengaduan:complaint_detail", pk=complaint.pk)
    messages.success(request, done)
    return redirect("pengaduan:complaint_detail", pk=complaint.pk)


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.VERIFIED,
        lambda c, d: services.verify_complaint(complaint=c, by=request.user, note=d["note"]),
        "Pengaduan diverifikasi. Lanjutkan dengan telaah dan rekomendasi.",
    )


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def request_completion(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.COMPLETION_REQUESTED,
        lambda c, d: services.request_completion(
            complaint=c, by=request.user, message=d["message"]
        ),
        "Permintaan kelengkapan dikirim; batas waktu dijeda sampai pelapor melengkapi.",
    )


@login_required
@permission_required_any(HANDLE, DIRECT)
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.REJECTED,
        lambda c, d: services.reject_complaint(complaint=c, by=request.user, reason=d["reason"]),
        "Pengaduan ditolak.",
    )


@login_required
@permission_required_any(HANDLE, DIRECT)
@require_POST
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.REFERRED,
        lambda c, d: services.refer_complaint(
            complaint=c, by=request.user, destination=d["destination"], reason=d["reason"]
        ),
        "Pengaduan dirujuk.",
    )


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.RECOMMENDED,
        lambda c, d: services.submit_recommendation(
            complaint=c, by=request.user, review=d["review"], recommendation=d["recommendation"]
        ),
        "Rekomendasi dikirim kepada Kepala UPT.",
    )


@login_required
@permission_required(DIRECT, raise_exception=True)
@require_POST
def direct(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.DIRECTED,
        lambda c, d: services.give_direction(
            complaint=c, by=request.user, official=d["official"], direction=d["direction"]
        ),
        "Arahan diberikan; pejabat terkait diberi tahu.",
    )


@login_required
@permission_required(DIRECT, raise_exception=True)
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.SENT_BACK,
        lambda c, d: services.send_back_to_ulp(complaint=c, by=request.user, note=d["note"]),
        "Pengaduan dikembalikan kepada ULP.",
    )


@login_required
@permission_required(ACT, raise_exception=True)
@require_POST
def draft_reply(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.DRAFTED,
        lambda c, d: services.submit_draft_reply(
            complaint=c, by=request.user, correction=d["correction"], draft=d["draft"]
        ),
        "Draf klarifikasi dikirim kepada ULP untuk diperiksa.",
    )


@login_required
@permission_required(ACT, raise_exception=True)
@require_POST
def request_reassignment(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.REASSIGNMENT_REQUESTED,
        lambda c, d: services.request_reassignment(
            complaint=c, by=request.user, reason=d["reason"]
        ),
        "Permintaan pengalihan dikirim kepada Kepala UPT.",
    )


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def return_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.DRAFT_RETURNED,
        lambda c, d: services.return_draft(complaint=c, by=request.user, note=d["note"]),
        "Draf dikembalikan kepada pejabat.",
    )


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.PUBLISHED,
        lambda c, d: services.publish_reply(complaint=c, by=request.user, text=d["text"]),
        "Jawaban diterbitkan dan dapat dibaca pelapor di halaman lacak.",
    )


@login_required
@permission_required("pengaduan.add_internalnote", raise_exception=True)
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _get_visible(request, pk)
    form = forms.InternalNoteForm(request.POST, auto_id=_auto_id("catatan"))
    if not form.is_valid():
        messages.error(request, "Catatan internal tidak boleh kosong.")
        return _render_detail(request, complaint, bound={"note": form}, status=400)
    services.add_internal_note(complaint=complaint, by=request.user, text=form.cleaned_data["text"])
    messages.success(request, "Catatan internal disimpan.")
    return redirect("pengaduan:complaint_detail", pk=complaint.pk)


@login_required
@permission_required(VIEW, raise_exception=True)
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an attachment to a user who may see its complaint (and, for a rahasia complaint's
    channel screenshot, its identity). Never from a public path."""
    item = get_object_or_404(Attachment, pk=pk)
    complaint = _visible(request).filter(pk=item.complaint_id).first()
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
