"""`{% sort_link %}` (rutan/templatetags/sorting.py): a sortable heading keeps every other
parameter, drops the page number and flips the direction (issue 15: a tag, not an include)."""

from django.template import Context, Template
from django.test import RequestFactory

from rutan.listing import Sorting

HEADING = Template('{% load sorting %}{% sort_link "nama" "Nama Lengkap" %}')


def _render(query: str, key: str) -> str:
    request = RequestFactory().get(f"/daftar/?{query}")
    context = Context({"sorting": Sorting(key)})
    context.request = request  # what {% querystring %} reads (no context processors: no DB)
    return HEADING.render(context)


def test_another_column_sorts_by_this_one_and_keeps_the_filters():
    assert _render("urut=status&halaman=3&q=a%26b", "status") == (
        '<a class="text-reset" href="?urut=nama&amp;q=a%26b" '
        'title="Urutkan menurut nama lengkap">Nama Lengkap</a>'
    )


def test_the_sorted_column_flips_to_descending():
    assert _render("urut=nama&halaman=2", "nama") == (
        '<a class="text-reset text-decoration-none" href="?urut=-nama" title="Urutkan turun">'
        'Nama Lengkap <i class="bi bi-caret-up-fill" aria-hidden="true"></i>'
        '<span class="visually-hidden">(urut naik)</span></a>'
    )


def test_the_descending_column_flips_back_to_ascending():
    assert _render("urut=-nama&x=1&x=2", "-nama") == (
        '<a class="text-reset text-decoration-none" href="?urut=nama&amp;x=1&amp;x=2" '
        'title="Urutkan naik">Nama Lengkap <i class="bi bi-caret-down-fill" aria-hidden="true">'
        '</i><span class="visually-hidden">(urut turun)</span></a>'
    )
