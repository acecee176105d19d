"""The demo events: always upcoming, loaded once."""

from __future__ import annotations

from datetime import date

import pytest

from events import demo
from events.models import Event, Occurrence, Session
from salam.management.commands.demo import DEMO_LOADERS

pytestmark = pytest.mark.django_db


def test_the_demo_forum_is_next_month_in_rio_with_its_sessions():
    demo.load(today=date(2030, 1, 20))
    forum = Event.objects.get(slug="aoc-forum-2010")
    assert (forum.title, forum.city, forum.time_zone) == (
        "Alliance of Civilizations Forum",
        "Rio de Janeiro",
        "America/Sao_Paulo",
    )
    assert (forum.start_date, forum.end_date) == (date(2030, 2, 15), date(2030, 2, 16))
    assert forum.is_published
    assert forum.spaces.count() == 2
    assert forum.sessions.count() >= 6
    working = forum.sessions.get(title="Good practices for the integration of migrants")
    assert working.kind == Session.Kind.WORKING
    assert "International Organization for Migration" in working.abstract
    assert "International Organization for Migration" in forum.partners


def test_the_rotterdam_meeting_repeats_weekly_for_eight_weeks_at_six_pm_local():
    demo.load(today=date(2030, 9, 20))
    meeting = Session.objects.get(event__slug="cafe-salam-rotterdam")
    occurrences = list(Occurrence.objects.filter(session=meeting).order_by("starts_at"))
    zone = meeting.event.zone
    assert len(occurrences) == 8
    assert {o.starts_at.astimezone(zone).strftime("%a %H:%M") for o in occurrences} == {"Thu 18:00"}
    assert meeting.event.is_published


def test_loading_twice_changes_nothing():
    demo.load()
    counts = (Event.objects.count(), Session.objects.count(), Occurrence.objects.count())
    demo.load()
    assert (Event.objects.count(), Session.objects.count(), Occurrence.objects.count()) == counts


def test_the_demo_command_loads_the_events_after_the_people():
    loaders = DEMO_LOADERS
    assert loaders.index("events.demo") > loaders.index("salam.people.demo")
