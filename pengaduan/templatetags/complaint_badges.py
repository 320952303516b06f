"""`{% load complaint_badges %}`: a complaint's status and deadline badges and its channel's
name, for tables of 50–100 complaints.

Each was an `{% include %}` (a template render with its own context) or a model's
`get_FOO_display()` (which rebuilds the field's choice dictionary on every call) per row; these
look the label and the colour up in dictionaries built once. `_status.html` and `_flag.html`
use the same tags, so every page shows the same badges.
"""

from django import template
from django.utils.html import format_html

from pengaduan.models import Channel, Status

register = template.Library()

STATUS_LABELS = dict(Status.choices)
CHANNEL_LABELS = dict(Channel.choices)
STATUS_STYLE = {
    Status.SELESAI: "success",
    Status.DIJAWAB: "success",
    Status.DITOLAK: "secondary",
    Status.DICABUT: "secondary",
    Status.DIGABUNG: "secondary",
    Status.DIRUJUK: "info",
    Status.PERLU_KELENGKAPAN: "warning",
}
FLAGS = {
    "terlambat": ("danger", "Terlambat"),
    "hampir": ("warning", "Hampir jatuh tempo"),
}


@register.simple_tag
def status_badge(status: str, label: str = "") -> str:
    """The status as a coloured badge; `label` overrides the status's own name."""
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        STATUS_STYLE.get(status, "primary"),
        label or STATUS_LABELS.get(status, status),
    )


@register.simple_tag
def flag_badge(flag: str | None) -> str:
    """ "Terlambat" or "Hampir jatuh tempo" for a deadline flag, nothing otherwise."""
    if flag not in FLAGS:
        return ""
    style, label = FLAGS[flag]
    return format_html('<span class="badge text-bg-{}">{}</span>', style, label)


@register.filter
def channel_name(value: str) -> str:
    """The channel's name (what `get_channel_display` gives, without rebuilding the choices)."""
    return CHANNEL_LABELS.get(value, value)
