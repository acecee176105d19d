"""iCalendar (RFC 5545) feeds of a schedule or a person's agenda, made with `icalendar`.

Each occurrence is one VEVENT whose UID never changes (`occurrence-<id>@salam-events`), with
times in the event's own time zone (a VTIMEZONE per zone used) and a SEQUENCE that grows
whenever it moves or is cancelled, so a subscribed calendar moves or drops it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from icalendar import Calendar
from icalendar import Event as VEvent

from events.models import Occurrence

PRODID = "-//Cafe Salam//Salam events//EN"


def occurrence_uid(occurrence: Occurrence) -> str:
    """Never changes, whichever address the feed was fetched from."""
    return f"occurrence-{occurrence.pk}@salam-events"


def build_calendar(
    occurrences: Iterable[Occurrence], *, name: str, base_url: str, stamp: datetime
) -> bytes:
    """The feed as bytes. `stamp` (aware) is the DTSTAMP; `base_url` prefixes session links."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for occurrence in occurrences:
        session = occurrence.session
        event = session.event
        zone = event.zone
        entry = VEvent()
        entry.add("uid", occurrence_uid(occurrence))
        entry.add("dtstamp", stamp.astimezone(UTC))
        entry.add("last-modified", occurrence.updated_at.astimezone(UTC))
        entry.add("sequence", occurrence.sequence)
        entry.add("dtstart", occurrence.starts_at.astimezone(zone))
        entry.add("dtend", occurrence.ends_at.astimezone(zone))
        entry.add("summary", session.title)
        if session.abstract:
            entry.add("description", session.abstract)
        place = [session.space.name] if session.space else []
        place.append(event.city)
        entry.add("location", ", ".join(place))
        entry.add("url", f"{base_url}{session.get_absolute_url()}")
        if session.track:
            entry.add("categories", [session.track.name])
        cancelled = occurrence.cancelled_at is not None or session.cancelled_at is not None
        entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(entry)
    # One VTIMEZONE for every zone the events use, as RFC 5545 requires for TZID references.
    calendar.add_missing_timezones()
    return calendar.to_ical()
