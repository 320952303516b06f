"""Public views (no login): the complaint form and the tracking page.

Abuse rules: a honeypot and a self-hosted challenge (django-simple-captcha) on the form, a rate
limit per client on submissions and on wrong tracking guesses, a cap on open complaints per
contact (in the service). Tracking needs the number AND the secret code; a wrong pair gets one
generic message that does not say whether the number exists. A successful pair grants the
browser session access to that complaint (bound to the current code, so a reissued code ends it).
"""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from pengaduan import forms, services
from pengaduan.models import Complaint
from pengaduan.privacy import public_tracking
from rutan.clientip import client_ip
from rutan.forms import add_service_error

GRANTS = "pengaduan_tracking"
SUBMITTED = "pengaduan_submitted"
# The receipt cookie lives this long: enough to load the page after the redirect.
RECEIPT_SECONDS = 600
MAX_GRANTS = 20
WRONG_PAIR = "Nomor pengaduan atau kode pelacakan tidak cocok. Periksa kembali keduanya."


def client_address(group: str, request: HttpRequest) -> str:
    """The rate-limit key: the client's address (rutan/clientip.py)."""
    return client_ip(request)


def _submit_rate(group: str, request: HttpRequest) -> str:
    return settings.PENGADUAN_SUBMIT_RATE


def _captcha_rate(group: str, request: HttpRequest) -> str:
    return settings.PENGADUAN_CAPTCHA_FAILURE_RATE


def _track_rate(group: str, request: HttpRequest) -> str:
    return settings.PENGADUAN_TRACK_FAILURE_RATE


def _too_many(request: HttpRequest) -> HttpResponse:
    return import_string(settings.RATELIMIT_VIEW)(request, None)


def _grant(request: HttpRequest, complaint: Complaint) -> None:
    grants = request.session.get(GRANTS, {})
    grants.pop(str(complaint.pk), None)
    grants[str(complaint.pk)] = complaint.tracking_code_hash
    request.session[GRANTS] = dict(list(grants.items())[-MAX_GRANTS:])


def _granted(request: HttpRequest, number: str) -> Complaint | None:
    complaint = (
        Complaint.objects.select_related("service")
        .filter(number=services.normalise_number(number))
        .first()
    )
    if complaint is None:
        return None
    granted_hash = request.session.get(GRANTS, {}).get(str(complaint.pk), "")
    if not hmac.compare_digest(granted_hash, complaint.tracking_code_hash):
        return None
    return complaint


# --- The complaint form ----------------------------------------------------------------------


def _usage(request: HttpRequest, group: str, rate, *, increment: bool = False) -> dict:
    return get_usage(request, group=group, key=client_address, rate=rate, increment=increment)


def _wait_message(usage: dict) -> str:
    minutes = max(1, -(-int(usage.get("time_left") or 60) // 60))
    return (
        f"Terlalu banyak permintaan dari jaringan Anda. Coba kirim lagi dalam {minutes} menit. "
        "Isi pengaduan Anda tetap ada di formulir di bawah; lampiran perlu dipilih lagi."
    )


@never_cache
def submit(request: HttpRequest) -> HttpResponse:
    """The public form. Only ACCEPTED submissions count against PENGADUAN_SUBMIT_RATE; wrong
    codes are limited separately (PENGADUAN_CAPTCHA_FAILURE_RATE, generous). On a limit the
    form comes back with the text kept and the wait time."""
    status = 200
    if request.method == "POST":
        form = forms.PublicComplaintForm(request.POST, request.FILES)
        submitted_usage = _usage(request, "pengaduan-submit", _submit_rate)
        captcha_usage = _usage(request, "pengaduan-captcha", _captcha_rate)
        # Read without counting: this try would be one more than the limit allows.
        limited = next(
            (u for u in (submitted_usage, captcha_usage) if u["count"] >= u["limit"]), None
        )
        if limited:
            # A fresh form with the typed text kept; nothing is checked, nothing opened.
            form = forms.PublicComplaintForm(initial=request.POST.dict())
            form.wait_message = _wait_message(limited)
            status = 429
        elif form.is_valid():
            try:
                complaint, code = services.submit_public_complaint(
                    intake=form.to_intake(), client_address=client_ip(request)
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                _usage(request, "pengaduan-submit", _submit_rate, increment=True)
                receipt = {
                    "number": complaint.number,
                    "code": code,
                    "emailed": bool(form.cleaned_data.get("reporter_email")),
                }
                _grant(request, complaint)
                return _with_receipt(redirect("pengaduan:submitted"), receipt)
        if status == 200:
            status = 400
            if "captcha" in form.errors:
                _usage(request, "pengaduan-captcha", _captcha_rate, increment=True)
        form.files_dropped = bool(request.FILES)
    else:
        form = forms.PublicComplaintForm()
    context = {"form": form, "retention_days": settings.PENGADUAN_RETENTION_DAYS}
    return render(request, "pengaduan/submit.html", context, status=status)


def _receipt_path() -> str:
    return reverse("pengaduan:submitted")


def _with_receipt(response: HttpResponse, receipt: dict) -> HttpResponse:
    """The number and code travel to the receipt page in a short-lived signed cookie, only
    for that page: the plaintext code is never written to the server's session table."""
    response.set_signed_cookie(
        SUBMITTED,
        json.dumps(receipt),
        salt=SUBMITTED,
        max_age=RECEIPT_SECONDS,
        path=_receipt_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


@never_cache
def submitted(request: HttpRequest) -> HttpResponse:
    """Shows the new number and code once (the code is stored only as a hash)."""
    raw = request.get_signed_cookie(
        SUBMITTED, default=None, salt=SUBMITTED, max_age=RECEIPT_SECONDS
    )
    if raw is None:
        return redirect("pengaduan:track")
    response = render(request, "pengaduan/submitted.html", {"receipt": json.loads(raw)})
    response.delete_cookie(SUBMITTED, path=_receipt_path(), samesite="Strict")
    return response


# --- Tracking ------------------------------------------------------------------------------


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = forms.TrackForm(initial={"number": request.GET.get("nomor", "")[:30]})
        return render(request, "pengaduan/track.html", {"form": form})
    usage = get_usage(request, group="pengaduan-track", key=client_address, rate=_track_rate)
    if usage and usage["count"] >= usage["limit"]:
        return _too_many(request)
    form = forms.TrackForm(request.POST)
    if form.is_valid():
        complaint = services.find_by_tracking(
            number=form.cleaned_data["number"], code=form.cleaned_data["code"]
        )
        if complaint is not None:
            _grant(request, complaint)
            return redirect("pengaduan:tracking", number=complaint.number)
        get_usage(
            request, group="pengaduan-track", key=client_address, rate=_track_rate, increment=True
        )
        form.add_error(None, WRONG_PAIR)
    return render(request, "pengaduan/track.html", {"form": form}, status=400)


def _tracking_page(
    request: HttpRequest, complaint: Complaint, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    context = {
        "tracking": public_tracking(complaint),
        "complete_form": bound.get("complete") or forms.CompleteForm(),
        "dispute_form": bound.get("dispute") or forms.DisputeForm(),
    }
    return render(request, "pengaduan/tracking.html", context, status=status)


def _not_granted(number: str) -> HttpResponse:
    return redirect(f"{reverse('pengaduan:track')}?nomor={services.normalise_number(number)[:30]}")


@never_cache
def tracking(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _granted(request, number)
    if complaint is None:
        return _not_granted(number)
    return _tracking_page(request, complaint)


@never_cache
@require_POST
def tracking_complete(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _granted(request, number)
    if complaint is None:
        return _not_granted(number)
    form = forms.CompleteForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.complete_complaint(
                complaint=complaint,
                text=form.cleaned_data["text"],
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Terima kasih. Kelengkapan pengaduan Anda sudah kami terima.")
            return redirect("pengaduan:tracking", number=complaint.number)
    return _tracking_page(request, complaint, bound={"complete": form}, status=400)


@never_cache
@require_POST
def tracking_dispute(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _granted(request, number)
    if complaint is None:
        return _not_granted(number)
    form = forms.DisputeForm(request.POST)
    if form.is_valid():
        try:
            services.dispute_reply(complaint=complaint, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                "Sanggahan Anda diterima dan diteruskan kepada pejabat terkait serta Kepala Rutan.",
            )
            return redirect("pengaduan:tracking", number=complaint.number)
    return _tracking_page(request, complaint, bound={"dispute": form}, status=400)
