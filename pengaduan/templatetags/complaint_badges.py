"""`{% load complaint_badges %}`: a complaint's status and deadline badges and its channel's
name, for tables of 50–100 complaints.

Each was an `{% include %}` (a template render with its own context) or a model's
`get_FOO_display()` (which rebuilds the field's choice dictionary on every call) per row; these
look the label and the colour up in dictionaries built once. `_status.html` and `_flag.html`
use the same tags, so every page shows the same badges.
"""

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from pengaduan.models import Channel, Status
from rutan.links import pk_link

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


def _day(value) -> str:
    """`|date:"d-m-Y"` of a date ("" for none, as the filter gives)."""
    return value.strftime("%d-%m-%Y") if value else ""


def _moment(value) -> str:
    """`|date:"d-m-Y H:i"` of an aware datetime, in local time ("" for none)."""
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if value else ""


@register.simple_tag
def complaint_rows(rows) -> SafeString:
    """The `<tr>` rows of `_complaint_table.html` (complaints annotated with `deadline_flag`).
    Written as a template loop each row cost ~0.25 ms (five `|date`, a `{% url %}`, a dozen
    look-ups); this is the same HTML (tests/pengaduan/test_complaint_rows.py), each value read
    and escaped once."""
    detail = pk_link("pengaduan:complaint_detail")
    out = []
    for c in rows:
        lapor = (
            f'<div class="small text-muted">LAPOR! {escape(c.lapor_id)}</div>' if c.lapor_id else ""
        )
        if c.due_date:
            due = (
                f'<span title="Tahap dimulai {_moment(c.status_since)}; hari ke-1'
                f' {_day(c.clock_start)}">{_day(c.due_date)}</span>'
            )
        elif c.lapse_on:
            due = (
                f'<span class="text-muted" title="Menunggu pelapor">s.d. {_day(c.lapse_on)}</span>'
            )
        else:
            due = "-"
        if c.answered_at:
            reply = '<span class="text-muted">dijawab</span>'
        elif c.reply_clock_since:
            reply = _day(c.reply_due_date)
        elif c.reply_due_date and c.is_open:
            reply = (
                '<span class="text-muted" title="Hitungan dijeda selama menunggu pelapor">'
                "dijeda</span>"
            )
        else:
            reply = "-"
        out.append(
            "\n    <tr>"
            f'\n      <td><a href="{detail(c.pk)}">{escape(c.number)}</a>{lapor}</td>'
            f"\n      <td>{_moment(c.received_at)}</td>"
            f"\n      <td>{escape(CHANNEL_LABELS.get(c.channel, c.channel))}</td>"
            f"\n      <td>{escape(c.reporter_display)}</td>"
            f"\n      <td>{escape(c.service.name)}</td>"
            f"\n      <td>{status_badge(c.status)}</td>"
            f"\n      <td>{escape(c.assigned_to) if c.assigned_to else ''}</td>"
            f"\n      <td>{due}</td>"
            f"\n      <td>{reply}</td>"
            f"\n      <td>{flag_badge(c.deadline_flag)}</td>"
            "\n    </tr>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped or a date
