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
from salam.core.text import clean_text, one_line

PRODID = "-//Cafe Salam//Salam events//EN"


def occurrence_uid(occurrence: Occurrence) -> str:
    """Never changes, whichever address the feed was fetched from."""
    return f"occurrence-{occurrence.pk}@salam-events"


def build_calendar(
    occurrences: Iterable[Occurrence], *, name: str, base_url: str, stamp: datetime
) -> bytes:
    """The feed as bytes. `stamp` (aware) is the DTSTAMP; `base_url` prefixes session links.

    Stored text goes out without controls, and one-line properties without line breaks, so a
    title saved before forms cleaned it (or by an admin) cannot break the feed for everyone."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", one_line(name))
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
        entry.add("summary", one_line(session.title))
        if session.abstract:
            entry.add("description", clean_text(session.abstract))
        place = [session.space.name] if session.space else []
        place.append(event.city)
        entry.add("location", one_line(", ".join(place)))
        entry.add("url", f"{base_url}{session.get_absolute_url()}")
        if session.track:
            entry.add("categories", [one_line(session.track.name)])
        cancelled = occurrence.cancelled_at is not None or session.cancelled_at is not None
        entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(entry)
    # One VTIMEZONE for every zone the events use, as RFC 5545 requires for TZID references.
    calendar.add_missing_timezones()
    return calendar.to_ical()
