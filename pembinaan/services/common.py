"""Helpers shared by the service modules of pembinaan."""

from collections.abc import Sequence


def set_fields(obj, allowed: Sequence[str], values: dict) -> None:
    """Set only the allowed fields; an unknown name is a programming error."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(obj, name, value)
