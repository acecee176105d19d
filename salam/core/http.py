"""What views share when they turn a selector's answer into an HTTP one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

T = TypeVar("T")


def or_404(read: Callable[[], T]) -> T:
    """`read()`, the selector call that fetches one row; a missing row is a 404."""
    try:
        return read()
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
