"""Events built through the services, as organisers make them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from events import services
from events.models import Event, Session, Space
from events.services import SessionFields

RIO = ZoneInfo("America/Sao_Paulo")
FIRST_DAY = date(2030, 6, 10)


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = RIO) -> datetime:
    """A time on the forum's wall clock, `day` days after its first day."""
    return datetime.combine(FIRST_DAY + timedelta(days=day), time(hour, minute), tzinfo=zone)


@pytest.fixture
def forum(organiser) -> Event:
    """A two-day draft forum in Rio with a 100-seat hall, an online space and a track."""
    event = services.create_event(
        actor=organiser,
        title="Forum",
        slug="forum",
        city="Rio de Janeiro",
        time_zone="America/Sao_Paulo",
        start_date=FIRST_DAY,
        end_date=FIRST_DAY + timedelta(days=1),
        partners=["International Organization for Migration"],
    )
    services.create_space(event, actor=organiser, name="Hall", capacity=100)
    services.create_space(event, actor=organiser, name="Online", kind=Space.Kind.ONLINE)
    services.create_track(event, actor=organiser, name="Migration", colour="#0b6e4f")
    return event


@pytest.fixture
def add_session(organiser):
    """Add a session to an event: `add_session(event, "Title", start, end, **fields)`."""

    def add(
        event: Event, title: str, starts_at: datetime, ends_at: datetime, **fields: object
    ) -> Session:
        fields.setdefault("capacity", 10)
        if "space" not in fields:
            fields["space"] = event.spaces.get(name="Hall")
        return services.create_session(
            event,
            actor=organiser,
            fields=SessionFields(title=title, starts_at=starts_at, ends_at=ends_at, **fields),
        )

    return add


@pytest.fixture
def published(forum, organiser, add_session) -> Event:
    """The forum, published with one 2-seat session on its first morning."""
    add_session(forum, "Integration", at(0, 10), at(0, 11), capacity=2)
    services.publish_schedule(forum, actor=organiser)
    forum.refresh_from_db()
    return forum
