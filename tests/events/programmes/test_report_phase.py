"""A message reported in a cohort session's room records the phase the session was in, and the
moderation dashboard tells it, in the moderator's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from events.programmes.console_service import CohortConsole
from events.programmes.models import PlanPhase
from events.services.timed import open_due_rooms
from rooms.chat import frames
from rooms.models import Message
from rooms.moderation import reports as room_reports
from rooms.moderation.reported import show_messages
from tests.rooms.conftest import welcome  # noqa: F401 a fixture, used by name


@pytest.fixture
def session_room(formed):
    for position, kind in enumerate(("welcome", "go_round", "closing")):
        PlanPhase.objects.create(
            plan=formed.plan,
            session_number=1,
            position=position,
            kind=kind,
            stage="culture",
            minutes=10,
            prompt={"en": kind},
        )
    cohort = formed.cohorts.order_by("number").first()
    occurrence = cohort.session.occurrences.order_by("index").first()
    open_due_rooms(now=occurrence.starts_at)
    occurrence.refresh_from_db()
    member = cohort.members.order_by("pk").first().user
    Message.objects.create(
        room=occurrence.room, author=member, seq=1, body="the bad one", sent_at=occurrence.starts_at
    )
    return occurrence, cohort.facilitators.get().user, cohort.members.order_by("pk")[1].user


def test_a_report_in_the_second_phase_says_so_on_the_dashboard(client, session_room, moderator):
    occurrence, facilitator, reporter = session_room
    room = occurrence.room
    CohortConsole().command(
        room,
        facilitator,
        frames.ConsoleCommand(action="next_phase"),
        now=occurrence.starts_at + dt.timedelta(minutes=10),
    )
    report = room_reports.report_message(room, reporter=reporter, seq=1, reason="rude")
    assert report.details == {
        "console": {"session": 1, "phase": 2, "phases": 3, "kind": "go_round", "label": "Go-round"}
    }
    # The next phase does not change what the report recorded.
    CohortConsole().command(
        room, facilitator, frames.ConsoleCommand(action="next_phase"), now=occurrence.starts_at
    )
    report.refresh_from_db()
    assert report.details["console"]["phase"] == 2
    assert show_messages([report])[report.pk].context == "#1 · session 1, phase 2 of 3: Go-round"
    client.force_login(moderator)
    client.cookies["django_language"] = "fr"
    page = client.get("/moderation/").content.decode()
    assert "#1 · séance 1, phase 2 sur 3 : Tour de parole" in page


def test_a_report_outside_a_session_room_records_no_phase(
    welcome,  # noqa: F811 the fixture
    participant,
    outsider,
):
    Message.objects.create(room=welcome, author=outsider, seq=1, body="hm", sent_at=timezone.now())
    report = room_reports.report_message(welcome, reporter=participant, seq=1, reason="rude")
    assert report.details == {}
    assert show_messages([report])[report.pk].context == "#1"
