"""`{% load durations %}`: a length of time in plain Indonesian ("15 menit", "1 jam 30 menit")."""

from datetime import timedelta

from django import template

register = template.Library()


def in_words(value: timedelta) -> str:
    """`timedelta(minutes=90)` → "1 jam 30 menit"; under a minute: "kurang dari 1 menit"."""
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return "kurang dari 1 menit"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "hari"), (hours, "jam"), (minutes, "menit")]
    return " ".join(f"{n} {unit}" for n, unit in parts if n)


@register.filter
def durasi(value: timedelta | None) -> str:
    if not isinstance(value, timedelta):
        return ""
    return in_words(value)
