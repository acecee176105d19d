"""Registering for every date at once, cancelling with a confirmation and a notice, the
speaker's view, the remembered time zone, add-to-calendar and the webcal:// feed link."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from events import services
from events.errors import Forbidden, Invalid
from events.models import Registration, Session
from salam.notices.models import Notice
from tests.events.conftest import at

pytestmark = pytest.mark.django_db

BEFORE = datetime(2030, 6, 1, tzinfo=UTC)
SERIES = "FREQ=DAILY;COUNT=2"


@pytest.fixture
def series(forum, organiser, add_session, make_person) -> Session:
    """A published two-date session with one seat per date and a speaker, Sara."""
    speaker = make_person("sara")
    session = add_session(
        forum, "Language café", at(0, 18), at(0, 19), capacity=1, recurrence=SERIES,
        speakers=[speaker],
    )  # fmt: skip
    services.publish_schedule(forum, actor=organiser)
    return session


def statuses(session: Session, user) -> list[str]:
    return list(
        Registration.objects.filter(occurrence__session=session, user=user)
        .order_by("occurrence__starts_at")
        .values_list("status", flat=True)
    )


def test_registering_for_all_dates_takes_a_seat_or_a_place_on_each_dates_list(series, make_person):
    first_date = series.occurrences.order_by("starts_at").first()
    early = make_person("early")
    services.register(first_date, actor=early, now=BEFORE)  # the first date is full now
    person = make_person("nour")
    registrations = services.register_series(series, actor=person, now=BEFORE)
    assert [r.status for r in registrations] == ["waiting", "registered"]
    assert statuses(series, person) == ["waiting", "registered"]
    again = services.register_series(series, actor=person, now=BEFORE)  # idempotent
    assert [r.pk for r in again] == [r.pk for r in registrations]
    counts = list(
        series.occurrences.order_by("starts_at").values_list("registered_count", flat=True)
    )
    assert counts == [1, 1]


def test_past_and_cancelled_dates_are_left_out_of_the_series(series, make_person):
    person = make_person()
    registrations = services.register_series(series, actor=person, now=at(0, 20))
    assert [r.occurrence.starts_at for r in registrations] == [at(1, 18)]
    services.cancel_session(series, actor=series.event.organisers.get())
    with pytest.raises(Invalid) as refused:
        services.register_series(series, actor=make_person(), now=BEFORE)
    assert refused.value.code == "no_dates"


def test_a_draft_events_series_cannot_be_taken(forum, add_session, make_person):
    session = add_session(forum, "Draft", at(0, 9), at(0, 10), recurrence=SERIES)
    with pytest.raises(Forbidden):
        services.register_series(session, actor=make_person(), now=BEFORE)
    assert not Registration.objects.exists()


def test_the_page_offers_all_dates_and_says_what_it_did(client, series, make_person):
    services.register(series.occurrences.order_by("starts_at").first(), actor=make_person(),
                      now=BEFORE)  # fmt: skip
    person = make_person("nour")
    client.force_login(person)
    url = f"/events/forum/sessions/{series.pk}/"
    assert "Register for all 2 dates" in client.get(url).content.decode()
    response = client.post(f"{url}register-all/", follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "You are registered for 1 date. 1 date is full: you are on its waiting list."
    ]
    assert "Register for all" not in response.content.decode()


def test_a_stranger_cannot_register_for_all_dates(client, series):
    response = client.post(f"/events/forum/sessions/{series.pk}/register-all/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


# Cancelling


def test_cancelling_tells_the_registered_the_waiting_and_the_speaker_once(
    series, organiser, make_person
):
    seated, waiting = make_person("seated"), make_person("waiting")
    services.register_series(series, actor=seated, now=BEFORE)
    services.register(series.occurrences.order_by("starts_at").first(), actor=waiting, now=BEFORE)
    services.cancel_session(series, actor=organiser, now=BEFORE)
    services.cancel_session(series, actor=organiser, now=BEFORE)  # twice: nothing more
    notices = Notice.objects.filter(kind="events.changed").order_by("user__username")
    assert [(n.user.username, n.title) for n in notices] == [
        ("sara", "Cancelled: “Language café”"),
        ("seated", "Cancelled: “Language café”"),
        ("waiting", "Cancelled: “Language café”"),
    ]
    assert notices.get(user=seated).body == (
        "“Language café” is cancelled: June 10, 2030, 21:00 UTC; June 11, 2030, 21:00 UTC."
    )
    assert notices.get(user=waiting).body.count(", 2030, ") == 1
    services.publish_schedule(series.event, actor=organiser)  # the release does not repeat it
    assert Notice.objects.filter(user=seated).count() == 1


def test_cancelling_through_the_page_asks_first(client, series, organiser, make_person):
    services.register_series(series, actor=make_person(), now=BEFORE)
    client.force_login(organiser)
    manage = client.get("/events/forum/manage/").content.decode()
    assert 'data-confirm="Cancel “Language café” on every date?' in manage
    url = f"/events/forum/sessions/{series.pk}/cancel/"
    asked = client.post(url)
    assert asked.status_code == 200
    assert "One person is registered or waiting: they get a notice at once." in (
        asked.content.decode()
    )
    series.refresh_from_db()
    assert series.cancelled_at is None
    assert client.get(url).status_code == 405
    done = client.post(url, {"confirm": "yes"}, follow=True)
    series.refresh_from_db()
    assert series.cancelled_at is not None
    assert [str(m) for m in done.context["messages"]] == [
        "“Language café” is cancelled; everyone registered has a notice."
    ]


@pytest.mark.parametrize("who", ["participant", "speaker", None])
def test_only_an_organiser_may_cancel(client, series, request, who, make_person):
    if who == "participant":
        client.force_login(request.getfixturevalue("participant"))
    elif who == "speaker":
        client.force_login(series.people.get().user)
    response = client.post(f"/events/forum/sessions/{series.pk}/cancel/", {"confirm": "yes"})
    assert response.status_code in {302, 403, 404}
    series.refresh_from_db()
    assert series.cancelled_at is None


def test_an_events_organiser_who_was_just_removed_cannot_cancel(client, series, make_person):
    helper = make_person("helper")
    series.event.organisers.add(helper)
    client.force_login(helper)
    assert client.post(f"/events/forum/sessions/{series.pk}/cancel/").status_code == 200
    series.event.organisers.remove(helper)
    response = client.post(f"/events/forum/sessions/{series.pk}/cancel/", {"confirm": "yes"})
    assert response.status_code in {403, 404}
    series.refresh_from_db()
    assert series.cancelled_at is None


# Speakers


def test_a_speaker_is_not_offered_the_waiting_list_and_sees_their_sessions(
    client, series, make_person
):
    for occurrence in series.occurrences.all():
        services.register(occurrence, actor=make_person(), now=BEFORE)  # both dates full
    services.register(series.occurrences.order_by("starts_at").first(), actor=make_person(),
                      now=BEFORE)  # fmt: skip
    speaker = series.people.get().user
    client.force_login(speaker)
    page = client.get(f"/events/forum/sessions/{series.pk}/").content.decode()
    assert "Join the waiting list" not in page
    assert "Register for all" not in page
    assert "You speak or moderate here" in page
    agenda = client.get("/events/agenda/").content.decode()
    assert "My sessions as speaker" in agenda
    assert agenda.count("Language café") == 2
    assert "1 of 1 · 1 waiting" in agenda


def test_an_organiser_is_not_offered_the_waiting_list(client, series, organiser, make_person):
    for occurrence in series.occurrences.all():
        services.register(occurrence, actor=make_person(), now=BEFORE)
    client.force_login(organiser)
    page = client.get(f"/events/forum/sessions/{series.pk}/").content.decode()
    assert "Join the waiting list" not in page
    assert "As an organiser you need no seat" in page


def test_a_participant_is_offered_the_waiting_list(client, series, participant, make_person):
    for occurrence in series.occurrences.all():
        services.register(occurrence, actor=make_person(), now=BEFORE)
    client.force_login(participant)
    page = client.get(f"/events/forum/sessions/{series.pk}/").content.decode()
    assert page.count("Join the waiting list") == 2


# Time zone, calendar, feed


def test_the_schedules_time_zone_choice_is_remembered(client, series, make_person):
    person = make_person("tokyo", time_zone="Asia/Tokyo")
    client.force_login(person)
    assert "America/Sao_Paulo" in client.get("/events/forum/").context["zone_name"]
    client.get("/events/forum/?tz=mine")
    assert client.get("/events/forum/").context["zone_name"] == "Asia/Tokyo"
    client.get("/events/forum/?tz=event")
    assert client.get("/events/forum/").context["zone_name"] == "America/Sao_Paulo"


def test_add_to_calendar_is_one_ics_with_the_sessions_dates(client, series):
    page = client.get(f"/events/forum/sessions/{series.pk}/").content.decode()
    url = f"/events/forum/sessions/{series.pk}/calendar.ics"
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Language café", "Language café"]
    assert [e.decoded("dtstart") for e in events] == [at(0, 18), at(1, 18)]
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "America/Sao_Paulo"


def test_the_agenda_gives_a_webcal_link_with_a_copy_button(client, participant):
    client.force_login(participant)
    client.post("/events/agenda/feed/")
    page = client.get("/events/agenda/").content.decode()
    feed = participant.agenda_feed
    assert f'href="webcal://testserver/events/feeds/{feed.token}.ics"' in page
    assert f'value="webcal://testserver/events/feeds/{feed.token}.ics"' in page
    assert 'data-copy="#agenda-feed-url"' in page
