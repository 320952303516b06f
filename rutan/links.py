"""Links of long tables, without a `reverse()` per row."""

from collections.abc import Callable

from django.urls import reverse
from django.utils.html import escape

_PLACEHOLDER = 987654321  # a pk no URL pattern can contain by chance


def pk_link(viewname: str) -> Callable[[int], str]:
    """An HTML-escaped URL of `viewname` for any pk, from one `reverse()`: a table of 300 rows
    reversed the same pattern 300 times (~15 µs each) for URLs that differ only in the pk."""
    before, after = escape(reverse(viewname, args=[_PLACEHOLDER])).split(str(_PLACEHOLDER))
    return lambda pk: f"{before}{int(pk)}{after}"
