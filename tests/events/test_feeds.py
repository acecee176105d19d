"""Calendar feeds: valid iCalendar, parsed back with `icalendar`, and the private token."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from events import services
from events.services import SessionFields
from tests.events.conftest import RIO, at

pytestmark = pytest.mark.django_db

BEFORE = datetime(2030, 6, 1, tzinfo=UTC)


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_the_event_feed_is_valid_icalendar_with_its_time_zone(client, published):
    calendar = parse(client.get("/events/forum/calendar.ics"))
    assert calendar["VERSION"] == "2.0"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/Sao_Paulo"]
    [entry] = vevents(calendar)
    occurrence = published.sessions.get().occurrences.get()
    assert str(entry["UID"]) == f"occurrence-{occurrence.pk}@salam-events"
    assert entry["SUMMARY"] == "Integration"
    assert entry["DTSTART"].params["TZID"] == "America/Sao_Paulo"
    assert entry.decoded("DTSTART") == at(0, 10)
    assert entry.decoded("DTSTART").utcoffset() == RIO.utcoffset(at(0, 10).replace(tzinfo=None))
    assert entry.decoded("DTEND") == at(0, 11)
    assert (entry["SEQUENCE"], entry["STATUS"]) == (0, "CONFIRMED")
    assert str(entry["URL"]).endswith(f"/events/forum/sessions/{occurrence.session_id}/")


def test_a_moved_session_keeps_its_uid_and_raises_its_sequence(client, published, organiser):
    before = vevents(parse(client.get("/events/forum/calendar.ics")))[0]
    session = published.sessions.get()
    services.update_session(
        session,
        actor=organiser,
        fields=SessionFields(
            title="Integration", starts_at=at(1, 15), ends_at=at(1, 16), capacity=2
        ),
    )
    after = vevents(parse(client.get("/events/forum/calendar.ics")))[0]
    assert after["UID"] == before["UID"]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART") == at(1, 15)


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(client, published, organiser):
    services.cancel_session(published.sessions.get(), actor=organiser)
    [entry] = vevents(parse(client.get("/events/forum/calendar.ics")))
    assert (entry["STATUS"], entry["SEQUENCE"]) == ("CANCELLED", 1)


def test_a_recurring_session_has_one_event_per_occurrence_at_the_same_local_time(client, organiser):
    event = services.create_event(
        actor=organiser,
        title="Café Salam Rotterdam",
        slug="rotterdam",
        city="Rotterdam",
        time_zone="Europe/Amsterdam",
        start_date=datetime(2030, 10, 17, tzinfo=UTC).date(),
        end_date=datetime(2030, 11, 30, tzinfo=UTC).date(),
    )
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Amsterdam")
    services.create_session(
        event,
        actor=organiser,
        fields=SessionFields(
            title="Meeting",
            starts_at=datetime(2030, 10, 17, 18, tzinfo=zone),
            ends_at=datetime(2030, 10, 17, 19, 30, tzinfo=zone),
            capacity=20,
            recurrence="FREQ=WEEKLY;COUNT=3",
        ),
    )
    services.publish_schedule(event, actor=organiser)
    entries = vevents(parse(client.get("/events/rotterdam/calendar.ics")))
    assert [e.decoded("DTSTART").strftime("%m-%d %H:%M %Z") for e in entries] == [
        "10-17 18:00 CEST",
        "10-24 18:00 CEST",
        "10-31 18:00 CET",
    ]
    assert len({str(e["UID"]) for e in entries}) == 3


def test_the_agenda_feed_works_by_token_until_it_is_revoked(client, published, participant):
    occurrence = published.sessions.get().occurrences.get()
    services.register(occurrence, actor=participant, now=BEFORE)
    feed = services.issue_agenda_feed(actor=participant)
    url = f"/events/feeds/{feed.token}.ics"
    [entry] = vevents(parse(client.get(url)))
    assert entry["SUMMARY"] == "Integration"
    services.revoke_agenda_feed(actor=participant)
    assert client.get(url).status_code == 404


def test_replacing_the_agenda_token_turns_the_old_address_off(client, published, participant):
    old = services.issue_agenda_feed(actor=participant).token
    new = services.issue_agenda_feed(actor=participant).token
    assert client.get(f"/events/feeds/{old}.ics").status_code == 404
    assert vevents(parse(client.get(f"/events/feeds/{new}.ics"))) == []


def test_the_agenda_page_issues_and_revokes_the_address(client, participant):
    client.force_login(participant)
    client.post("/events/agenda/feed/")
    token = participant.agenda_feed.token
    body = client.get("/events/agenda/").content.decode()
    assert f"/events/feeds/{token}.ics" in body
    client.post("/events/agenda/feed/revoke/")
    assert client.get(f"/events/feeds/{token}.ics").status_code == 404


def test_the_agenda_feed_leaves_out_others_sessions(client, published, participant, outsider):
    occurrence = published.sessions.get().occurrences.get()
    services.register(occurrence, actor=outsider, now=BEFORE)
    feed = services.issue_agenda_feed(actor=participant)
    assert vevents(parse(client.get(f"/events/feeds/{feed.token}.ics"))) == []


def test_a_deactivated_persons_agenda_feed_is_gone_with_its_token(client, published, participant):
    from events.models import AgendaFeed

    url = f"/events/feeds/{services.issue_agenda_feed(actor=participant).token}.ics"
    participant.is_active = False
    participant.save()
    assert client.get(url).status_code == 404
    assert AgendaFeed.objects.filter(user=participant).count() == 0


def test_an_inactive_owners_feed_is_not_served_even_with_its_token_left(
    client, published, participant
):
    from django.contrib.auth import get_user_model

    url = f"/events/feeds/{services.issue_agenda_feed(actor=participant).token}.ics"
    get_user_model().objects.filter(pk=participant.pk).update(is_active=False)  # no signal
    assert client.get(url).status_code == 404
