"""Dashboard panels of the complaint desk (`PengaduanConfig.dashboard_panels`).

The dashboard is shared by every app; each of these panels puts only a placeholder there (no
query) that htmx fills from its own URL once the page is shown. The dashboard's query count thus
stays the same whatever this app adds, a slow panel never holds the page up, and each panel's
own view keeps a constant query count (tests/pengaduan/test_dashboard_panels.py).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pengaduan.models import Complaint, Status
from pengaduan.reports import received_figures
from pengaduan.services import ACT, DIRECT, HANDLE
from pengaduan.workdays import due_soon_limit
from rutan.months import Month

PANEL_ROWS = 8
REPORT = "pengaduan.view_complaint_report"


def _may_see_queue(user) -> bool:
    return any(user.has_perm(p) for p in (HANDLE, DIRECT, ACT))


def _placeholder(title: str, icon: str, url_name: str, fallback: str) -> str:
    return render_to_string(
        "pengaduan/_panel_placeholder.html",
        {"title": title, "icon": icon, "url": reverse(url_name), "fallback": fallback},
    )


def queue_panel(request: HttpRequest) -> str | None:
    if not _may_see_queue(request.user):
        return None
    return _placeholder(
        "Antrean pengaduan saya", "bi-inbox", "pengaduan:queue_panel", reverse("pengaduan:inbox")
    )


def month_panel(request: HttpRequest) -> str | None:
    if not request.user.has_perm(REPORT):
        return None
    return _placeholder(
        "Pengaduan bulan ini", "bi-megaphone", "pengaduan:month_panel", reverse("pengaduan:recap")
    )


@login_required
def queue_panel_view(request: HttpRequest) -> HttpResponse:
    """The user's queue with due dates and flags; the Kepala UPT also sees every overdue item."""
    user = request.user
    if not _may_see_queue(user):
        raise PermissionDenied
    today = timezone.localdate()
    soon = due_soon_limit(today)
    visible = Complaint.objects.visible_to(user)
    queue = visible.actionable_by(user).with_deadline_flag(today=today, soon=soon)
    counts = queue.aggregate(
        total=Count("id"),
        late=Count("id", filter=Q(deadline_flag="terlambat")),
        soon=Count("id", filter=Q(deadline_flag="hampir")),
        awaiting_direction=Count("id", filter=Q(status=Status.MENUNGGU_ARAHAN)),
    )
    overdue = None
    if user.has_perm(DIRECT):
        overdue = visible.overdue(today).for_list()[:PANEL_ROWS]
    context = {
        "rows": queue.for_list()[:PANEL_ROWS],
        "counts": counts,
        "overdue": overdue,
        # The Kepala UPT is told when recommendations await his direction.
        "awaiting_direction": counts["awaiting_direction"] if user.has_perm(DIRECT) else 0,
    }
    return render(request, "pengaduan/_queue_panel.html", context)


@login_required
def month_panel_view(request: HttpRequest) -> HttpResponse:
    """This month's complaints the user may see (the same rule as the lists), by channel and
    by state."""
    if not request.user.has_perm(REPORT):
        raise PermissionDenied
    figures = received_figures(Month.current(), user=request.user)
    context = {
        "label": figures.month.label,
        "total": figures.total,
        "channels": figures.by_channel,
        "statuses": [(label, n) for label, n in figures.by_status if n],
    }
    return render(request, "pengaduan/_month_panel.html", context)
