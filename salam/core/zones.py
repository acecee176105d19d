"""Time zones: a name checked against zoneinfo, its short label, and the request's zone.

The zone a page shows and reads times in is Django's current time zone: `salam.people`'s
middleware activates the viewer's (their profile's, else the browser's `tz` cookie) for
each request, so that `{{ value|when }}` and `ZonedDateTimeField` need no argument."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from django.utils import timezone


@functools.cache
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_named(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The zone of that IANA name, or None for anything else (a forged cookie, a blank
    profile field): never a path or a key zoneinfo would go looking for on disk."""
    if not name or len(name) > 64 or name not in known_zones():
        return None
    return zoneinfo.ZoneInfo(name)


def offset_label(offset: dt.timedelta) -> str:
    """UTC, UTC+1, UTC−3, UTC+5:30 (with a true minus sign)."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """The zone's short name at that moment: its abbreviation where it has a lettered one
    (CET, EST, UTC), else its offset (São Paulo's "-03" becomes "UTC−3")."""
    local = moment.astimezone(zone or timezone.get_current_timezone())
    abbreviation = local.tzname() or ""
    if abbreviation.isalpha():
        return abbreviation
    return offset_label(local.utcoffset() or dt.timedelta(0))


def zone_name(zone: dt.tzinfo | None = None) -> str:
    zone = zone or timezone.get_current_timezone()
    return getattr(zone, "key", None) or str(zone)
