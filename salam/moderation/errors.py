"""Moderation's refusals, each with a stable code (views answer 4xx, sockets an error frame)."""

from __future__ import annotations

from salam.core.errors import DomainError


class ModerationError(DomainError):
    pass


class Invalid(ModerationError):
    code = "invalid"


class Forbidden(ModerationError):
    code = "forbidden"


class NotFound(ModerationError):
    code = "not_found"
