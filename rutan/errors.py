"""Error pages in Indonesian: 400, 403 (and a failed CSRF check), 404, 405, 500.

Django's own pages (English "Bad Request", the technical CSRF page, a blank 405) never reach a
visitor. A 403 is an expected event, logged as one line without a traceback.
"""

from django.http import HttpRequest, HttpResponse
from django.template import loader


def _render(template: str, status: int, request: HttpRequest | None = None) -> HttpResponse:
    return HttpResponse(loader.render_to_string(template, request=request), status=status)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render("403.html", 403, request)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render("404.html", 404, request)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the failing part may be the context itself.
    return _render("500.html", 500)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render("400.html", 400, request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _render("403_csrf.html", 403, request)


def method_not_allowed_page(get_response):
    """Middleware: a bare 405 (from `@require_POST` and friends) gets the Indonesian page; the
    `Allow` header is kept."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code == 405 and not response.content:
            page = _render("405.html", 405, request)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response

    return middleware
