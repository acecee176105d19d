"""Domain errors: each carries a stable code that views turn into form errors or 4xx."""

from __future__ import annotations

from collections.abc import Sequence

from events.scheduling import Conflict


class EventError(Exception):
    code = "invalid"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code


class Invalid(EventError):
    code = "invalid"


class Forbidden(EventError):
    code = "forbidden"


class HasConflicts(EventError):
    """Publishing refused: the schedule has conflicts, listed in `conflicts`."""

    code = "conflicts"

    def __init__(self, detail: str, *, conflicts: Sequence[Conflict]) -> None:
        super().__init__(detail)
        self.conflicts = list(conflicts)
