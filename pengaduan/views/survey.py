"""The satisfaction survey (SKM): the public page, the kiosk, the public index and the staff's
results.

- `/survei/` (no login, phone-friendly): the nine questions, the profile, a suggestion; with
  the complaint form's abuse rules: honeypot, self-hosted challenge, a limit of accepted
  responses per client address (`PENGADUAN_SURVEY_RATE`; the limiter's counter is kept
  transiently in the cache, nothing is stored with the response). `?dari=pelacakan` marks the
  invitation from a closed complaint's tracking page.
- `/survei/kiosk/`: the same questions on the tablet in the visiting room, without the
  challenge. It answers only on a device activated by staff (a signed cookie naming a random
  device id, `/survei/kiosk/aktifkan/`), and is limited per device
  (`PENGADUAN_SURVEY_KIOSK_RATE`). After each respondent a thank-you screen returns to a
  fresh, empty form; nothing of the answers is kept in the browser or the session, and the
  pages are never cached (the Back button shows no previous answers).
- `/survei/indeks/`: the latest published index, loaded by htmx into the public standard page.
- `/survei/qr.svg`: the QR code of the survey's public address (`PENGADUAN_SITE_URL`), for the
  printed standard and `/survei/poster/`, the A4 poster for the venue (both public: they show
  only what the printed standard shows).
- `/survei/hasil/`: per semester, the figures, printable and as XLSX, for
  `pengaduan.view_survey_results`; the Kepala UPT (`pengaduan.publish_survey`) enters the
  population and publishes the index.
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required, permission_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage

from pengaduan import services, survey_forms, survey_qr, survey_report
from pengaduan.models import SurveyChannel
from pengaduan.views.public import client_address
from rutan.exports import xlsx_response
from rutan.forms import add_service_error
from rutan.models import UnitProfile

RESULTS = "pengaduan.view_survey_results"
PUBLISH = "pengaduan.publish_survey"
KIOSK_COOKIE = "skm_kios"
KIOSK_SALT = "pengaduan.survey.kiosk"
KIOSK_MAX_AGE = 400 * 24 * 3600  # a year and a bit; re-activate once a year
QR_MAX_AGE = 24 * 3600  # a changed PENGADUAN_SITE_URL reaches every cache within a day
SURVEY_GROUP = "pengaduan-survey"
KIOSK_GROUP = "pengaduan-survey-kiosk"
CAPTCHA_GROUP = "pengaduan-captcha"  # shared with the complaint form: one budget of wrong codes


def _survey_rate(group: str, request: HttpRequest) -> str:
    return settings.PENGADUAN_SURVEY_RATE


def _kiosk_rate(group: str, request: HttpRequest) -> str:
    return settings.PENGADUAN_SURVEY_KIOSK_RATE


def _captcha_rate(group: str, request: HttpRequest) -> str:
    return settings.PENGADUAN_CAPTCHA_FAILURE_RATE


def _kiosk_device(request: HttpRequest) -> str | None:
    """The random id of an activated kiosk device, or None."""
    try:
        return request.get_signed_cookie(KIOSK_COOKIE, salt=KIOSK_SALT, max_age=KIOSK_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None


def _kiosk_key(group: str, request: HttpRequest) -> str:
    return _kiosk_device(request) or client_address(group, request)


def _wait_message(usage: dict) -> str:
    minutes = max(1, -(-int(usage.get("time_left") or 60) // 60))
    return (
        f"Terlalu banyak jawaban dari jaringan atau perangkat ini. Coba lagi dalam {minutes} menit."
    )


def _limited(request: HttpRequest, checks) -> dict | None:
    """The first (group, key, rate) whose limit is reached, read without counting."""
    for group, key, rate in checks:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            return usage
    return None


def _count(request: HttpRequest, group: str, key, rate) -> None:
    get_usage(request, group=group, key=key, rate=rate, increment=True)


# --- The respondent's pages -------------------------------------------------------------------


@never_cache
def survey(request: HttpRequest) -> HttpResponse:
    """The public page (phone-friendly). Only accepted responses count against the limit."""
    if request.GET.get("kiosk") == "1":
        return redirect("survei:kiosk")
    status = 200
    wait_message = ""
    if request.method == "POST":
        form = survey_forms.PublicSurveyForm(request.POST)
        limited = _limited(
            request,
            [
                (SURVEY_GROUP, client_address, _survey_rate),
                (CAPTCHA_GROUP, client_address, _captcha_rate),
            ],
        )
        if limited:
            wait_message = _wait_message(limited)
            status = 429
        elif form.is_valid():
            try:
                services.submit_survey_response(
                    answers=form.to_answers(), channel=form.channel(kiosk=False)
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                _count(request, SURVEY_GROUP, client_address, _survey_rate)
                return redirect("survei:thanks")
        if status == 200:
            status = 400
            if "captcha" in form.errors:
                _count(request, CAPTCHA_GROUP, client_address, _captcha_rate)
    else:
        source = SurveyChannel.TRACKING if request.GET.get("dari") == "pelacakan" else ""
        form = survey_forms.PublicSurveyForm(initial={"source": source})
    context = {"form": form, "wait_message": wait_message, "kiosk": False}
    return render(request, "pengaduan/survei/form.html", context, status=status)


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "pengaduan/survei/thanks.html")


@never_cache
def kiosk(request: HttpRequest) -> HttpResponse:
    """The tablet's form: a fresh, empty form on every GET; nothing kept between respondents."""
    if _kiosk_device(request) is None:
        return render(request, "pengaduan/survei/kiosk_inactive.html", status=403)
    status = 200
    wait_message = ""
    if request.method == "POST":
        form = survey_forms.SurveyForm(request.POST)
        limited = _limited(request, [(KIOSK_GROUP, _kiosk_key, _kiosk_rate)])
        if limited:
            wait_message = _wait_message(limited)
            status = 429
        elif form.is_valid():
            try:
                services.submit_survey_response(
                    answers=form.to_answers(), channel=form.channel(kiosk=True)
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                _count(request, KIOSK_GROUP, _kiosk_key, _kiosk_rate)
                return redirect("survei:kiosk_thanks")
        if status == 200:
            status = 400
    else:
        form = survey_forms.SurveyForm()
    context = {"form": form, "wait_message": wait_message, "kiosk": True}
    return render(request, "pengaduan/survei/kiosk.html", context, status=status)


@never_cache
def kiosk_thanks(request: HttpRequest) -> HttpResponse:
    """Thank-you, then back to a fresh form by itself (a meta refresh: works without script)."""
    context = {"reset_seconds": settings.PENGADUAN_SURVEY_KIOSK_RESET_SECONDS}
    return render(request, "pengaduan/survei/kiosk_thanks.html", context)


@login_required
@permission_required(RESULTS, raise_exception=True)
@require_http_methods(["GET", "POST"])
@never_cache
def kiosk_setup(request: HttpRequest) -> HttpResponse:
    """Staff turn this browser into the survey kiosk (and are logged out), or turn it off."""
    active = _kiosk_device(request) is not None
    if request.method != "POST":
        return render(request, "pengaduan/survei/kiosk_setup.html", {"active": active})
    if request.POST.get("action") == "matikan":
        response = redirect("survei:kiosk_setup")
        response.delete_cookie(KIOSK_COOKIE)
        messages.success(request, "Mode kios dimatikan di perangkat ini.")
        return response
    logout(request)  # the tablet must not stay logged in as staff
    response = redirect("survei:kiosk")
    response.set_signed_cookie(
        KIOSK_COOKIE,
        secrets.token_urlsafe(16),
        salt=KIOSK_SALT,
        max_age=KIOSK_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def public_index(request: HttpRequest) -> HttpResponse:
    """The latest published index: a fragment for the standard page (htmx), a page otherwise."""
    context = {
        "published": survey_report.latest_published_index(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "pengaduan/survei/_index_fragment.html", context)
    return render(request, "pengaduan/survei/index.html", context)


@require_safe
@cache_control(public=True, max_age=QR_MAX_AGE)
def qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the survey's public address, as SVG (for an <img>). Made from the
    settings alone, never from the request's Host header; no query of the database."""
    svg = survey_qr.qr_svg(survey_qr.survey_url())
    return HttpResponse(svg, content_type="image/svg+xml")


def poster(request: HttpRequest) -> HttpResponse:
    """The A4 poster for the venue: the QR code, the unit's name (layout context) and the
    address in text. Public, like the printed standard: it shows nothing else."""
    return render(request, "pengaduan/survei/poster.html", {"survey_url": survey_qr.survey_url()})


# --- The staff's results ----------------------------------------------------------------------


def _period(request: HttpRequest):
    form = survey_forms.PeriodForm(request.GET if "tahun" in request.GET else None)
    return form, form.period()


@login_required
@permission_required(RESULTS, raise_exception=True)
def results(request: HttpRequest) -> HttpResponse:
    form, period = _period(request)
    figures = survey_report.period_results(period)
    publish_form = survey_forms.PublishForm(
        initial={
            "tahun": period.year,
            "semester": period.semester,
            "population": figures.population if figures.population_entered else None,
            "published": figures.published,
        }
    )
    context = {
        "form": form,
        "period": period,
        "results": figures,
        "publish_form": publish_form,
        "may_publish": request.user.has_perm(PUBLISH),
        "signature_place": settings.REPORT_PLACE,
    }
    return render(request, "pengaduan/survei/results.html", context)


@login_required
@permission_required(RESULTS, raise_exception=True)
def results_xlsx(request: HttpRequest) -> HttpResponse:
    _, period = _period(request)
    figures = survey_report.period_results(period)
    sheets = survey_report.result_sheets(figures, unit_name=UnitProfile.load().name)
    return xlsx_response(f"skm-{period.slug}.xlsx", *sheets)


@login_required
@permission_required(PUBLISH, raise_exception=True)
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    form = survey_forms.PublishForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return _to_results(survey_forms.PeriodForm(request.POST).period())
    data = form.cleaned_data
    try:
        period = services.set_survey_period(
            year=data["tahun"],
            semester=data["semester"],
            population=data["population"],
            published=data["published"],
            by=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _to_results(survey_report.Semester(data["tahun"], data["semester"]))
    messages.success(
        request,
        "Indeks periode ini diterbitkan di halaman standar pelayanan."
        if period.published
        else "Data periode disimpan; indeks tidak ditampilkan untuk umum.",
    )
    return _to_results(survey_report.Semester(period.year, period.semester))


def _to_results(period: survey_report.Semester) -> HttpResponse:
    return redirect(f"{reverse('survei:results')}?tahun={period.year}&semester={period.semester}")
