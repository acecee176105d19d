"""The base of every app's domain errors: a human-readable detail and a stable code.

Services raise them; views turn them into form errors or 4xx answers, consumers into
`{"type": "error", "code": ..., "detail": ...}` frames.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "invalid"
    retry_after: int | None = None  # seconds until the same request may pass (a rate limit)
    until: str | None = None  # ISO 8601: when the refusal ends (a mute)

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        retry_after: int | None = None,
        until: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        self.retry_after, self.until = retry_after, until
