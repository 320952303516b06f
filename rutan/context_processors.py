from django.http import HttpRequest

from rutan.models import UnitProfile


def unit(request: HttpRequest) -> dict:
    """The unit's profile, for the layout's header and footer and for letterheads.

    Loaded once per request: dashboard panels rendered with the request would otherwise each
    query it again.
    """
    profile = getattr(request, "_unit_profile", None)
    if profile is None:
        profile = request._unit_profile = UnitProfile.load()
    return {"unit": profile}
