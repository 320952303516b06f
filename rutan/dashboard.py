"""The dashboard is made of panels contributed by each app.

An app lists dotted paths of panel functions in its `AppConfig.dashboard_panels`; a panel takes
the request and returns rendered HTML, or None when the user has nothing to see there (a panel
checks its own permissions).
"""

from collections.abc import Callable

from django.apps import apps
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

Panel = Callable[[HttpRequest], str | None]


def panel_functions() -> list[Panel]:
    functions: list[Panel] = []
    for config in apps.get_app_configs():
        functions.extend(import_string(path) for path in getattr(config, "dashboard_panels", []))
    return functions


def render_panels(request: HttpRequest) -> list[SafeString]:
    rendered = (panel(request) for panel in panel_functions())
    return [mark_safe(html) for html in rendered if html]  # noqa: S308 - rendered templates
