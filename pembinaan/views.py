"""Views of the pembinaan app: thin function views that check a named permission."""

from django.db.models import Count
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from pembinaan.models import Inmate, InmateClass, RegistrationStatus, SdpImport


def register_panel(request: HttpRequest) -> str | None:
    """Dashboard panel: the register's figures (by class and block) and recent imports."""
    if not request.user.has_perm("pembinaan.view_inmate"):
        return None
    today = timezone.localdate()
    active = Inmate.objects.active()
    by_class = dict(
        active.with_class(today).values_list("klass").annotate(n=Count("id")).order_by()
    )
    classes = [(label, by_class.get(value, 0)) for value, label in InmateClass.choices]
    if by_class.get(""):
        classes.append(("Data pidana belum lengkap", by_class[""]))
    by_block = active.values_list("block").annotate(n=Count("id")).order_by("block")
    by_status = dict(Inmate.objects.values_list("status").annotate(n=Count("id")).order_by())
    context = {
        "total_active": sum(by_class.values()),
        "classes": classes,
        "blocks": list(by_block),
        "statuses": [
            (label, by_status.get(value, 0)) for value, label in RegistrationStatus.choices
        ],
        "imports": SdpImport.objects.select_related("imported_by")[:5],
    }
    return render_to_string("pembinaan/_register_panel.html", context, request=request)
