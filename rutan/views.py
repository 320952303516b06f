from captcha.views import captcha_refresh as _captcha_refresh
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from rutan import jobs
from rutan.calendar import cuti_bersama_reminder_year
from rutan.clientip import ratelimit_key
from rutan.dashboard import render_panels
from rutan.models import Job, JobStatus, ServiceStandard


def _standard_context() -> dict:
    standard = ServiceStandard.load()
    return {"standard": standard, "components": standard.published_components()}


def home(request: HttpRequest) -> HttpResponse:
    """Public landing page: the service standard "Pembinaan Kesenian" (no login), with only
    the components that have content."""
    return render(request, "rutan/service_standard.html", _standard_context())


def standard_print(request: HttpRequest) -> HttpResponse:
    """The published standard as one printable A4 page for the service point (no login)."""
    return render(request, "rutan/service_standard_print.html", _standard_context())


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each role's landing page: the panels of every app that this user may see."""
    roles = [group.name for group in request.user.groups.all()]
    if request.user.is_staff and not roles:
        return redirect("admin:index")
    return render(
        request, "rutan/dashboard.html", {"panels": render_panels(request), "roles": roles}
    )


def ratelimited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Shown by django-ratelimit when a client sends too many requests."""
    return render(request, "429.html", status=429)


def _refresh_rate(group: str, request: HttpRequest) -> str:
    return settings.CAPTCHA_REFRESH_RATE


@ratelimit(group="captcha-refresh", key=ratelimit_key, rate=_refresh_rate, block=False)
def captcha_refresh(request: HttpRequest) -> HttpResponse:
    """A new security-code image (django-simple-captcha's view), limited per client."""
    if request.limited:
        return ratelimited(request, None)
    return _captcha_refresh(request)


@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every site: send them to the static icon, not a 404."""
    return redirect(static("favicon.ico"), permanent=True)


@login_required
@require_http_methods(["GET", "POST"])
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    """A background job: its progress bar (polled by htmx), then its summary or download link.

    Only the job's owner (and admins) may see it. Viewing never changes it: a small job the
    worker has not picked up in time runs inline when its owner presses "Jalankan sekarang"
    (a POST to this page).
    """
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    if request.method == "POST":
        jobs.run_inline_if_stalled(job)
        return redirect("job_detail", pk=job.pk)
    context = {
        "job": job,
        "result_template": jobs.result_template(job),
        "worker_down": job.status == JobStatus.QUEUED and jobs.worker_seems_down(),
        "worker_grace": int(jobs.worker_grace().total_seconds()),
    }
    if request.headers.get("HX-Request"):
        return render(request, "rutan/_job_status.html", context)
    return render(request, "rutan/job.html", context)


@login_required
def job_download(request: HttpRequest, pk) -> FileResponse:
    """The file a job produced, for its owner (and admins) only, while it is kept."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    store = jobs.storage()
    if job.status != JobStatus.DONE or not job.result_file or not store.exists(job.result_file):
        raise Http404("Berkas tidak ada lagi.")
    return FileResponse(
        store.open(job.result_file, "rb"), as_attachment=True, filename=job.result_name
    )


def worker_panel(request: HttpRequest) -> str | None:
    """Dashboard alert for admins (and the owner of a waiting job) when the worker seems down."""
    user = request.user
    concerned = user.is_superuser or user.has_perm("rutan.view_job")
    if not concerned and not Job.objects.active().filter(owner=user).exists():
        return None
    if not jobs.worker_seems_down():
        return None
    seconds = int(jobs.worker_grace().total_seconds())
    return render_to_string(
        "rutan/_worker_panel.html",
        {
            "message": " ".join(
                [
                    jobs.WORKER_DOWN_MESSAGE.format(seconds=seconds),
                    jobs.WORKER_DOWN_ADMIN_HINT if user.is_staff else jobs.WORKER_DOWN_STAFF_HINT,
                ]
            )
        },
        request=request,
    )


def holiday_panel(request: HttpRequest) -> str | None:
    """Yearly reminder for those who keep the holiday calendar (``rutan.add_holiday``): from
    October, next year has no cuti bersama yet."""
    if not request.user.has_perm("rutan.add_holiday"):
        return None
    year = cuti_bersama_reminder_year()
    if year is None:
        return None
    return render_to_string("rutan/_holiday_panel.html", {"year": year}, request=request)
