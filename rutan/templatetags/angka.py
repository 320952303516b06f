"""`{% load angka %}`: `{{ n|angka }}` writes a figure the Indonesian way (30.147; 81,5).

`{{ n|angka:1 }}` fixes one decimal place. See rutan/numbers.py for why this is a filter and
not ``USE_THOUSAND_SEPARATOR``.
"""

from django import template

from rutan.numbers import angka as format_angka

register = template.Library()


@register.filter
def angka(value, decimals=None) -> str:
    try:
        places = None if decimals in (None, "") else int(decimals)
    except (TypeError, ValueError):
        places = None
    return format_angka(value, places)
