"""Domain errors: each carries a stable code that views and consumers turn into answers."""

from __future__ import annotations

from salam.core.errors import DomainError


class RoomError(DomainError):
    """A refusal by the rooms services (rooms, moderation, pairing)."""


class Invalid(RoomError):
    code = "invalid"


class Forbidden(RoomError):
    code = "forbidden"


class NotFound(RoomError):
    code = "not_found"
