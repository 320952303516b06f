"""`{% load sorting %}{% sort_link "nama" "Nama" %}`: a sortable column heading.

What `_sort_link.html` gave as an include (which costs a template render with its own context
per heading: a week view has 28), as one tag. Needs `sorting` (rutan.listing.Sorting) and the
request in the context. Clicking sorts ascending, clicking again descending; the page number is
dropped, every other parameter kept (Django's `{% querystring %}`).
"""

from django import template
from django.template.defaulttags import querystring
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label: str) -> str:
    sorting = context["sorting"]
    if sorting.field != key:
        return format_html(
            '<a class="text-reset" href="{}" title="Urutkan menurut {}">{}</a>',
            querystring(context, urut=key, halaman=None),
            str(label).lower(),
            label,
        )
    descending = sorting.descending
    return format_html(
        '<a class="text-reset text-decoration-none" href="{}" title="Urutkan {}">{} '
        '<i class="bi bi-caret-{}-fill" aria-hidden="true"></i>'
        '<span class="visually-hidden">(urut {})</span></a>',
        querystring(context, urut=key if descending else f"-{key}", halaman=None),
        "naik" if descending else "turun",
        label,
        "down" if descending else "up",
        "turun" if descending else "naik",
    )
