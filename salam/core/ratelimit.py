"""Counting in fixed windows through the cache, which is Redis in production and so shared by
every daphne process: a limit keyed per person (and per room, per network...) holds however
many sockets or processes the person's requests reach. Embedded, it is the process's memory."""

from __future__ import annotations

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
