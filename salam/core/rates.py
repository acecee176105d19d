"""Counting a person's requests over time, in the cache: shared by every process when the
cache is Redis (production), per process when it is the embedded in-memory cache."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache


def hits(name: str, *, seconds: int, now: dt.datetime) -> int:
    """Count one more request under `name`; return how many came in this `seconds`-long
    window and the one before it. So any `seconds` in a row are counted whole, wherever the
    windows' edges fall (a burst across an edge is not forgiven); a quiet spell of two windows
    starts again from nothing."""
    window = int(now.timestamp() // seconds)
    key = f"rate.{name}.{seconds}.{window}"
    cache.add(key, 0, timeout=seconds * 3)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds * 3)
        count = 1
    return count + (cache.get(f"rate.{name}.{seconds}.{window - 1}") or 0)


def seconds_left(*, seconds: int, now: dt.datetime) -> int:
    """Whole seconds (at least 1) until the current window ends."""
    return max(1, seconds - int(now.timestamp()) % seconds)
