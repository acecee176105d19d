"""The event pages: what everyone sees, what organisers may do, and what it costs."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import Event, Occurrence, Registration, Session, SessionPerson
from salam.people.roles import Role
from tests.events.conftest import at

pytestmark = pytest.mark.django_db

BEFORE = datetime(2030, 6, 1, tzinfo=UTC)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# Everyone


def test_the_index_lists_published_upcoming_events_but_not_drafts(client, published, organiser):
    services.create_event(
        actor=organiser,
        title="Secret draft",
        slug="draft",
        city="X",
        time_zone="UTC",
        start_date=published.start_date,
        end_date=published.end_date,
    )
    body = page(client, "/events/")
    assert 'href="/events/forum/"' in body
    assert "Secret draft" not in body


def test_an_organiser_sees_their_drafts_and_the_create_link(client, forum, organiser):
    client.force_login(organiser)
    body = page(client, "/events/")
    assert 'href="/events/forum/manage/"' in body
    assert 'href="/events/new/"' in body


def test_a_draft_event_is_hidden_from_participants(client, forum, participant):
    client.force_login(participant)
    assert client.get("/events/forum/").status_code == 404
    assert client.get("/events/forum/calendar.ics").status_code == 404


def test_the_schedule_shows_each_day_and_space_in_the_events_time_zone(
    client, published, add_session
):
    body = page(client, "/events/forum/")
    assert "Times are shown in America/Sao_Paulo." in body
    assert '<th scope="col">Hall</th>' in body
    assert '<th scope="row">10:00</th>' in body
    assert "10:00–11:00 UTC\u22123" in re.sub(r"<[^>]+>", "", body)  # each time a <time>
    assert "Monday 10 June 2030" in body


def test_a_viewer_can_switch_the_schedule_to_their_own_time_zone(client, published, make_person):
    client.force_login(make_person("turkish", time_zone="Europe/Istanbul"))
    body = page(client, "/events/forum/?tz=mine")
    assert "Times are shown in Europe/Istanbul." in body
    # 10:00 in Rio (UTC-3) is 16:00 in Istanbul (UTC+3).
    assert '<th scope="row">16:00</th>' in body
    assert "16:00–17:00 UTC+3" in re.sub(r"<[^>]+>", "", body)


def test_an_anonymous_viewer_keeps_the_events_time_zone(client, published):
    body = page(client, "/events/forum/?tz=mine")
    assert "Times are shown in America/Sao_Paulo." in body
    assert 'name="tz"' not in body


def test_a_late_session_falls_on_the_next_day_in_a_zone_further_east(
    client, forum, organiser, add_session, make_person
):
    add_session(forum, "Evening", at(0, 21), at(0, 22))
    services.publish_schedule(forum, actor=organiser)
    client.force_login(make_person("tokyo", time_zone="Asia/Tokyo"))
    body = page(client, "/events/forum/?tz=mine")
    assert "Tuesday 11 June 2030" in body
    assert "Monday 10 June 2030" not in body


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("kind=workshop", "Workshop A", "Plenary B"),
        ("language=pt", "Plenary B", "Workshop A"),
        ("track=TRACK", "Workshop A", "Plenary B"),
    ],
)
def test_the_schedule_filters_by_track_language_and_kind(
    client, forum, organiser, add_session, query, shown, hidden
):
    track = forum.tracks.get()
    add_session(
        forum, "Workshop A", at(0, 9), at(0, 10), kind="workshop", track=track, languages=["en"]
    )
    add_session(forum, "Plenary B", at(0, 11), at(0, 12), kind="plenary", languages=["pt"])
    services.publish_schedule(forum, actor=organiser)
    body = page(client, f"/events/forum/?{query.replace('TRACK', str(track.pk))}")
    assert shown in body
    assert hidden not in body


def test_the_schedule_takes_a_fixed_number_of_queries_whatever_its_size(
    client, forum, organiser, add_session, participant, django_assert_max_num_queries
):
    """Render with 5 sessions, count, then render with 500 within that count."""
    hall = forum.spaces.get(name="Hall")
    online = forum.spaces.get(name="Online")
    track = forum.tracks.get()

    def bulk(count: int, offset: int) -> None:
        sessions = Session.objects.bulk_create(
            Session(
                event=forum,
                title=f"Session {offset + n}",
                kind="working",
                track=track if n % 2 else None,
                space=hall if n % 3 else online,
                starts_at=at(n % 2, 8) + timedelta(minutes=n),
                ends_at=at(n % 2, 8) + timedelta(minutes=n + 30),
                languages=["en", "pt"],
                capacity=5,
            )
            for n in range(count)
        )
        Occurrence.objects.bulk_create(
            Occurrence(
                session=s, index=0, starts_at=s.starts_at, ends_at=s.ends_at, capacity=s.capacity
            )
            for s in sessions
        )
        SessionPerson.objects.bulk_create(
            SessionPerson(session=s, role="speaker", user=participant) for s in sessions[::2]
        )
        SessionPerson.objects.bulk_create(
            SessionPerson(session=s, role="moderator", guest_name="Guest") for s in sessions
        )

    forum.status = Event.Status.PUBLISHED
    forum.save()
    client.force_login(organiser)
    bulk(5, 0)
    with CaptureQueriesContext(connection) as small:
        page(client, "/events/forum/")
    bulk(495, 5)
    with django_assert_max_num_queries(len(small)):
        body = page(client, "/events/forum/")
    assert body.count('class="events-session') == 2 * 500  # once in the list, once in the grid


def test_the_session_page_registers_and_cancels(client, published, participant):
    session = published.sessions.get()
    occurrence = session.occurrences.get()
    client.force_login(participant)
    url = f"/events/forum/sessions/{session.pk}/"
    assert "Register" in page(client, url)
    response = client.post(f"{url}occurrences/{occurrence.pk}/register/")
    assert response.status_code == 302
    body = page(client, url)
    assert "You are registered." in body
    assert Registration.objects.get(user=participant).status == "registered"
    client.post(f"{url}occurrences/{occurrence.pk}/cancel/")
    assert Registration.objects.get(user=participant).status == "cancelled"


def test_the_session_page_tells_a_waiting_person_their_place(client, published, make_person):
    session = published.sessions.get()
    occurrence = session.occurrences.get()
    for person in (make_person(), make_person()):
        services.register(occurrence, actor=person, now=BEFORE)
    waiting = make_person()
    client.force_login(waiting)
    client.post(f"/events/forum/sessions/{session.pk}/occurrences/{occurrence.pk}/register/")
    body = page(client, f"/events/forum/sessions/{session.pk}/")
    assert "You are number 1 on the waiting list." in body


def test_the_session_page_links_the_open_room_to_registered_people_only(
    client, published, participant, outsider
):
    session = published.sessions.get()
    occurrence = session.occurrences.get()
    services.register(occurrence, actor=participant, now=BEFORE)
    [room] = services.open_due_rooms(now=occurrence.starts_at)
    url = f"/events/forum/sessions/{session.pk}/"
    client.force_login(participant)
    assert f'href="/rooms/{room.slug}/"' in page(client, url)
    client.force_login(outsider)
    assert f'href="/rooms/{room.slug}/"' not in page(client, url)


def test_the_agenda_lists_ones_sessions_and_marks_clashes(
    client, forum, organiser, add_session, participant
):
    online = forum.spaces.get(name="Online")
    one = add_session(forum, "First", at(0, 9), at(0, 10))
    two = add_session(forum, "Overlapping", at(0, 9, 30), at(0, 10, 30), space=online)
    three = add_session(forum, "Later", at(0, 14), at(0, 15))
    services.publish_schedule(forum, actor=organiser)
    for session in (one, two, three):
        services.register(session.occurrences.get(), actor=participant, now=BEFORE)
    client.force_login(participant)
    body = page(client, "/events/agenda/")
    assert body.count("Clash: overlaps another of your sessions") == 2
    assert body.index("First") < body.index("Overlapping") < body.index("Later")


def test_the_agenda_needs_sign_in(client):
    response = client.get("/events/agenda/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Organisers


ORGANISER_PAGES = [
    "/events/forum/manage/",
    "/events/forum/edit/",
    "/events/forum/spaces/new/",
    "/events/forum/tracks/new/",
    "/events/forum/sessions/new/",
]


@pytest.mark.parametrize("url", ORGANISER_PAGES)
def test_a_stranger_is_sent_to_sign_in_from_organiser_pages(client, forum, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ORGANISER_PAGES)
def test_a_participant_may_not_open_organiser_pages(client, forum, participant, url):
    client.force_login(participant)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", ORGANISER_PAGES)
def test_an_organiser_opens_organiser_pages(client, forum, organiser, url):
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_a_moderator_of_rooms_may_not_edit_events(client, forum, moderator):
    client.force_login(moderator)
    assert client.get("/events/forum/manage/").status_code == 403


def test_an_events_own_organiser_may_edit_it_without_the_global_role(client, forum, participant):
    forum.organisers.add(participant)
    client.force_login(participant)
    assert client.get("/events/forum/manage/").status_code == 200


def test_a_participant_cannot_create_events_or_sessions_by_posting(client, forum, participant):
    client.force_login(participant)
    assert client.get("/events/new/").status_code == 403
    response = client.post(
        "/events/forum/sessions/new/",
        {
            "title": "Sneaky",
            "kind": "workshop",
            "starts_at": "2030-06-10T09:00",
            "ends_at": "2030-06-10T10:00",
            "capacity": "5",
        },
    )
    assert response.status_code == 403
    assert not Session.objects.exists()
    assert client.post("/events/forum/publish/").status_code == 403
    assert forum.releases.count() == 0


def test_an_organiser_creates_an_event_through_the_form(client, make_person):
    client.force_login(make_person("olivia", role=Role.ORGANISER))
    response = client.post(
        "/events/new/",
        {
            "title": "City meeting",
            "slug": "city-meeting",
            "city": "Rotterdam",
            "time_zone": "Europe/Amsterdam",
            "start_date": "2030-10-01",
            "end_date": "2030-11-30",
            "partners": "City of Rotterdam\n\nIOM",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(slug="city-meeting")
    assert (event.partners, event.status) == (["City of Rotterdam", "IOM"], "draft")
    assert response["Location"] == "/events/city-meeting/manage/"


def test_session_times_are_typed_on_the_events_wall_clock(client, forum, organiser, moderator):
    client.force_login(organiser)
    response = client.post(
        "/events/forum/sessions/new/",
        {
            "title": "Good practices",
            "kind": "working",
            "space": forum.spaces.get(name="Hall").pk,
            "starts_at": "2030-06-10T09:00",
            "ends_at": "2030-06-10T10:30",
            "languages": "en, PT",
            "capacity": "50",
            "speakers": "Ana Lima\n@alice",
            "moderators": f"@{moderator.username}",
        },
    )
    assert response.status_code == 400  # @alice does not exist
    assert "No such person: alice" in response.content.decode()
    response = client.post(
        "/events/forum/sessions/new/",
        {
            "title": "Good practices",
            "kind": "working",
            "space": forum.spaces.get(name="Hall").pk,
            "starts_at": "2030-06-10T09:00",
            "ends_at": "2030-06-10T10:30",
            "languages": "en, PT",
            "capacity": "50",
            "speakers": "Ana Lima",
            "moderators": f"@{moderator.username}",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.starts_at == at(0, 9)
    assert session.languages == ["en", "pt"]
    assert [(p.role, p.name) for p in session.people.all()] == [
        ("moderator", "Mod"),
        ("speaker", "Ana Lima"),
    ]


def test_the_session_form_shows_a_domain_refusal_as_a_form_error(client, forum, organiser):
    client.force_login(organiser)
    response = client.post(
        "/events/forum/sessions/new/",
        {
            "title": "Never",
            "kind": "working",
            "starts_at": "2030-06-10T09:00",
            "ends_at": "2030-06-10T10:00",
            "capacity": "5",
            "recurrence": "FREQ=WEEKLY",
        },
    )
    assert response.status_code == 400
    assert "A recurrence needs an end" in response.content.decode()


def test_the_organisers_desk_shows_conflicts_and_publishing_is_refused(
    client, forum, organiser, add_session
):
    add_session(forum, "One", at(0, 9), at(0, 10))
    add_session(forum, "Two", at(0, 9, 30), at(0, 10, 30))
    client.force_login(organiser)
    body = page(client, "/events/forum/manage/")
    assert (
        "“One” (2030-06-10 09:00) and “Two” (2030-06-10 09:30) are in Hall at the same time."
        in body
    )
    response = client.post("/events/forum/publish/", follow=True)
    assert "resolve them before publishing" in response.content.decode()
    forum.refresh_from_db()
    assert forum.status == "draft"


def test_conflicts_are_marked_on_the_schedule_for_organisers_only(
    client, forum, organiser, add_session, participant
):
    add_session(forum, "One", at(0, 9), at(0, 10))
    add_session(forum, "Two", at(0, 9, 30), at(0, 10, 30))
    client.force_login(organiser)
    assert (
        page(client, "/events/forum/").count("events-session has-conflict") == 2 * 2
    )  # list and grid
    forum.organisers.add(participant)
    Event.objects.filter(pk=forum.pk).update(status="published")
    forum.organisers.remove(participant)
    client.force_login(participant)
    assert "has-conflict" not in page(client, "/events/forum/")


def test_publishing_from_the_desk_makes_release_one(client, published, organiser, add_session):
    add_session(published, "Added", at(1, 9), at(1, 10))
    client.force_login(organiser)
    response = client.post("/events/forum/publish/", follow=True)
    body = response.content.decode()
    assert "Release 2 is published." in body
    assert "<strong>Added:</strong> Added ·" in body
