"""The complaint page and each step of the state machine on it: every step is a POST that binds
its form and calls one service function."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pengaduan import forms, services
from pengaduan.clocks import reply_target_days
from pengaduan.models import ACTOR_STATES, Action, Complaint, Reply
from pengaduan.privacy import attachments_visible_to
from pengaduan.views.common import (
    ACT,
    DIRECT,
    HANDLE,
    VIEW,
    deadline_context,
    get_visible,
    permission_required_any,
    visible,
)


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
        "Perbaikan dan/atau klarifikasi",
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
    Action.MERGED: StepUI(
        "Gabungkan sebagai duplikat",
        "pengaduan:merge",
        forms.MergeForm,
        "Gabungkan ke pengaduan induk",
        "secondary",
    ),
}

# The text field of a step into which a reply template may be inserted (and edited there).
TEMPLATE_FIELDS: dict[str, str] = {
    Action.DRAFTED: "draft",
    Action.PUBLISHED: "text",
    Action.COMPLETION_REQUESTED: "message",
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
    templates = services.filled_templates(complaint) if allowed & set(TEMPLATE_FIELDS) else []
    inserted = _inserted_template(request, templates)
    steps = []
    for action, ui in STEP_UI.items():
        if action not in allowed:
            continue
        form = bound.get(action)
        if form is None:
            initial = {}
            if action == Action.PUBLISHED and draft:
                initial = {"text": draft.draft or services.CORRECTION_ONLY_REPLY}
            if action == Action.DRAFTED and draft:
                initial = {"correction": draft.correction, "draft": draft.draft}
            if inserted and inserted[0] == action:
                field = TEMPLATE_FIELDS[action]
                initial[field] = "\n\n".join(filter(None, [initial.get(field), inserted[1]]))
            form = ui.form_class(initial=initial, auto_id=_auto_id(action))
        template_field = TEMPLATE_FIELDS.get(action) if templates else None
        steps.append(
            {
                "action": action,
                "ui": ui,
                "form": form,
                "open": action in bound,
                "template_target": form[template_field].id_for_label if template_field else "",
            }
        )
    deadlines = deadline_context()
    flag = ""
    if complaint.status in ACTOR_STATES and complaint.due_date:
        passed = [complaint.due_date, complaint.legal_due_date]
        if complaint.reply_clock_since:
            passed.append(complaint.reply_due_date)
        if any(day and day < deadlines["today"] for day in passed):
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
        "reply_templates": templates,
        # The printable reply letter: once a reply (a duplicate's: its main's) is published.
        "can_print_letter": user.has_perm(HANDLE)
        and Reply.objects.filter(
            complaint_id=complaint.merged_into_id or complaint.pk, published_at__isnull=False
        ).exists(),
        "duplicates": complaint.duplicates.order_by("number"),
        "step_target_days": services.step_days_allowed(complaint),
        "reply_days_used": services.reply_days_so_far(complaint),
        "reply_target_days": reply_target_days(),
        **deadlines,
    }
    return render(request, "pengaduan/complaint_detail.html", context, status=status)


def _inserted_template(request: HttpRequest, templates: list[dict]) -> tuple[str, str] | None:
    """Without JavaScript, "Sisipkan" reloads the page (GET ?langkah=…&templat=…) with the
    filled template added to that step's text; nothing is saved until the step is sent."""
    action, chosen = request.GET.get("langkah", ""), request.GET.get("templat", "")
    if action not in TEMPLATE_FIELDS:
        return None
    text = next((t["text"] for t in templates if str(t["id"]) == chosen), None)
    return (action, text) if text else None


@login_required
@permission_required(VIEW, raise_exception=True)
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_visible(request, pk))


def _take_step(
    request: HttpRequest,
    pk: int,
    action: str,
    run: Callable[[Complaint, dict], object],
    done: str | Callable[[dict], str],
) -> HttpResponse:
    """Bind the step's form; on success call the service and say `done` (a text, or made from
    the form's data); show its refusal otherwise."""
    complaint = get_visible(request, pk)
    form = STEP_UI[action].form_class(request.POST, auto_id=_auto_id(action))
    if not form.is_valid():
        messages.error(request, "Periksa kembali isian formulir.")
        return _render_detail(request, complaint, bound={action: form}, status=400)
    try:
        run(complaint, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pengaduan:complaint_detail", pk=complaint.pk)
    messages.success(request, done(form.cleaned_data) if callable(done) else done)
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
            complaint=c,
            by=request.user,
            destination=d["destination"],
            reason=d["reason"],
            reference=d["reference"],
        ),
        "Pengaduan dirujuk.",
    )


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    def run(duplicate: Complaint, data: dict) -> None:
        main = visible(request).filter(number=data["main_number"]).first()
        if main is None:
            raise ValidationError(f"Pengaduan induk {data['main_number']} tidak ditemukan.")
        services.merge_complaint(
            duplicate=duplicate, main=main, by=request.user, reason=data["reason"]
        )

    return _take_step(
        request,
        pk,
        Action.MERGED,
        run,
        "Pengaduan digabungkan sebagai duplikat; pelapornya melihat jawaban pengaduan induk.",
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


def _sent_to_ulp_message(data: dict) -> str:
    """What the pejabat sent, in their words: a perbaikan, a draf klarifikasi, or both."""
    sent = services.sent_to_ulp(
        correction=(data["correction"] or "").strip(), draft=(data["draft"] or "").strip()
    )
    return f"{sent.label} kepada ULP untuk diperiksa."


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
        _sent_to_ulp_message,
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
    complaint = get_visible(request, pk)
    form = forms.InternalNoteForm(request.POST, auto_id=_auto_id("catatan"))
    if not form.is_valid():
        messages.error(request, "Catatan internal tidak boleh kosong.")
        return _render_detail(request, complaint, bound={"note": form}, status=400)
    services.add_internal_note(complaint=complaint, by=request.user, text=form.cleaned_data["text"])
    messages.success(request, "Catatan internal disimpan.")
    return redirect("pengaduan:complaint_detail", pk=complaint.pk)
