"""Helpers shared by the views of pembinaan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

PAGE_SIZE = 50
INBOX_PAGE_SIZE = 10  # each inbox item shows its whole schedule and participants


def error_messages(request: HttpRequest, exc: ValidationError) -> None:
    """Show each message of a refused change (a broken rule) to the user."""
    for message in exc.messages:
        messages.error(request, message)
