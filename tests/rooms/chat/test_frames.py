"""The room socket's frames: decoded from their definitions, every event a service emits
checked exactly and against the schema, and the committed schema kept generated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.conf import settings

from rooms import realtime
from rooms.chat import frames as room_frames
from rooms.chat import services as chat_services
from rooms.chat.payloads import hidden_message_payload, message_payload
from rooms.chat.services import presence
from rooms.models import Message, Room
from rooms.moderation import services as moderation_services
from salam.core import frames
from salam.management.commands.protocol_schema import stale_schemas
from salam.people import services as people_services
from tests.rooms.conftest import enter
from tests.rooms.frames import Listener, fits, verify

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
ROOM, PERSONAL = ("room",), ("room", "me")


# ---- the schema ---------------------------------------------------------------------------


def test_the_committed_schemas_are_what_the_definitions_generate():
    assert stale_schemas() == []


def test_every_socket_has_a_schema_linked_from_the_protocol():
    protocol = (Path(settings.BASE_DIR) / "rooms" / "PROTOCOL.md").read_text(encoding="utf-8")
    registered = frames.sockets()
    assert {"room", "me", "moderation"} <= set(registered)
    for socket in registered.values():
        assert socket.schema_path.removeprefix("rooms/") in protocol, socket.name


def test_the_room_schema_lists_each_direction():
    schema = frames.socket_schema(frames.sockets()["room"])
    inbound = [ref["$ref"].rsplit("/", 1)[1] for ref in schema["$defs"]["Inbound"]["oneOf"]]
    assert inbound[:5] == ["SendMessage", "HistoryRequest", "Read", "TypingNow", "ReportMessage"]
    assert schema["$defs"]["Mute"]["required"] == ["action", "username", "minutes", "type"]
    internal = [ref["$ref"].rsplit("/", 1)[1] for ref in schema["$defs"]["Internal"]["oneOf"]]
    assert internal == ["SessionEnded", "AccessChanged", "BlocksChanged", "CallRelay"]


# ---- inbound ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"type": "message.send", "body": "hi", "client_id": "c-1"}',
            room_frames.SendMessage(body="hi", client_id="c-1"),
        ),
        ('{"type": "history", "before": 10}', room_frames.HistoryRequest(before=10, limit=50)),
        ('{"type": "read", "seq": 0}', room_frames.Read(seq=0)),
        ('{"type": "typing"}', room_frames.TypingNow()),
        ('{"type": "report", "seq": 3, "reason": "rude"}', room_frames.ReportMessage(3, "rude")),
        ('{"type": "moderate", "action": "pin", "seq": 3}', room_frames.Moderate(action="pin")),
    ],
)
def test_a_valid_frame_decodes_to_its_definition(text, expected):
    assert frames.decode(room_frames.inbound_decoder, text) == expected


FRAME, ACTION = room_frames.inbound_decoder, room_frames.moderation_decoder


@pytest.mark.parametrize(
    ("decoder", "text", "named"),
    [
        (FRAME, '{"type": "dance"}', "`$.type`"),
        (FRAME, '{"body": "hi"}', "`type`"),
        (FRAME, '{"type": "message.send", "body": 5, "client_id": "x"}', "`$.body`"),
        (FRAME, '{"type": "message.send", "body": "hi"}', "`client_id`"),
        (FRAME, '{"type": "message.send", "body": "hi", "client_id": ""}', "`$.client_id`"),
        (FRAME, '{"type": "message.send", "body": "hi", "client_id": "x", "junk": 1}', "`junk`"),
        (FRAME, '{"type": "history", "before": "10", "limit": 5}', "`$.before`"),
        (FRAME, '{"type": "history", "before": 10, "limit": 101}', "`$.limit`"),
        (FRAME, '{"type": "history", "before": true}', "`$.before`"),
        (FRAME, '{"type": "read", "seq": -1}', "`$.seq`"),
        (FRAME, '{"type": "report", "seq": 1.5, "reason": "x"}', "`$.seq`"),
        (FRAME, '{"type": "moderate", "action": 3}', "`$.action`"),
        # a moderation frame is decoded again, by its action
        (ACTION, '{"type": "moderate", "action": "dance"}', "`$.action`"),
        (ACTION, '{"type": "moderate", "action": "mute", "username": "a"}', "`minutes`"),
        (ACTION, '{"type": "moderate", "action": "mute", "username": "a", "minutes": 0}',
         "`$.minutes`"),
        (ACTION, '{"type": "moderate", "action": "slow_mode", "seconds": "5"}', "`$.seconds`"),
        (ACTION, '{"type": "moderate", "action": "kick", "username": "a", "why": "x"}', "`why`"),
    ],
)  # fmt: skip
def test_a_frame_that_does_not_fit_names_the_field(decoder, text, named):
    with pytest.raises(frames.InvalidFrame) as invalid:
        frames.decode(decoder, text)
    assert named in invalid.value.detail


def test_a_moderation_frame_takes_the_fields_of_other_actions_as_it_always_did():
    text = '{"type": "moderate", "action": "kick", "username": "a", "minutes": 5}'
    kick = frames.decode(room_frames.moderation_decoder, text)
    assert (type(kick), kick.username, kick.reason) == (room_frames.Kick, "a", "")


def test_the_client_id_of_a_refused_frame_is_found_for_its_error():
    assert frames.client_id_of('{"type": "message.send", "client_id": "c-9", "body": 5}') == "c-9"
    assert frames.client_id_of('{"client_id": 5}') is None
    assert frames.client_id_of("[1]") is None
    assert frames.client_id_of("not json") is None


# ---- what the services emit ---------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(welcome) -> Room:
    return welcome


@pytest.fixture
def emitted(django_capture_on_commit_callbacks):
    """emitted(group, action) -> the events `action` sent on `group`, after commit."""

    def run(group: str, action) -> list[dict]:
        listener = Listener(group)
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return listener.events()

    return run


def test_post_message_emits_the_message(room, participant, emitted):
    events = emitted(
        realtime.room_group(room.pk),
        lambda: chat_services.post_message(
            room, author=participant, body="café ☕", client_id="c1", now=NOW
        ),
    )
    verify(
        ROOM,
        events,
        [
            {
                "type": "message",
                "seq": 1,
                "author": {"username": "alice", "display_name": "Alice"},
                "body": "café ☕",
                "sent_at": "2026-11-29T12:00:00+00:00",
                "client_id": "c1",
            }
        ],
    )


def test_a_deleted_message_keeps_its_body_for_moderators_only(room, moderator, participant):
    chat_services.post_message(room, author=participant, body="rude", client_id="c", now=NOW)
    moderation_services.delete_message(room, actor=moderator, seq=1, now=NOW)
    message = Message.objects.select_related("author__profile").get()
    shown = {
        "type": "message",
        "seq": 1,
        "author": {"username": "alice", "display_name": "Alice"},
        "body": "",
        "sent_at": "2026-11-29T12:00:00+00:00",
        "client_id": "c",
        "deleted": True,
    }
    assert fits("room", message_payload(message)) == shown
    assert fits("room", message_payload(message, show_deleted_body=True)) == {
        **shown,
        "body": "rude",
    }
    assert fits("room", hidden_message_payload(7)) == {"type": "message", "seq": 7, "hidden": True}


def test_a_display_name_left_empty_falls_back_to_the_username(room, participant):
    chat_services.post_message(room, author=participant, body="x", client_id="c")
    message = Message.objects.select_related("author__profile").get()
    message.author.profile.display_name = ""
    author = fits("room", message_payload(message))["author"]
    assert author == {"username": "alice", "display_name": "alice"}


def test_presence_emits_the_online_list_on_arrival_leaving_and_sweep(
    room, participant, outsider, emitted
):
    group = realtime.room_group(room.pk)
    arrive = emitted(
        group,
        lambda: presence.arrive(room, actor=participant, connection="a", server="s", now=NOW),
    )
    alice = [{"username": "alice", "display_name": "Alice"}]
    verify(ROOM, arrive, [{"type": "presence", "online": ["alice"], "people": alice}])
    presence.arrive(room, actor=outsider, connection="b", server="dead", now=NOW)
    leave = emitted(group, lambda: presence.leave(connection="a", now=NOW))
    mallory = [{"username": "mallory", "display_name": "Mallory"}]
    verify(ROOM, leave, [{"type": "presence", "online": ["mallory"], "people": mallory}])
    later = NOW + dt.timedelta(minutes=5)
    sweep = emitted(group, lambda: presence.sweep(now=later))
    verify(ROOM, sweep, [{"type": "presence", "online": []}])


def test_typing_is_sent_at_once(room):
    listener = Listener(realtime.room_group(room.pk))
    async_to_sync(chat_services.announce_typing)(room.pk, username="alice")
    verify(ROOM, listener.events(), [{"type": "typing", "username": "alice"}])


ROOM_STATE = {"type": "room.updated", "state": "open", "slow_mode_seconds": 0, "pinned_seq": None}


@pytest.mark.parametrize(
    ("action", "changed"),
    [
        (lambda r, m: moderation_services.set_locked(r, actor=m, locked=True), {"state": "locked"}),
        (lambda r, m: moderation_services.set_locked(r, actor=m, locked=False), {}),
        (
            lambda r, m: moderation_services.set_slow_mode(r, actor=m, seconds=30),
            {"slow_mode_seconds": 30},
        ),
        (
            lambda r, m: moderation_services.set_pinned(r, actor=m, seq=1),
            {
                "pinned_seq": 1,
                "pinned": {
                    "type": "message",
                    "seq": 1,
                    "author": {"username": "alice", "display_name": "Alice"},
                    "body": "x",
                    "sent_at": NOW.isoformat(),
                    "client_id": "c",
                },
            },
        ),
        (lambda r, m: moderation_services.set_pinned(r, actor=m, seq=None), {}),
        (
            lambda r, m: chat_services.set_room_state(r, state=Room.State.ARCHIVED),
            {"state": "archived"},
        ),
        (
            lambda r, m: chat_services.update_room(
                r, actor=m, title="New", topic="t", language="fr", visibility="open"
            ),
            {},
        ),
        (
            lambda r, m: moderation_services.delete_message(r, actor=m, seq=1),
            {"type": "message.deleted", "seq": 1, "change": 1},
        ),
    ],
)
def test_room_changes_emit_their_exact_frame(
    room, moderator, participant, emitted, action, changed
):
    chat_services.post_message(room, author=participant, body="x", client_id="c", now=NOW)
    events = emitted(realtime.room_group(room.pk), lambda: action(room, moderator))
    expected = changed if changed.get("type") else {**ROOM_STATE, **changed}
    verify(ROOM, events, [expected])


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (
            lambda r, m: moderation_services.mute_member(
                r, actor=m, username="alice", minutes=10, now=NOW
            ),
            {"type": "muted", "until": "2026-11-29T12:10:00+00:00", "room": "welcome"},
        ),
        (
            lambda r, m: moderation_services.unmute_member(r, actor=m, username="alice"),
            {"type": "unmuted", "room": "welcome"},
        ),
        (
            lambda r, m: moderation_services.kick_member(r, actor=m, username="alice", reason="r"),
            {"type": "kicked", "reason": "r", "room": "welcome"},
        ),
        (
            lambda r, m: moderation_services.ban_member(r, actor=m, username="alice", reason="r"),
            {"type": "banned", "reason": "r", "room": "welcome"},
        ),
        (
            lambda r, m: chat_services.remove_member(
                r, user=r.memberships.get(role="participant").user
            ),
            {"type": "removed", "room": "welcome"},
        ),
    ],
)
def test_what_is_done_to_a_person_reaches_them_exactly(
    room, moderator, participant, emitted, action, expected
):
    chat_services.add_member(room, user=participant)
    events = emitted(realtime.user_group(participant.pk), lambda: action(room, moderator))
    # A moderator's action also leaves the person a notice (salam.notices, on the same group).
    verify(PERSONAL, [e for e in events if e["type"] != "notice"], [expected])


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (lambda user: people_services.end_login(user, session_key="k-1"), "k-1"),
        (people_services.deactivate_person, None),
    ],
)
def test_a_sign_out_or_deactivation_ends_the_sessions(participant, emitted, action, expected):
    events = emitted(realtime.user_group(participant.pk), lambda: action(participant))
    verify(PERSONAL, events, [{"type": "session.ended", "session_key": expected}])


# ---- on the wire --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_the_frames_the_socket_answers_fit_the_schema(connect, welcome, participant):
    alice, hello = await enter(connect, participant, "welcome")
    fits("room", hello)
    await alice.send({"type": "message.send", "body": "one", "client_id": "c-1"})
    message = fits("room", await alice.receive_type("message"))
    await alice.send({"type": "history", "before": 2, "limit": 1})
    assert fits("room", await alice.receive_type("history")) == {
        "type": "history",
        "messages": [message],
        "has_more": False,
    }
    await alice.send({"type": "report", "seq": 1, "reason": "test"})
    assert fits("room", await alice.receive_type("report.received")) == {
        "type": "report.received",
        "seq": 1,
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("frame", "named"),
    [
        ({"type": "message.send", "body": "hi", "client_id": "c-7", "junk": 1}, "`junk`"),
        ({"type": "message.send", "body": 5, "client_id": "c-7"}, "`$.body`"),
        ({"type": "moderate", "action": "dance", "client_id": "c-7"}, "`$.action`"),
    ],
)
async def test_an_invalid_frame_is_answered_with_the_field_and_its_client_id(
    connect, welcome, participant, frame, named
):
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send(frame)
    error = fits("room", await alice.receive_type("error"))
    assert (error["code"], error["client_id"]) == ("invalid", "c-7")
    assert named in error["detail"]


@pytest.mark.django_db(transaction=True)
async def test_a_domain_error_keeps_its_own_code(connect, welcome, participant):
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send({"type": "message.send", "body": "x" * 2001, "client_id": "c-8"})
    error = fits("room", await alice.receive_type("error"))
    assert (error["code"], error["client_id"]) == ("too_long", "c-8")
    await alice.send({"type": "moderate", "action": "lock"})
    assert fits("room", await alice.receive_type("error"))["code"] == "forbidden"


@pytest.mark.django_db(transaction=True)
async def test_a_sign_out_closes_the_room_socket(connect, welcome, participant):
    alice, _ = await enter(connect, participant, "welcome")
    await database_sync_to_async(people_services.end_login)(participant, session_key=None)
    assert await alice.closed_with() == 4401


@pytest.mark.django_db(transaction=True)
async def test_mute_unmute_and_ban_reach_the_person_exactly(
    connect, welcome, moderator, participant
):
    mod, _ = await enter(connect, moderator, "welcome")
    alice, _ = await enter(connect, participant, "welcome")
    await mod.send({"type": "moderate", "action": "mute", "username": "alice", "minutes": 5})
    muted = fits("room", await alice.receive_type("muted"))
    assert muted == {"type": "muted", "until": muted["until"], "room": "welcome"}
    await mod.send({"type": "moderate", "action": "unmute", "username": "alice"})
    assert fits("room", await alice.receive_type("unmuted")) == {
        "type": "unmuted",
        "room": "welcome",
    }
    await mod.send({"type": "moderate", "action": "ban", "username": "alice", "reason": "abuse"})
    assert fits("room", await alice.receive_type("banned")) == {
        "type": "banned",
        "reason": "abuse",
        "room": "welcome",
    }
    assert await alice.closed_with() == 4403
