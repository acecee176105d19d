"""The contest's domain errors: a stable code, a reason, the HTTP answer."""

from __future__ import annotations

from salam.core.errors import DomainError


class ContestError(DomainError):
    status = 400


class Invalid(ContestError):
    code = "invalid"


class Forbidden(ContestError):
    code = "forbidden"
    status = 403


class Conflict(ContestError):
    code = "conflict"
    status = 409
