"""Domain errors of the clearinghouse (library, journal, forum): each carries a stable code
that views turn into a form error or a 4xx answer."""

from __future__ import annotations

from salam.core.errors import DomainError


class ClearinghouseError(DomainError):
    """A refusal by the library, journal or forum services; `status` is the HTTP answer."""

    status = 400


class Invalid(ClearinghouseError):
    code = "invalid"


class Forbidden(ClearinghouseError):
    code = "forbidden"
    status = 403


class Conflict(ClearinghouseError):
    code = "conflict"
    status = 409
