"""Work that falls due with time: reminders, session rooms, the tick command."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from events import services
from events.models import Occurrence
from rooms.models import Membership, Room
from salam.notices.models import Notice
from tests.events.conftest import at
from tests.jobs import run_jobs

pytestmark = pytest.mark.django_db

BEFORE = datetime(2030, 6, 1, tzinfo=UTC)
START = at(0, 10)  # the published fixture's session: 10:00 to 11:00 in Rio


@pytest.fixture
def occurrence(published) -> Occurrence:
    return Occurrence.objects.get(session__event=published)


def test_reminders_go_to_registered_people_fifteen_minutes_before(
    occurrence, make_person, django_capture_on_commit_callbacks
):
    seated, other, waiting = make_person(), make_person(), make_person()
    for person in (seated, other, waiting):
        services.register(occurrence, actor=person, now=BEFORE)
    assert services.send_due_reminders(now=START - timedelta(minutes=16)) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_due_reminders(now=START - timedelta(minutes=15))
    run_jobs()
    assert sent == 2
    reminded = sorted(Notice.objects.filter(kind="events.reminder").values_list("user", flat=True))
    assert reminded == sorted([seated.pk, other.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([seated.email, other.email])


def test_reminders_are_sent_once_however_often_the_tick_runs(occurrence, participant):
    services.register(occurrence, actor=participant, now=BEFORE)
    for minutes in (15, 14, 10, 1):
        services.send_due_reminders(now=START - timedelta(minutes=minutes))
    assert Notice.objects.filter(user=participant, kind="events.reminder").count() == 1
    occurrence.refresh_from_db()
    assert occurrence.reminder_sent_at == START - timedelta(minutes=15)


def test_no_reminder_for_a_cancelled_session(occurrence, participant, organiser):
    services.register(occurrence, actor=participant, now=BEFORE)
    services.cancel_session(occurrence.session, actor=organiser, now=BEFORE)
    assert services.send_due_reminders(now=START - timedelta(minutes=5)) == 0
    assert not Notice.objects.filter(kind="events.reminder").exists()


def test_the_room_opens_fifteen_minutes_before_with_its_people_and_moderators(
    published, organiser, make_person, moderator
):
    session = published.sessions.get()
    speaker = make_person("speaker")
    services.update_session(
        session,
        actor=organiser,
        fields=services.SessionFields(
            title="Integration",
            starts_at=START,
            ends_at=START + timedelta(hours=1),
            capacity=2,
            space=session.space,
            speakers=[speaker, "A guest"],
            moderators=[moderator],
        ),
    )
    occurrence = session.occurrences.get()
    seated, waiting = make_person(), make_person()
    services.register(occurrence, actor=seated, now=BEFORE)
    services.register(occurrence, actor=make_person(), now=BEFORE)
    services.register(occurrence, actor=waiting, now=BEFORE)
    assert services.open_due_rooms(now=START - timedelta(minutes=16)) == []
    [room] = services.open_due_rooms(now=START - timedelta(minutes=15))
    assert (room.kind, room.visibility, room.state) == (
        Room.Kind.SESSION,
        Room.Visibility.MEMBERS,
        Room.State.OPEN,
    )
    roles = dict(room.memberships.values_list("user__username", "role"))
    assert roles[seated.username] == Membership.Role.PARTICIPANT
    assert roles[speaker.username] == Membership.Role.PARTICIPANT
    assert roles[moderator.username] == Membership.Role.MODERATOR
    assert waiting.username not in roles
    assert len(roles) == 4
    occurrence.refresh_from_db()
    assert occurrence.room == room
    assert services.open_due_rooms(now=START - timedelta(minutes=10)) == []


def test_a_later_registration_joins_the_open_room_at_once(occurrence, participant):
    [room] = services.open_due_rooms(now=START - timedelta(minutes=5))
    services.register(occurrence, actor=participant, now=START - timedelta(minutes=4))
    assert room.memberships.filter(user=participant).exists()


def test_someone_promoted_from_the_waiting_list_joins_the_open_room(occurrence, make_person):
    first, second, waiting = (make_person() for _ in range(3))
    for person in (first, second, waiting):
        services.register(occurrence, actor=person, now=BEFORE)
    [room] = services.open_due_rooms(now=START)
    services.cancel_registration(occurrence, actor=first)
    assert room.memberships.filter(user=waiting).exists()


def test_the_room_is_archived_when_the_session_ends_and_keeps_its_members(occurrence, participant):
    services.register(occurrence, actor=participant, now=BEFORE)
    [room] = services.open_due_rooms(now=START)
    assert services.archive_ended_rooms(now=START + timedelta(minutes=59)) == []
    [archived] = services.archive_ended_rooms(now=START + timedelta(hours=1))
    assert (archived.pk, archived.state) == (room.pk, Room.State.ARCHIVED)
    assert room.memberships.filter(user=participant).exists()
    assert services.archive_ended_rooms(now=START + timedelta(hours=2)) == []


def test_run_due_work_opens_reminds_then_archives(occurrence, participant):
    services.register(occurrence, actor=participant, now=BEFORE)
    early = services.run_due_work(START - timedelta(minutes=10))
    late = services.run_due_work(START + timedelta(hours=1))
    assert (early.opened, early.reminded, early.archived) == (1, 1, 0)
    assert (late.opened, late.reminded, late.archived) == (0, 0, 1)


def test_the_tick_command_runs_the_due_work_at_the_given_time(occurrence, participant, capsys):
    services.register(occurrence, actor=participant, now=BEFORE)
    call_command("tick", now=(START - timedelta(minutes=10)).isoformat())
    assert capsys.readouterr().out.strip() == (
        "rounds matched: 0, pairing requests expired: 0, programmes formed: 0, "
        "rooms opened: 1, reminders sent: 1, rooms archived: 0, "
        "attendance notices: 0, digests sent: 0, videos reclaimed: 0"
    )
    occurrence.refresh_from_db()
    assert occurrence.room is not None


def test_cancelling_a_seat_after_the_room_opened_leaves_the_room(occurrence, participant):
    services.register(occurrence, actor=participant, now=BEFORE)
    [room] = services.open_due_rooms(now=START - timedelta(minutes=5))
    assert room.memberships.filter(user=participant).exists()
    services.cancel_registration(occurrence, actor=participant)
    assert not room.memberships.filter(user=participant).exists()
