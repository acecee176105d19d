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


class InvalidEdition(Invalid):
    """An edition that does not hold together: every reason, with the form field it is about."""

    code = "edition"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(" ".join(reason for _field, reason in problems))
        self.problems = problems
