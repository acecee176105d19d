"""Demo events: the Rio Forum and the weekly Café Salam in Rotterdam, always in the coming month."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from events import services
from events.models import Event, Session, Space
from events.services import SessionFields
from salam.library.models import Resource
from salam.people import demo as people_demo

FORUM_SLUG = "aoc-forum-2010"
ROTTERDAM_SLUG = "cafe-salam-rotterdam"
IOM = "International Organization for Migration"


def first_of_next_month(today: date) -> date:
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


@transaction.atomic
def load(today: date | None = None) -> list[str]:
    """Create the demo events if missing (an existing one is left alone); returns their slugs."""
    people_demo.load()
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_USERNAMES)}
    if not Event.objects.filter(slug=FORUM_SLUG).exists():
        _forum(users, first_of_next_month(today) + timedelta(days=14))
    if not Event.objects.filter(slug=ROTTERDAM_SLUG).exists():
        _rotterdam(users, first_of_next_month(today))
    return [FORUM_SLUG, ROTTERDAM_SLUG]


_USERNAMES = ["organiser", "moderator", "amina", "lucas", "farah", "nadia", "joao"]


def _forum(users: dict, first_day: date) -> Event:
    organiser = users["organiser"]
    event = services.create_event(
        actor=organiser,
        title="Alliance of Civilizations Forum",
        slug=FORUM_SLUG,
        city="Rio de Janeiro",
        time_zone="America/Sao_Paulo",
        start_date=first_day,
        end_date=first_day + timedelta(days=1),
        description=(
            "The annual Forum of the United Nations Alliance of Civilizations: governments, "
            "cities, civil society, young people and the media working together on bridging "
            "divides, with Café Salam rooms for every working session."
        ),
        partners=["United Nations Alliance of Civilizations", IOM],
    )
    hall = services.create_space(event, actor=organiser, name="Plenary hall", capacity=400)
    room = services.create_space(event, actor=organiser, name="Workshop room", capacity=60)
    tracks = {
        name: services.create_track(event, actor=organiser, name=name, colour=colour)
        for name, colour in [
            ("Migration and integration", "#0b6e4f"),
            ("Youth", "#7b3fa0"),
            ("Media", "#b0420f"),
            ("Education", "#1f5fa8"),
        ]
    }
    zone = event.zone

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(first_day + timedelta(days=day), time(hour, minute), tzinfo=zone)

    plan = [
        (
            "Opening plenary: ten years of bridging divides",
            Session.Kind.PLENARY,
            None,
            hall,
            at(0, 9),
            at(0, 10, 30),
            ["en", "pt", "fr"],
            400,
            [organiser, "High Representative for the Alliance of Civilizations"],
            [],
        ),
        (
            "Good practices for the integration of migrants",
            Session.Kind.WORKING,
            "Migration and integration",
            room,
            at(0, 11),
            at(0, 12, 30),
            ["en", "pt", "es"],
            60,
            [f"Speaker of the {IOM}", "Mayor's office of Rio de Janeiro"],
            [users["moderator"]],
        ),
        (
            "Media and the stories we tell about migration",
            Session.Kind.WORKING,
            "Media",
            hall,
            at(0, 11),
            at(0, 12, 30),
            ["en", "fr"],
            200,
            ["Journalists' network"],
            [organiser],
        ),
        (
            "Youth Solidarity Fund: projects that travel",
            Session.Kind.WORKSHOP,
            "Youth",
            room,
            at(0, 14),
            at(0, 15, 30),
            ["en", "es"],
            40,
            [users["lucas"], users["amina"]],
            [users["moderator"]],
        ),
        (
            "Education for intercultural understanding",
            Session.Kind.PLENARY,
            "Education",
            hall,
            at(1, 9, 30),
            at(1, 11),
            ["en", "ar"],
            400,
            ["UNESCO chair"],
            [organiser],
        ),
        (
            "Café Salam meeting: what we share",
            Session.Kind.CAFE,
            "Youth",
            room,
            at(1, 11, 30),
            at(1, 13),
            ["en", "pt"],
            12,
            [],
            [users["moderator"]],
        ),
        (
            "Closing plenary: the Rio commitments",
            Session.Kind.PLENARY,
            None,
            hall,
            at(1, 15),
            at(1, 16, 30),
            ["en", "pt", "fr", "es"],
            400,
            [organiser],
            [],
        ),
    ]
    sessions = []
    for title, kind, track, space, start, end, languages, seats, speakers, moderators in plan:
        abstract = (
            f"A working session co-organised with the {IOM}: cities and organisations share "
            "what works when newcomers settle, from language courses to first jobs."
            if track == "Migration and integration"
            else ""
        )
        sessions.append(
            services.create_session(
                event,
                actor=organiser,
                fields=SessionFields(
                    title=title,
                    abstract=abstract,
                    kind=kind,
                    track=tracks.get(track) if track else None,
                    space=space,
                    starts_at=start,
                    ends_at=end,
                    languages=languages,
                    capacity=seats,
                    speakers=speakers,
                    moderators=moderators,
                ),
            )
        )
    services.publish_schedule(event, actor=organiser)
    # The library's guidelines and templates (when the library demo is loaded) suit the forum.
    services.set_related_resources(
        event,
        actor=organiser,
        resources=Resource.objects.filter(
            kind__in=[Resource.Kind.GUIDELINE, Resource.Kind.TEMPLATE]
        ),
    )
    for session, people in [
        (sessions[1], ["amina", "joao", "farah"]),
        (sessions[5], ["amina", "lucas", "nadia", "joao"]),
        (sessions[0], ["joao"]),
    ]:
        occurrence = session.occurrences.get()
        for username in people:
            services.register(occurrence, actor=users[username])
    return event


def _rotterdam(users: dict, month_start: date) -> Event:
    organiser = users["organiser"]
    first_thursday = month_start + timedelta(days=(3 - month_start.weekday()) % 7)
    event = services.create_event(
        actor=organiser,
        title="Café Salam Rotterdam",
        slug=ROTTERDAM_SLUG,
        city="Rotterdam",
        time_zone="Europe/Amsterdam",
        start_date=first_thursday,
        end_date=first_thursday + timedelta(weeks=7),
        description="A weekly evening where newcomers and long-time residents of Rotterdam meet.",
        partners=["City of Rotterdam"],
    )
    library = services.create_space(
        event,
        actor=organiser,
        name="Central library, reading room",
        kind=Space.Kind.HALL,
        capacity=30,
    )
    zone = event.zone
    session = services.create_session(
        event,
        actor=organiser,
        fields=SessionFields(
            title="Café Salam Rotterdam",
            abstract="Tea, a theme and small tables: each week people who would not otherwise "
            "meet find what they share.",
            kind=Session.Kind.CAFE,
            space=library,
            starts_at=datetime.combine(first_thursday, time(18), tzinfo=zone),
            ends_at=datetime.combine(first_thursday, time(19, 30), tzinfo=zone),
            languages=["nl", "en", "ar"],
            capacity=24,
            recurrence="FREQ=WEEKLY;COUNT=8",
            moderators=[users["moderator"]],
        ),
    )
    services.publish_schedule(event, actor=organiser)
    first = session.occurrences.earliest("index")
    for username in ["nadia", "farah"]:
        services.register(first, actor=users[username])
    return event
