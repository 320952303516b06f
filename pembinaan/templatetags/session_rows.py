"""Rows of the schedule and of a plan's planned sessions, built in Python.

A regional office holds about 300 sessions in a week. Written as a template loop, each row
cost ~0.2 ms (ten variable look-ups, two `|time` filters, a `{% url %}`, the status display
rebuilt from the choices): most of the week view's time. This tag gives the same HTML in one
pass per row: the detail URL from one `reverse()`, the status labels and colours from one
dictionary, the times from `localtime()`.
"""

from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from pembinaan.models import Session, SessionStatus
from rutan.links import pk_link

register = template.Library()


def _hm(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


@register.simple_tag
def schedule_rows(sessions: list[Session]) -> SafeString:
    """One `<tr>` per session: time, program (linked) with its art form, venue, participants,
    status badge and, for a held session, its time flags."""
    detail = pk_link("pembinaan:session_detail")
    labels = {value: escape(label) for value, label in SessionStatus.choices}
    rows = []
    for s in sessions:
        flags = ""
        if s.status == SessionStatus.FINISHED:
            flags = "".join(
                f' <span class="badge text-bg-danger">{escape(label.lower())}</span>'
                for label in s.time_flag_labels
            )
        rows.append(
            "\n      <tr>\n"
            f'        <td style="width:9rem">{_hm(s.planned_start)}–{_hm(s.planned_end)}</td>\n'
            f'        <td><a href="{detail(s.pk)}">{escape(s.program.name)}</a>'
            f' <small class="text-muted">{escape(s.program.art_form.name)}</small></td>\n'
            f"        <td>{escape(s.venue.name)}</td>\n"
            f"        <td>{s.participant_count} peserta</td>\n"
            f'        <td><span class="badge text-bg-{s.badge}">'
            f"{labels.get(s.status, escape(s.status))}</span>{flags}</td>\n"
            "      </tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value is escaped above


@lru_cache(maxsize=8)
def _short_names(language: str) -> tuple[list[str], dict[int, str]]:
    """The short day and month names of `language` (the active one), escaped: translated
    once per language instead of once per plan."""
    days = [escape(WEEKDAYS_ABBR[n]) for n in range(7)]
    months = {n: escape(str(MONTHS_3[n]).title()) for n in range(1, 13)}
    return days, months


@register.simple_tag
def planned_session_items(schedule: list) -> SafeString:
    """The `<li>` items of a plan's planned sessions ("Sen, 2 Mar 2026 09:00–09:45"), as
    `{{ start|date:"D, j M Y H:i" }}–{{ end|date:"H:i" }}` gave them: the inbox shows ten plans
    of some 26 sessions each, and Django's `|date` costs ~20 µs a call. The day and month
    names come from Django's translated lists, looked up once per language."""
    days, months = _short_names(get_language())
    zone = timezone.get_current_timezone()  # once: each look-up goes through a context-local
    items = []
    for item in schedule:
        start, end = item.start.astimezone(zone), item.end.astimezone(zone)
        items.append(
            f"<li>{days[start.weekday()]}, {start.day} {months[start.month]} {start.year}"
            f" {start.hour:02d}:{start.minute:02d}–{end.hour:02d}:{end.minute:02d}</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - the names are escaped, the rest are digits


@register.simple_tag
def today_items(sessions: list[Session]) -> SafeString:
    """The dashboard's "Sesi hari ini" `<li>` items: start, program (linked), venue,
    participants and the status badge (~40 a day at a regional office)."""
    detail = pk_link("pembinaan:session_detail")
    labels = {value: escape(label) for value, label in SessionStatus.choices}
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            '\n        <li class="list-group-item d-flex justify-content-between'
            ' align-items-center">'
            f'\n          <span>{_hm(s.planned_start)} · <a href="{detail(s.pk)}">'
            f'{escape(s.program.name)}</a> <small class="text-muted">{escape(s.venue.name)}'
            f" · {s.participant_count} peserta</small></span>"
            f'\n          <span class="badge text-bg-{s.badge}">'
            f"{labels.get(s.status, escape(s.status))}</span>\n        </li>\n      "
            for s in sessions
        )
    )


@register.simple_tag
def name_items(names: list[str]) -> SafeString:
    """`<li>` items of plain names (the inbox lists up to a hundred participants per plan;
    `unordered_list` walks each item as a possible nested list)."""
    return mark_safe("".join(f"<li>{escape(name)}</li>" for name in names))  # noqa: S308
