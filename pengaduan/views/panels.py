"""Dashboard panels of the complaint desk (`PengaduanConfig.dashboard_panels`)."""

from django.db.models import Count
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from pengaduan.models import Channel, Complaint, Status
from pengaduan.reports import month_bounds, month_label
from pengaduan.services import ACT, DIRECT, HANDLE
from pengaduan.workdays import due_soon_limit

PANEL_ROWS = 8


def queue_panel(request: HttpRequest) -> str | None:
    """The user's queue with due dates and flags; the Kepala UPT also sees every overdue item."""
    user = request.user
    if not any(user.has_perm(p) for p in (HANDLE, DIRECT, ACT)):
        return None
    today = timezone.localdate()
    soon = due_soon_limit(today)
    visible = Complaint.objects.visible_to(user)
    queue = visible.actionable_by(user).with_deadline_flag(today=today, soon=soon)
    counts = queue.aggregate(
        total=Count("id"),
        late=Count("id", filter=_flag("terlambat")),
        soon=Count("id", filter=_flag("hampir")),
    )
    overdue = None
    if user.has_perm(DIRECT):
        overdue = list(
            visible.overdue(today)
            .with_deadline_flag(today=today, soon=soon)
            .for_list()[:PANEL_ROWS]
        )
    context = {
        "rows": list(queue.for_list()[:PANEL_ROWS]),
        "counts": counts,
        "overdue": overdue,
        "today": today,
    }
    return render_to_string("pengaduan/_queue_panel.html", context, request=request)


def _flag(value: str):
    from django.db.models import Q

    return Q(deadline_flag=value)


def month_panel(request: HttpRequest) -> str | None:
    """This month's complaints by channel and by state."""
    if not request.user.has_perm("pengaduan.view_complaint_report"):
        return None
    month = timezone.localdate().replace(day=1)
    start, end = month_bounds(month)
    received = Complaint.objects.filter(received_at__gte=start, received_at__lt=end)
    by_channel = dict(received.values_list("channel").annotate(n=Count("id")).order_by())
    by_status = dict(received.values_list("status").annotate(n=Count("id")).order_by())
    context = {
        "label": month_label(month),
        "total": sum(by_channel.values()),
        "channels": [(label, by_channel.get(value, 0)) for value, label in Channel.choices],
        "statuses": [
            (label, by_status[value]) for value, label in Status.choices if by_status.get(value)
        ],
    }
    return render_to_string("pengaduan/_month_panel.html", context, request=request)
