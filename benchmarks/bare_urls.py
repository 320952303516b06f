"""The URLconf of `benchmarks/pages.py`: the site's own, plus one *bare view* per page.

A bare view is what a page would cost with nothing but its data: the same request path
through the middleware (session, user, CSRF, CSP, history, axes), the same login and named
permission check, then the page's queryset or report function rendered into a one-line
template. `pages.measure` fills `VIEWS` and requests `/__bare__/<n>/` beside the page, so the
ratio page ÷ bare view is what the page adds to its data: its layout, its rows' markup and
the queries the bare view does not run.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from rutan.urls import urlpatterns as site_patterns

# (permission or None, a function returning the rendered line) per page, in `pages()` order.
VIEWS: list[tuple[str | None, Callable[[], str]]] = []


@login_required
def bare(request: HttpRequest, index: int) -> HttpResponse:
    permission, render = VIEWS[index]
    if permission and not request.user.has_perm(permission):
        raise PermissionDenied
    return HttpResponse(render())


urlpatterns = [path("__bare__/<int:index>/", bare), *site_patterns]
