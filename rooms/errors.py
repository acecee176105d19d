"""Domain errors: each carries a stable code that views and consumers turn into answers."""

from __future__ import annotations


class RoomError(Exception):
    code = "invalid"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code


class Invalid(RoomError):
    code = "invalid"


class Forbidden(RoomError):
    code = "forbidden"


class NotFound(RoomError):
    code = "not_found"
