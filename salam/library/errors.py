"""Domain errors of the clearinghouse (library, journal, forum): each carries a stable code
that views turn into a form error or a 4xx answer."""

from __future__ import annotations


class ClearinghouseError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code


class Invalid(ClearinghouseError):
    code = "invalid"


class Forbidden(ClearinghouseError):
    code = "forbidden"
    status = 403


class Conflict(ClearinghouseError):
    code = "conflict"
    status = 409
