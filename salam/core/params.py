"""Reading parameters of a request (query strings, forms) without a 500 on a malformed one."""

from __future__ import annotations

from typing import overload

from salam.core.text import clean_line


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


def text_param(value: str | None, default: str = "", *, max_length: int = 200) -> str:
    """`value` as one line of text with NUL and every other control removed, trimmed and cut at
    `max_length`; `default` when it is missing. Filters and searches read their text with it,
    so `%00` or a line break in an address never reaches the database or a page."""
    if value is None:
        return default
    return clean_line(value).strip()[:max_length]
