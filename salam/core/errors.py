"""The base of every app's domain errors: a human-readable detail and a stable code.

Services raise them; views turn them into form errors or 4xx answers, consumers into
`{"type": "error", "code": ..., "detail": ...}` frames.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "invalid"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
