"""Counting a person's requests over time, in the cache: shared by every process when the
cache is Redis (production), so a limit keyed per person (per room, per network...) holds
however many sockets or processes the requests reach; per process when it is the embedded
in-memory cache."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache


def hit(key: str, *, timeout: int) -> int:
    """Count one more against `key` (a key of its own per window: the window's number in it)
    and return the count. `timeout`: how long the count lives, at least the window."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def hits(name: str, *, seconds: int, now: dt.datetime) -> int:
    """Count one more request under `name`; return how many came in this `seconds`-long
    window and the one before it. So any `seconds` in a row are counted whole, wherever the
    windows' edges fall (a burst across an edge is not forgiven); a quiet spell of two windows
    starts again from nothing."""
    window = int(now.timestamp() // seconds)
    count = hit(f"rate.{name}.{seconds}.{window}", timeout=seconds * 3)
    return count + (cache.get(f"rate.{name}.{seconds}.{window - 1}") or 0)


def seconds_left(*, seconds: int, now: dt.datetime) -> int:
    """Whole seconds (at least 1) until the current window ends."""
    return max(1, seconds - int(now.timestamp()) % seconds)
