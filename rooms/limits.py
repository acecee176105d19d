"""Message limits, from settings (read at call time, never at import)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

MAX_BODY_CHARS = 2000
RESUME_LIMIT = 500
LATEST_LIMIT = 50
HISTORY_MAX = 100
PRESENCE_TTL_SECONDS = 30


def presence_ttl() -> dt.timedelta:
    """How long a connection not refreshed counts as online. Each process refreshes its
    connections every hub keep-alive (HUB_KEEP_ALIVE_SECONDS) and sweeps others' stale ones, so
    a crashed process's people drop out within TTL + keep-alive (40 s by default)."""
    return dt.timedelta(
        seconds=getattr(settings, "ROOMS_PRESENCE_TTL_SECONDS", PRESENCE_TTL_SECONDS)
    )


def rate_limit() -> tuple[int, int]:
    """(messages, seconds): how many messages one person may send in one room per window."""
    return (
        getattr(settings, "ROOMS_RATE_LIMIT_MESSAGES", 5),
        getattr(settings, "ROOMS_RATE_LIMIT_SECONDS", 5),
    )


# The emoji a person may react with (a short palette, the same for every language).
REACTION_EMOJI = ("👍", "❤️", "😂", "😮", "😢", "🙏", "🎉", "👏")
MENTION_SUGGESTIONS = 8  # people suggested for one `@` prefix
REACTION_PEOPLE_SHOWN = 20  # who reacted, named per emoji (the count is always whole)


def edit_window() -> dt.timedelta:
    """How long after sending a person may edit their message (ROOMS_EDIT_WINDOW_SECONDS)."""
    return dt.timedelta(seconds=getattr(settings, "ROOMS_EDIT_WINDOW_SECONDS", 15 * 60))


def reactions_per_minute() -> int:
    return getattr(settings, "ROOMS_REACTIONS_PER_MINUTE", 30)
