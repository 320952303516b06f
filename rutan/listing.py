"""One way to page and sort a staff list.

Every list page uses the same query parameters, so a link keeps every filter of the page:

- ``halaman``: the page number (Django's ``Paginator``; a bad or too-large number shows the
  last page instead of an error);
- ``urut``: the sort key, one of the keys the view allows, with a leading ``-`` for
  descending (``?urut=-nama``). An unknown key falls back to the view's default order.

Templates render ``_pagination.html`` and ``_sort_link.html``, which build their links with
Django's ``{% querystring %}`` tag so the other parameters of the page stay as they are.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest

PAGE_PARAM = "halaman"
SORT_PARAM = "urut"


def paginate(request: HttpRequest, items: QuerySet | Sequence, *, per_page: int) -> Page:
    """The requested page of ``items`` (ordered: the caller sorts first)."""
    return Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))


@dataclass(frozen=True)
class Sorting:
    """The order a list is shown in: ``key`` as in the URL (``"nama"`` or ``"-nama"``)."""

    key: str

    @property
    def field(self) -> str:
        return self.key.removeprefix("-")

    @property
    def descending(self) -> bool:
        return self.key.startswith("-")


def sort(
    request: HttpRequest,
    queryset: QuerySet,
    options: Mapping[str, Sequence[str]],
    *,
    default: str,
) -> tuple[QuerySet, Sorting]:
    """Order ``queryset`` by the ``urut`` parameter, limited to ``options``.

    ``options`` maps a key shown in the URL to the model fields it orders by (ascending);
    descending reverses each of them. Empty values come last either way, on every database.
    The last field of each option should make the order total (e.g. end with the primary
    key), so pages never overlap.

    NULLS LAST is asked for only where a value can be empty: on a NOT NULL column it changes
    nothing but keeps PostgreSQL from reading the page off an index (``received_at DESC NULLS
    LAST`` sorts all 20,000 complaints for the first 50; ``received_at DESC`` reads 50).
    """
    requested = request.GET.get(SORT_PARAM, "")
    sorting = Sorting(requested if requested.removeprefix("-") in options else default)
    order = []
    for name in options[sorting.field]:
        descending = name.startswith("-") != sorting.descending
        path = name.removeprefix("-")
        field = F(path)
        if not _can_be_empty(queryset.model, path):
            order.append(field.desc() if descending else field.asc())
        else:
            order.append(field.desc(nulls_last=True) if descending else field.asc(nulls_last=True))
    return queryset.order_by(*order), sorting


def _can_be_empty(model, path: str) -> bool:
    """Whether ``path`` (``"field"`` or ``"relation__field"``) can be NULL in a row of ``model``:
    a nullable column, or one reached through a nullable relation. True for what is not a
    plain field path (an annotation), to be safe."""
    try:
        for part in path.split("__"):
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
            if field.null or (field.is_relation and not field.concrete):
                return True
            model = field.related_model
    except (FieldDoesNotExist, AttributeError):
        return True
    return False
