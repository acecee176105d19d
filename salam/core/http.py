"""What views share when they turn a selector's answer into an HTTP one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest

from salam.core.types import Person

T = TypeVar("T")


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view behind `login_required` or `profile_required` sees: the decorator
    has turned anonymous visitors away, so its user is a signed-in person (the pattern
    django-stubs documents; an annotation only, nothing checks it at run time)."""

    user: Person


def or_404(read: Callable[[], T]) -> T:
    """`read()`, the selector call that fetches one row; a missing row is a 404."""
    try:
        return read()
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
