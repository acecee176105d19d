"""The calendar feeds serve whatever is stored: line breaks and controls break nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from events import services
from events.models import Event, Session, Space, Track
from tests.journal.test_feed_text import storable
from tests.salam.core.test_text import CONTROLS

pytestmark = pytest.mark.django_db
BEFORE = datetime(2030, 6, 1, tzinfo=UTC)


def stored(event: Event, text: str) -> None:
    """Every text the feed carries, as a bad import or the admin could have saved it."""
    text = storable(text)
    Event.objects.filter(pk=event.pk).update(title=f"Forum{text}2030", city=f"Rio{text}")
    Session.objects.filter(event=event).update(
        title=f"Integ{text}ration", abstract=f"One{text}two\nthree"
    )
    Space.objects.filter(event=event, name="Hall").update(name=f"Hall{text}A")
    Track.objects.filter(event=event).update(name=f"Mig{text}ration")


def calendar_of(response) -> Calendar:
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def assert_clean(calendar: Calendar) -> None:
    assert "\n" not in str(calendar["X-WR-CALNAME"])
    for entry in calendar.walk("VEVENT"):
        for name in ("SUMMARY", "LOCATION"):
            assert not {c for c in str(entry[name]) if c in CONTROLS}, name
        assert not {c for c in str(entry["DESCRIPTION"]) if c in CONTROLS} - {"\n", "\t"}


@pytest.mark.parametrize(
    "text",
    [*CONTROLS, "\r\n", "".join(CONTROLS)],
    ids=[f"U+{ord(c):04X}" for c in CONTROLS] + ["crlf", "all"],
)
def test_the_schedule_feed_survives_any_stored_control(client, published, text):
    Session.objects.filter(event=published).update(track=published.tracks.first())
    stored(published, text)
    calendar = calendar_of(client.get(f"/events/{published.slug}/calendar.ics"))
    assert_clean(calendar)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) in {"Integration", "Integ ration"}


def test_a_line_break_in_the_event_title_is_a_space_in_the_calendar_name(client, published):
    stored(published, "\n")
    calendar = calendar_of(client.get(f"/events/{published.slug}/calendar.ics"))
    assert str(calendar["X-WR-CALNAME"]) == "Forum 2030"
    [entry] = calendar.walk("VEVENT")
    assert str(entry["DESCRIPTION"]) == "One\ntwo\nthree"


def test_the_agenda_feed_survives_stored_controls(client, published, participant):
    occurrence = published.sessions.get().occurrences.get()
    services.register(occurrence, actor=participant, now=BEFORE)
    feed = services.issue_agenda_feed(actor=participant)
    stored(published, "\x01\n\x85")
    assert_clean(calendar_of(client.get(f"/events/feeds/{feed.token}.ics")))
