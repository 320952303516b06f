"""What the staff views of the complaint desk share: the permissions they check and the one way
they read a complaint, through `Complaint.objects.visible_to(user)` (scope + identity masking)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pengaduan import services
from pengaduan.models import Complaint
from pengaduan.workdays import due_soon_limit

VIEW = "pengaduan.view_complaint"
HANDLE = services.HANDLE
DIRECT = services.DIRECT
ACT = services.ACT


def permission_required_any(*perms: str):
    """Like permission_required(raise_exception=True), for "any of these permissions"."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(request.user.has_perm(p) for p in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def visible(request: HttpRequest):
    return Complaint.objects.visible_to(request.user)


def get_visible(request: HttpRequest, pk: int) -> Complaint:
    queryset = visible(request).select_related(
        "service", "assigned_to", "created_by", "merged_into"
    )
    return get_object_or_404(queryset, pk=pk)


def deadline_context() -> dict:
    today = timezone.localdate()
    return {"today": today, "soon": due_soon_limit(today)}
