"""Reading numbers from a query string: a missing or malformed value falls back to a default."""

from __future__ import annotations


def int_param(value: str | None, default: int) -> int:
    """`int(value)`, or `default` when the value is missing, empty or not a whole number."""
    try:
        return int(value or default)
    except ValueError:
        return default
