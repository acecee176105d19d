"""Services: what they write, what they refuse, and the exact events they emit after commit."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from rooms import realtime
from rooms.chat import services as chat_services
from rooms.chat.services import presence
from rooms.chat.services.changes import locked_message
from rooms.errors import RoomError
from rooms.models import Membership, Message, Reaction, Room
from rooms.moderation import services as moderation_services
from rooms.moderation.reports import room_context
from salam.core.errors import DomainError
from salam.moderation import services as safety_services
from salam.moderation.models import BlockedTerm, ModerationAction, Report
from salam.moderation.realtime import MODERATORS_GROUP
from tests.rooms.frames import Listener

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def room(welcome) -> Room:
    return welcome


def events_of(listener: Listener, capture, action) -> list[dict]:
    with capture(execute=True):
        action()
    return listener.events()


pytestmark = pytest.mark.django_db


def test_nothing_is_emitted_before_commit(room, participant, django_capture_on_commit_callbacks):
    listener = Listener(realtime.room_group(room.pk))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        chat_services.post_message(room, author=participant, body="hello", client_id="c1", now=NOW)
    assert listener.events() == []
    assert len(callbacks) == 1


def test_a_refused_message_stores_nothing_and_emits_nothing(
    room, participant, django_capture_on_commit_callbacks
):
    listener = Listener(realtime.room_group(room.pk))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RoomError) as error:
        chat_services.post_message(room, author=participant, body="", client_id="c1", now=NOW)
    assert error.value.code == "empty"
    assert (Message.objects.count(), listener.events()) == (0, [])


def test_a_crashed_processes_connections_are_swept(room, participant, outsider):

    presence.arrive(room, actor=participant, connection="a", server="dead", now=NOW)
    presence.arrive(room, actor=outsider, connection="b", server="alive", now=NOW)
    presence.heartbeat(server="alive", now=NOW + dt.timedelta(seconds=50))
    assert presence.sweep(now=NOW + dt.timedelta(seconds=61)) == [room.pk]
    from rooms.chat.selectors import online_usernames

    assert online_usernames(room.pk, now=NOW + dt.timedelta(seconds=61)) == ["mallory"]


def test_the_presence_ttl_is_read_from_settings_when_sweeping(room, participant, settings):
    settings.ROOMS_PRESENCE_TTL_SECONDS = 3
    presence.arrive(room, actor=participant, connection="a", server="dead", now=NOW)
    assert presence.sweep(now=NOW + dt.timedelta(seconds=2)) == []
    assert presence.sweep(now=NOW + dt.timedelta(seconds=4)) == [room.pk]
    assert not room.presences.exists()


def test_mute_emits_the_notice_to_the_person_and_the_audit_event(
    room, moderator, participant, django_capture_on_commit_callbacks
):
    chat_services.add_member(room, user=participant)
    personal = Listener(realtime.user_group(participant.pk))
    moderators = Listener(MODERATORS_GROUP)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.mute_member(
            room, actor=moderator, username="alice", minutes=10, reason="calm down", now=NOW
        )
    notice, muted = personal.events()
    assert muted == {
        "type": "muted",
        "until": "2026-11-29T12:10:00+00:00",
        "room": "welcome",
        "reason": "calm down",
    }
    assert notice["type"] == "notice" and notice["kind"] == "moderation.action"
    assert "Reason: calm down" in notice["body"]
    [audit] = moderators.events()
    assert {k: audit[k] for k in ("type", "action", "room", "actor", "target", "reason")} == {
        "type": "moderation.action",
        "action": "mute",
        "room": "welcome",
        "actor": "mod",
        "target": "alice",
        "reason": "calm down",
    }


def test_every_action_is_on_the_record_and_survives_the_message_and_room(
    room, moderator, participant
):
    chat_services.post_message(room, author=participant, body="bad words", client_id="c", now=NOW)
    moderation_services.delete_message(room, actor=moderator, seq=1, reason="rude")
    Message.objects.all().delete()
    room.delete()
    record = ModerationAction.objects.get()
    assert (
        record.action,
        record.actor_username,
        record.target_username,
        record.context_label,
        record.object_ref,
        record.object_text,
        record.reason,
    ) == ("delete", "mod", "alice", "welcome", 1, "bad words", "rude")


def test_a_refused_blocked_term_stores_nothing(room, moderator, participant):
    safety_services.add_blocked_term(actor=moderator, context="", term="idiot", mode="refuse")
    with pytest.raises(RoomError) as error:
        chat_services.post_message(
            room, author=participant, body="you İDİOT", client_id="c", now=NOW
        )
    assert error.value.code == "blocked_term"
    assert Message.objects.count() == 0


def test_a_report_term_lets_the_message_through_and_files_a_report(room, moderator, participant):
    safety_services.add_blocked_term(
        actor=moderator, context=room_context(room.pk), term="stupid", mode="report"
    )
    posted = chat_services.post_message(
        room, author=participant, body="STUPID idea", client_id="c", now=NOW
    )
    report = Report.objects.get()
    assert (report.kind, report.object_id, report.source, report.subject, report.reason) == (
        "message",
        posted.message.pk,
        "filter",
        participant,
        "stupid",
    )


def test_a_participant_cannot_keep_the_word_list(room, participant):
    with pytest.raises(DomainError) as error:
        safety_services.add_blocked_term(
            actor=participant, context=room_context(room.pk), term="x", mode="refuse"
        )
    assert error.value.code == "forbidden"
    assert BlockedTerm.objects.count() == 0


def test_moderators_speak_in_a_locked_room(room, moderator, participant):
    moderation_services.set_locked(room, actor=moderator, locked=True)
    assert chat_services.post_message(
        room, author=moderator, body="x", client_id="m", now=NOW
    ).created
    with pytest.raises(RoomError) as error:
        chat_services.post_message(room, author=participant, body="x", client_id="p", now=NOW)
    assert error.value.code == "locked"


def test_slow_mode_lets_one_message_per_interval(room, moderator, participant):
    moderation_services.set_slow_mode(room, actor=moderator, seconds=30)
    chat_services.post_message(room, author=participant, body="1", client_id="a", now=NOW)
    with pytest.raises(RoomError) as error:
        chat_services.post_message(
            room, author=participant, body="2", client_id="b", now=NOW + dt.timedelta(seconds=10)
        )
    assert error.value.code == "slow_mode"
    chat_services.post_message(
        room, author=participant, body="3", client_id="c", now=NOW + dt.timedelta(seconds=31)
    )
    assert Message.objects.count() == 2


def test_a_mute_ends_by_itself(room, moderator, participant):
    chat_services.add_member(room, user=participant)
    moderation_services.mute_member(room, actor=moderator, username="alice", minutes=5, now=NOW)
    with pytest.raises(RoomError) as error:
        chat_services.post_message(
            room, author=participant, body="x", client_id="a", now=NOW + dt.timedelta(minutes=4)
        )
    assert error.value.code == "muted"
    chat_services.post_message(
        room, author=participant, body="x", client_id="b", now=NOW + dt.timedelta(minutes=6)
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_keep_seq_gapless(postgres, welcome, make_person):
    people = [make_person(f"sender{i}") for i in range(8)]
    errors = []
    barrier = threading.Barrier(len(people))

    def send_all(person) -> None:
        try:
            barrier.wait()
            for index in range(5):
                chat_services.post_message(
                    welcome,
                    author=person,
                    body=f"{index}",
                    client_id=f"{person.username}-{index}",
                    now=NOW + dt.timedelta(seconds=10 * index),
                )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send_all, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    seqs = list(Message.objects.filter(room=welcome).values_list("seq", flat=True))
    assert seqs == list(range(1, 41))
    assert Room.objects.get(pk=welcome.pk).last_seq == 40


@pytest.mark.django_db(transaction=True)
def test_a_reaction_does_not_wait_for_an_edit_holding_the_message(
    postgres, welcome, participant, make_person
):
    """An edit locks its message, then the room's row; a reaction locks the room's row, then
    inserts rows pointing at the message. Were the edit's lock FOR UPDATE, each would wait for
    the other (PostgreSQL breaks it as a deadlock: "unavailable" to one of them)."""
    chat_services.post_message(welcome, author=participant, body="Good news", client_id="m")
    bob = make_person("bob")
    chat_services.add_member(welcome, user=bob)
    locked, reacted, released = threading.Event(), threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def hold_the_message() -> None:
        try:
            with transaction.atomic():
                locked_message(welcome, 1)
                locked.set()
                reacted.wait(15)
            released.set()
        finally:
            connection.close()

    def react() -> None:
        try:
            locked.wait(15)
            outcome["changed"] = chat_services.react(welcome, actor=bob, seq=1, emoji="🎉")
            outcome["while_held"] = not released.is_set()
        except Exception as error:
            outcome["error"] = error
        finally:
            reacted.set()
            connection.close()

    threads = [threading.Thread(target=hold_the_message), threading.Thread(target=react)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {"changed": True, "while_held": True}
    assert Reaction.objects.filter(message__room=welcome).count() == 1


def test_assigning_a_moderator_is_for_organisers(room, organiser, moderator, participant, outsider):
    with pytest.raises(RoomError):
        moderation_services.assign_moderator(room, actor=participant, username="mallory")
    moderation_services.assign_moderator(room, actor=organiser, username="mallory")
    assert Membership.objects.get(room=room, user=outsider).role == "moderator"


def test_the_person_creating_a_room_becomes_its_first_moderator(organiser):
    room = chat_services.create_room(slug="cafe-bread", title="Bread", actor=organiser)
    assert list(room.memberships.values_list("user__username", "role")) == [("org", "moderator")]
    assert room.created_by == organiser


def test_only_organisers_and_moderators_create_or_edit_rooms(room, participant):
    with pytest.raises(RoomError) as created:
        chat_services.create_room(slug="mine", title="Mine", actor=participant)
    with pytest.raises(RoomError) as edited:
        chat_services.update_room(
            room, actor=participant, title="Mine", topic="", language="en", visibility="open"
        )
    assert (created.value.code, edited.value.code) == ("forbidden", "forbidden")
    assert not Room.objects.filter(slug="mine").exists()
    room.refresh_from_db()
    assert room.title != "Mine"
