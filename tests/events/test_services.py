"""Writing events: editing, publishing and releases, registration and the waiting list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import mail
from django.db import IntegrityError, transaction

from events import services
from events.errors import Forbidden, HasConflicts, Invalid
from events.models import Event, Occurrence, Registration, Release
from events.scheduling import ConflictKind
from events.services import SessionFields
from salam.notices.models import Notice
from tests.events.conftest import at
from tests.jobs import run_jobs

pytestmark = pytest.mark.django_db

BEFORE = datetime(2030, 6, 1, tzinfo=UTC)


def occurrence_of(session) -> Occurrence:
    return session.occurrences.get()


# Editing


def test_an_organiser_creates_a_draft_event_and_becomes_its_organiser(forum, organiser):
    assert forum.status == Event.Status.DRAFT
    assert list(forum.organisers.all()) == [organiser]
    assert forum.partners == ["International Organization for Migration"]


def test_a_participant_cannot_create_an_event(participant):
    with pytest.raises(Forbidden):
        services.create_event(
            actor=participant,
            title="Mine",
            slug="mine",
            city="Rio",
            time_zone="UTC",
            start_date=BEFORE.date(),
            end_date=BEFORE.date(),
        )
    assert not Event.objects.exists()


def test_a_participant_cannot_edit_someone_elses_event(forum, participant):
    with pytest.raises(Forbidden):
        services.create_space(forum, actor=participant, name="Mine", capacity=5)
    assert forum.spaces.count() == 2


def test_an_event_organiser_without_the_global_role_can_edit_their_event(forum, participant):
    forum.organisers.add(participant)
    space = services.create_space(forum, actor=participant, name="Annex", capacity=5)
    assert space.event == forum


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"slug": "agenda"}, "slug"),
        ({"slug": "forum"}, "taken"),
        ({"time_zone": "Mars/Olympus"}, "zone"),
        ({"end_date": BEFORE.date() - timedelta(days=1)}, "dates"),
    ],
)
def test_an_event_with_a_bad_address_zone_or_dates_is_refused(forum, organiser, changes, code):
    fields = {
        "title": "Other",
        "slug": "other",
        "city": "Rio",
        "time_zone": "UTC",
        "start_date": BEFORE.date(),
        "end_date": BEFORE.date(),
    }
    with pytest.raises(Invalid) as error:
        services.create_event(actor=organiser, **{**fields, **changes})
    assert error.value.code == code


def test_a_session_with_naive_times_is_refused(forum, add_session):
    with pytest.raises(Invalid) as error:
        add_session(forum, "Naive", datetime(2030, 6, 10, 9), datetime(2030, 6, 10, 10))  # noqa: DTZ001 the case under test
    assert error.value.code == "naive"


def test_a_session_with_a_space_of_another_event_is_refused(forum, organiser, add_session):
    other = services.create_event(
        actor=organiser,
        title="Other",
        slug="other",
        city="X",
        time_zone="UTC",
        start_date=forum.start_date,
        end_date=forum.end_date,
    )
    foreign = services.create_space(other, actor=organiser, name="Elsewhere", capacity=5)
    with pytest.raises(Invalid) as error:
        add_session(forum, "Wrong", at(0, 9), at(0, 10), space=foreign)
    assert error.value.code == "space"


def test_a_recurring_session_gets_one_occurrence_per_date(forum, add_session):
    session = add_session(forum, "Daily", at(0, 18), at(0, 19), recurrence="FREQ=DAILY;COUNT=2")
    starts = [o.starts_at for o in session.occurrences.order_by("index")]
    assert starts == [at(0, 18), at(1, 18)]


def test_speakers_and_moderators_are_people_or_guests(forum, add_session, moderator, participant):
    session = add_session(
        forum,
        "Panel",
        at(0, 9),
        at(0, 10),
        speakers=[participant, "Ana Lima"],
        moderators=[moderator],
    )
    people = [(p.role, p.name) for p in session.people.all()]
    assert people == [("moderator", "Mod"), ("speaker", "Alice"), ("speaker", "Ana Lima")]


def test_moving_a_session_bumps_its_occurrences_sequence_and_keeps_registrations(
    published, organiser, participant
):
    session = published.sessions.get()
    occurrence = occurrence_of(session)
    services.register(occurrence, actor=participant, now=BEFORE)
    services.update_session(
        session,
        actor=organiser,
        fields=SessionFields(
            title="Integration", starts_at=at(0, 14), ends_at=at(0, 15), capacity=2
        ),
    )
    occurrence.refresh_from_db()
    assert (occurrence.starts_at, occurrence.sequence) == (at(0, 14), 1)
    assert occurrence.registrations.get().user == participant


def test_shortening_a_recurrence_cancels_the_occurrences_it_no_longer_makes(
    forum, organiser, add_session
):
    session = add_session(forum, "Daily", at(0, 18), at(0, 19), recurrence="FREQ=DAILY;COUNT=2")
    services.update_session(
        session,
        actor=organiser,
        fields=SessionFields(
            title="Daily", starts_at=at(0, 18), ends_at=at(0, 19), capacity=10, recurrence=""
        ),
    )
    states = [(o.index, o.cancelled_at is not None) for o in session.occurrences.order_by("index")]
    assert states == [(0, False), (1, True)]


def test_lowering_capacity_below_those_registered_is_refused(published, organiser, make_person):
    session = published.sessions.get()
    occurrence = occurrence_of(session)
    for person in (make_person(), make_person()):
        services.register(occurrence, actor=person, now=BEFORE)
    with pytest.raises(Invalid) as error:
        services.update_session(
            session,
            actor=organiser,
            fields=SessionFields(
                title="Integration", starts_at=at(0, 10), ends_at=at(0, 11), capacity=1
            ),
        )
    assert error.value.code == "capacity"


def test_raising_capacity_seats_the_waiting_list_in_order(published, organiser, make_person):
    session = published.sessions.get()
    occurrence = occurrence_of(session)
    people = [make_person() for _ in range(4)]
    for person in people:
        services.register(occurrence, actor=person, now=BEFORE)
    services.update_session(
        session,
        actor=organiser,
        fields=SessionFields(
            title="Integration", starts_at=at(0, 10), ends_at=at(0, 11), capacity=3
        ),
    )
    statuses = [r.status for r in occurrence.registrations.order_by("ticket")]
    assert statuses == ["registered", "registered", "registered", "waiting"]


# Publishing and releases


def test_publishing_is_refused_while_the_schedule_has_conflicts(
    forum, organiser, add_session, moderator
):
    add_session(forum, "One", at(0, 9), at(0, 10), moderators=[moderator])
    add_session(forum, "Two", at(0, 9, 30), at(0, 10, 30), moderators=[moderator])
    with pytest.raises(HasConflicts) as error:
        services.publish_schedule(forum, actor=organiser)
    kinds = sorted(c.kind for c in error.value.conflicts)
    assert kinds == [ConflictKind.PERSON_DOUBLE_BOOKED, ConflictKind.SPACE_OVERLAP]
    forum.refresh_from_db()
    assert (forum.status, forum.releases.count()) == (Event.Status.DRAFT, 0)


def test_a_session_above_its_halls_capacity_or_outside_the_dates_blocks_publishing(
    forum, organiser, add_session
):
    add_session(forum, "Big", at(0, 9), at(0, 10), capacity=101)
    add_session(forum, "Late", at(2, 9), at(2, 10))
    with pytest.raises(HasConflicts) as error:
        services.publish_schedule(forum, actor=organiser)
    assert sorted(c.kind for c in error.value.conflicts) == [
        ConflictKind.OUTSIDE_EVENT,
        ConflictKind.OVER_CAPACITY,
    ]


def test_a_participant_cannot_publish(forum, participant):
    with pytest.raises(Forbidden):
        services.publish_schedule(forum, actor=participant)
    assert not Release.objects.exists()


def test_the_first_release_is_number_one_and_publishes_the_event(forum, organiser, add_session):
    add_session(forum, "One", at(0, 9), at(0, 10))
    release = services.publish_schedule(forum, actor=organiser)
    forum.refresh_from_db()
    assert (release.number, forum.status) == (1, Event.Status.PUBLISHED)
    assert [entry["title"] for entry in release.snapshot.values()] == ["One"]
    assert release.changes == {"added": [], "moved": [], "cancelled": []}


def test_the_next_release_lists_added_moved_and_cancelled_sessions(forum, organiser, add_session):
    kept = add_session(forum, "Kept", at(0, 9), at(0, 10))
    moved = add_session(forum, "Moved", at(0, 11), at(0, 12))
    gone = add_session(forum, "Gone", at(0, 14), at(0, 15))
    services.publish_schedule(forum, actor=organiser)
    services.update_session(
        moved,
        actor=organiser,
        fields=SessionFields(
            title="Moved", starts_at=at(1, 11), ends_at=at(1, 12), capacity=10, space=moved.space
        ),
    )
    services.cancel_session(gone, actor=organiser)
    add_session(forum, "New", at(1, 15), at(1, 16))
    release = services.publish_schedule(forum, actor=organiser)
    assert release.number == 2
    assert [a["title"] for a in release.changes["added"]] == ["New"]
    assert [c["title"] for c in release.changes["cancelled"]] == ["Gone"]
    assert [(m["title"], m["after"]["starts_at"]) for m in release.changes["moved"]] == [
        ("Moved", at(1, 11).astimezone(UTC).isoformat())
    ]
    assert kept.title in [e["title"] for e in release.snapshot.values()]


def test_registered_people_hear_once_of_changes_to_their_sessions(
    published, organiser, make_person, django_capture_on_commit_callbacks
):
    session = published.sessions.get()
    registered, other = make_person(), make_person()
    services.register(occurrence_of(session), actor=registered, now=BEFORE)
    services.update_session(
        session,
        actor=organiser,
        fields=SessionFields(
            title="Integration",
            starts_at=at(1, 10),
            ends_at=at(1, 11),
            capacity=2,
            space=session.space,
        ),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(published, actor=organiser)
    run_jobs()
    notice = Notice.objects.get(user=registered)
    assert notice.kind == "events.changed"
    assert notice.body == (  # in the registered person's zone (UTC)
        "“Integration” moved from June 10, 2030, 13:00 UTC to June 11, 2030, 13:00 UTC, Hall."
    )
    assert not Notice.objects.filter(user=other).exists()
    assert [m.to for m in mail.outbox] == [[registered.email]]


# Registration and the waiting list


def test_registration_seats_people_until_full_then_queues_them(published, make_person):
    occurrence = occurrence_of(published.sessions.get())
    people = [make_person() for _ in range(4)]
    statuses = [services.register(occurrence, actor=p, now=BEFORE).status for p in people]
    assert statuses == ["registered", "registered", "waiting", "waiting"]
    occurrence.refresh_from_db()
    assert (occurrence.registered_count, occurrence.last_ticket) == (2, 4)


def test_registering_twice_keeps_ones_place(published, participant):
    occurrence = occurrence_of(published.sessions.get())
    first = services.register(occurrence, actor=participant, now=BEFORE)
    second = services.register(occurrence, actor=participant, now=BEFORE)
    assert (second.pk, second.ticket) == (first.pk, first.ticket)


def test_registration_is_refused_for_a_draft_event(forum, add_session, participant):
    session = add_session(forum, "Draft", at(0, 9), at(0, 10))
    with pytest.raises(Forbidden):
        services.register(occurrence_of(session), actor=participant, now=BEFORE)
    assert not Registration.objects.exists()


def test_registration_is_refused_after_the_session_ended(published, participant):
    with pytest.raises(Invalid) as error:
        services.register(occurrence_of(published.sessions.get()), actor=participant, now=at(0, 11))
    assert error.value.code == "over"


def test_the_database_refuses_more_registered_than_seats(published):
    occurrence = occurrence_of(published.sessions.get())
    with pytest.raises(IntegrityError), transaction.atomic():
        Occurrence.objects.filter(pk=occurrence.pk).update(registered_count=3)


def test_a_cancellation_seats_the_first_on_the_waiting_list_who_is_notified(published, make_person):
    occurrence = occurrence_of(published.sessions.get())
    first, second, third, fourth = (make_person() for _ in range(4))
    for person in (first, second, third, fourth):
        services.register(occurrence, actor=person, now=BEFORE)
    services.cancel_registration(occurrence, actor=first)
    statuses = {r.user_id: r.status for r in occurrence.registrations.all()}
    assert statuses == {
        first.pk: "cancelled",
        second.pk: "registered",
        third.pk: "registered",
        fourth.pk: "waiting",
    }
    notice = Notice.objects.get(user=third)
    assert (notice.kind, notice.title) == ("events.promoted", "You have a seat at “Integration”")
    assert not Notice.objects.filter(user=fourth).exists()


def test_the_promotion_notice_reaches_the_persons_socket_group(
    published, make_person, django_capture_on_commit_callbacks
):
    occurrence = occurrence_of(published.sessions.get())
    first, second, waiting = (make_person() for _ in range(3))
    for person in (first, second, waiting):
        services.register(occurrence, actor=person, now=BEFORE)
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"user.{waiting.pk}", channel)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(occurrence, actor=first)
    frame = async_to_sync(layer.receive)(channel)
    notice = Notice.objects.get(user=waiting)
    assert frame == {
        "type": "hub.event",
        "group": f"user.{waiting.pk}",
        "event": {
            "type": "notice",
            "id": notice.pk,
            "kind": "events.promoted",
            "title": "You have a seat at “Integration”",
            "body": ("A seat came free: you are registered for June 10, 2030, 13:00 UTC."),
            "url": f"/events/forum/sessions/{occurrence.session_id}/",
            "created_at": notice.created_at.isoformat(),
            "unread": 1,
        },
    }
    async_to_sync(layer.group_discard)(f"user.{waiting.pk}", channel)


def test_leaving_the_waiting_list_promotes_nobody(published, make_person):
    occurrence = occurrence_of(published.sessions.get())
    people = [make_person() for _ in range(3)]
    for person in people:
        services.register(occurrence, actor=person, now=BEFORE)
    services.cancel_registration(occurrence, actor=people[2])
    occurrence.refresh_from_db()
    assert occurrence.registered_count == 2
    assert not Notice.objects.exists()


def test_cancelling_without_a_registration_is_refused(published, participant):
    with pytest.raises(Invalid) as error:
        services.cancel_registration(occurrence_of(published.sessions.get()), actor=participant)
    assert error.value.code == "not_registered"


def test_registering_again_after_cancelling_goes_to_the_back(published, make_person):
    occurrence = occurrence_of(published.sessions.get())
    a, b, c = (make_person() for _ in range(3))
    for person in (a, b, c):
        services.register(occurrence, actor=person, now=BEFORE)
    services.cancel_registration(occurrence, actor=a)
    again = services.register(occurrence, actor=a, now=BEFORE)
    assert (again.status, again.ticket) == ("waiting", 4)


def test_each_occurrence_of_a_recurring_session_has_its_own_seats(
    forum, organiser, add_session, make_person
):
    session = add_session(
        forum, "Daily", at(0, 18), at(0, 19), capacity=1, recurrence="FREQ=DAILY;COUNT=2"
    )
    services.publish_schedule(forum, actor=organiser)
    first, second = session.occurrences.order_by("index")
    a, b = make_person(), make_person()
    assert services.register(first, actor=a, now=BEFORE).status == "registered"
    assert services.register(first, actor=b, now=BEFORE).status == "waiting"
    assert services.register(second, actor=b, now=BEFORE).status == "registered"


def test_an_agenda_feed_token_is_replaced_and_revoked(participant):
    first = services.issue_agenda_feed(actor=participant).token
    second = services.issue_agenda_feed(actor=participant).token
    assert first != second
    assert services.revoke_agenda_feed(actor=participant) is True
    assert services.revoke_agenda_feed(actor=participant) is False
