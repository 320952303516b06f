"""Helpers shared by the views of pembinaan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from pembinaan.models import InmateClass, Program

PAGE_SIZE = 50
INBOX_PAGE_SIZE = 10  # each inbox item shows its whole schedule and participants


def error_messages(request: HttpRequest, exc: ValidationError) -> None:
    """Show each message of a refused change (a broken rule) to the user."""
    for message in exc.messages:
        messages.error(request, message)


def label_drifted(allocations, program: Program | None = None) -> None:
    """Give each drifted allocation (annotated `klass`) its class label, and its program when
    `program` is given (already fetched)."""
    labels = dict(InmateClass.choices)
    for allocation in allocations:
        allocation.klass_label = labels.get(allocation.klass, "—")
        if program is not None:
            allocation.program = program
