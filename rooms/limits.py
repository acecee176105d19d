"""Message limits, from settings (read at call time, never at import)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

MAX_BODY_CHARS = 2000
RESUME_LIMIT = 500
LATEST_LIMIT = 50
HISTORY_MAX = 100
# Each process refreshes its connections every hub keep-alive and sweeps others' stale ones; a
# connection not refreshed for the TTL counts as gone. A crashed process's people therefore
# drop out within TTL + heartbeat (40 s) of the crash.
PRESENCE_TTL = dt.timedelta(seconds=30)


def rate_limit() -> tuple[int, int]:
    """(messages, seconds): how many messages one person may send in one room per window."""
    return (
        getattr(settings, "ROOMS_RATE_LIMIT_MESSAGES", 5),
        getattr(settings, "ROOMS_RATE_LIMIT_SECONDS", 5),
    )
