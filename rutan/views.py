from captcha.views import captcha_refresh as _captcha_refresh
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django_ratelimit.decorators import ratelimit

from rutan.clientip import ratelimit_key
from rutan.dashboard import render_panels
from rutan.models import ServiceStandard


def home(request: HttpRequest) -> HttpResponse:
    """Public landing page: the service standard "Pembinaan Kesenian" (no login)."""
    return render(request, "rutan/service_standard.html", {"standard": ServiceStandard.load()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each role's landing page: the panels of every app that this user may see."""
    if request.user.is_staff and not request.user.groups.exists():
        return redirect("admin:index")
    return render(request, "rutan/dashboard.html", {"panels": render_panels(request)})


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
