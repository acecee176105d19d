"""Reading parameters of a request (query strings, forms) without a 500 on a malformed one."""

from __future__ import annotations

from typing import overload


@overload
def int_param(value: str | None, default: int) -> int: ...
@overload
def int_param(value: str | None, default: None) -> int | None: ...
def int_param(value: str | None, default: int | None) -> int | None:
    """`value` as a whole number, or `default` when it is missing, empty or not a whole number."""
    if value is None:
        return default
    try:
        return int(value.strip())
    except ValueError:
        return default
