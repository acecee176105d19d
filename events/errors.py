"""Domain errors: each carries a stable code that views turn into form errors or 4xx."""

from __future__ import annotations

from collections.abc import Sequence

from events.scheduling import Conflict
from salam.core.errors import DomainError


class EventError(DomainError):
    """A refusal by the events services."""


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
