from django.http import HttpRequest

from rutan.models import UnitProfile


def unit(request: HttpRequest) -> dict:
    """The unit's profile, for the layout's header and footer and for letterheads."""
    return {"unit": UnitProfile.load()}
