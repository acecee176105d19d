"""Races on real PostgreSQL: seats and reminders taken by many at the same instant."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from events import services
from events.models import Occurrence, Registration
from salam.notices.models import Notice
from tests.events.conftest import at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BEFORE = datetime(2030, 6, 1, tzinfo=UTC)


def all_at_once(calls: list[Callable[[], object]]) -> list[BaseException]:
    """Run every call in its own thread, released together; returns the errors raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
        except BaseException as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_fifty_people_registering_at_once_fill_ten_seats_and_queue_forty_in_order(
    postgres, forum, organiser, add_session
):
    session = add_session(forum, "Popular", at(0, 10), at(0, 11), capacity=10)
    services.publish_schedule(forum, actor=organiser)
    occurrence = session.occurrences.get()
    people = [get_user_model().objects.create(username=f"racer{n}") for n in range(50)]

    errors = all_at_once(
        [lambda p=p: services.register(occurrence, actor=p, now=BEFORE) for p in people]
    )

    assert errors == []
    queue = list(Registration.objects.filter(occurrence=occurrence).order_by("ticket"))
    assert [r.ticket for r in queue] == list(range(1, 51))
    assert [r.status for r in queue] == ["registered"] * 10 + ["waiting"] * 40
    # In order: tickets were handed out in the order the rows were written.
    assert [r.pk for r in queue] == sorted(r.pk for r in queue)
    occurrence.refresh_from_db()
    assert (occurrence.registered_count, occurrence.last_ticket) == (10, 50)


def test_two_ticks_racing_send_each_reminder_once(postgres, forum, organiser, add_session):
    session = add_session(forum, "Soon", at(0, 10), at(0, 11), capacity=20)
    services.publish_schedule(forum, actor=organiser)
    occurrence = session.occurrences.get()
    people = [get_user_model().objects.create(username=f"early{n}") for n in range(5)]
    for person in people:
        services.register(occurrence, actor=person, now=BEFORE)
    now = at(0, 10) - timedelta(minutes=10)

    sent: list[int] = []
    errors = all_at_once(
        [lambda: sent.append(services.send_due_reminders(now=now)) for _ in range(4)]
    )

    assert errors == []
    assert sorted(sent) == [0, 0, 0, 5]
    per_person = Notice.objects.filter(kind="events.reminder").values_list("user", flat=True)
    assert sorted(per_person) == sorted(p.pk for p in people)


def test_two_ticks_racing_open_one_room(postgres, forum, organiser, add_session):
    session = add_session(forum, "Soon", at(0, 10), at(0, 11), capacity=20)
    services.publish_schedule(forum, actor=organiser)

    opened: list[int] = []
    errors = all_at_once(
        [lambda: opened.append(len(services.open_due_rooms(now=at(0, 10)))) for _ in range(4)]
    )

    assert errors == []
    assert sorted(opened) == [0, 0, 0, 1]
    assert Occurrence.objects.get(session=session).room is not None


def test_two_people_taking_the_last_seat_of_a_series_at_once_get_one_each_way(
    postgres, forum, organiser, add_session
):
    """Each date has one seat: whoever comes first on a date sits, the other waits there;
    locking the dates in one order means neither series deadlocks the other."""
    session = add_session(
        forum, "Series", at(0, 18), at(0, 19), capacity=1, recurrence="FREQ=DAILY;COUNT=2"
    )
    services.publish_schedule(forum, actor=organiser)
    people = [get_user_model().objects.create(username=f"series{n}") for n in range(2)]
    loner = get_user_model().objects.create(username="single")

    errors = all_at_once(
        [lambda p=p: services.register_series(session, actor=p, now=BEFORE) for p in people]
        + [
            lambda: services.register(
                session.occurrences.order_by("pk").last(), actor=loner, now=BEFORE
            )
        ]
    )

    assert errors == []
    for occurrence in session.occurrences.order_by("pk"):
        queue = list(occurrence.registrations.order_by("ticket").values_list("status", flat=True))
        occurrence.refresh_from_db()
        assert occurrence.registered_count == 1
        assert queue.count("registered") == 1
        assert set(queue[1:]) == {"waiting"}
    first, second = session.occurrences.order_by("pk")
    assert first.registrations.count() == 2 and second.registrations.count() == 3
