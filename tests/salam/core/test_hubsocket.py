"""The base of every socket (salam/core/hubsocket.py): no frame and no command ends a socket, the
frames are bounded before they are parsed, and however a socket ends its cleanup runs."""

from __future__ import annotations

import json
import logging

import pytest
from channels.db import database_sync_to_async

from rooms.chat import consumers as room_consumers
from rooms.chat.models import Presence
from rooms.models import Message
from salam.core import frames
from tests.rooms import conftest as rooms

pytestmark = [pytest.mark.django_db(transaction=True)]

connect, welcome = rooms.connect, rooms.welcome  # the room tests' fixtures

DEEP = 10_000  # a thousand levels was enough for a RecursionError; all fit in 64 KiB

# Frames that crashed a socket (close 1011) before every frame was bounded and typed, and
# the typed frames' own crashes: `client_id_of` and the skipped fields of `moderate`
# recursed once per level of nesting.
CRASHED = [
    '{"type": "moderate", "action": [1]}',
    '{"type": "moderate", "action": {"mute": 1}, "username": "alice"}',
    '{"type": "moderate", "action": "mute", "username": {"a": 1}, "minutes": 5}',
    '{"type": "moderate", "action": "mute", "username": ["alice"], "minutes": 5}',
    '{"type": "message.send", "body": {"text": "hi"}, "client_id": "c-1"}',
    '{"type": {"a": 1}, "body": "hi", "client_id": "c-1"}',
    '{"type": ["message.send"], "body": "hi", "client_id": "c-1"}',
    '{"type": "report", "seq": 1, "reason": {"a": [1]}}',
    '{"type": "history", "before": {"a": 1}}',
    "[" * DEEP + "]" * DEEP,
    "{" * DEEP,
    '{"type": "moderate", "action": "lock", "x": ' + "[" * DEEP + "]" * DEEP + "}",
    '{"type": "message.send", "client_id": "c-1", "body": ' + '{"a":' * DEEP + "1" + "}" * DEEP,
]


async def presence_rows(room) -> int:
    return await database_sync_to_async(Presence.objects.filter(room=room).count)()


async def stored_messages(room) -> int:
    return await database_sync_to_async(Message.objects.filter(room=room).count)()


def send(body: str, client_id: str) -> str:
    return json.dumps({"type": "message.send", "body": body, "client_id": client_id})


@pytest.mark.parametrize("text", CRASHED, ids=lambda text: text[:60])
async def test_a_frame_that_crashed_a_socket_answers_invalid_and_the_socket_goes_on(
    connect, welcome, moderator, text
):
    socket, _ = await rooms.enter(connect, moderator, "welcome")
    await socket.send(text)
    error = await socket.receive_type("error")
    assert error["code"] == "invalid"
    await socket.send(send("still here", "ok-1"))
    assert (await socket.receive_type("message"))["body"] == "still here"
    assert await stored_messages(welcome) == 1


@pytest.mark.parametrize("depth", [frames.MAX_FRAME_DEPTH + 1, 1000])
async def test_nesting_beyond_the_bound_is_refused_before_parsing(
    connect, welcome, participant, depth
):
    socket, _ = await rooms.enter(connect, participant, "welcome")
    await socket.send('{"type": "typing", "x": ' + "[" * depth + "]" * depth + "}")
    error = await socket.receive_type("error")
    assert error["code"] == "invalid"
    assert f"Nested deeper than {frames.MAX_FRAME_DEPTH} levels" in error["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting():
    body = "[" * 10_000 + '\\"{{{' + "]" * 10
    assert not frames.too_deep(json.dumps({"type": "message.send", "body": body}))
    assert frames.too_deep("[" * 17 + "]" * 17)
    assert not frames.too_deep("[" * 16 + "]" * 16)
    assert frames.too_deep(b"[" * 10_000)  # unbalanced, still refused before the parser


def test_the_size_bound_counts_utf8_bytes():
    assert not frames.too_big("x" * frames.MAX_FRAME_BYTES)
    assert frames.too_big("x" * (frames.MAX_FRAME_BYTES + 1))
    assert frames.too_big("é" * (frames.MAX_FRAME_BYTES // 2 + 1))  # two bytes each
    assert not frames.too_big("é" * (frames.MAX_FRAME_BYTES // 2))
    assert frames.too_big(b"x" * (frames.MAX_FRAME_BYTES + 1))


@pytest.mark.parametrize("path", ["/ws/me/", "/ws/moderation/", "/ws/rooms/welcome/"])
async def test_every_socket_closes_with_1009_for_a_frame_over_64_kib(
    connect, welcome, moderator, path
):
    socket, connected, _ = await connect(moderator, path)
    assert connected
    assert (await socket.receive())["type"] == "hello"
    await socket.communicator.send_to(bytes_data=b" " * (frames.MAX_FRAME_BYTES + 1))
    assert await socket.closed_with() == 1009


async def test_a_binary_frame_is_read_as_its_json_text(connect, welcome, participant):
    socket, _ = await rooms.enter(connect, participant, "welcome")
    await socket.communicator.send_to(bytes_data=send("in bytes", "b-1").encode())
    assert (await socket.receive_type("message"))["body"] == "in bytes"
    await socket.communicator.send_to(bytes_data=b'{"type": "typing", "x": "\xff"}')
    assert (await socket.receive_type("error"))["code"] == "invalid"  # not UTF-8


def failing_mark_read(room, **_fields):
    raise RuntimeError("a bug in a service")


async def test_a_command_that_raises_answers_internal_logs_once_and_the_socket_is_usable(
    connect, welcome, participant, outsider, monkeypatch, caplog
):
    monkeypatch.setattr(room_consumers.chat_services, "mark_read", failing_mark_read)
    alice, _ = await rooms.enter(connect, participant, "welcome")
    mallory, _ = await rooms.enter(connect, outsider, "welcome")
    with caplog.at_level(logging.ERROR, logger="salam.core.hubsocket"):
        await alice.send(json.dumps({"type": "read", "seq": 0, "client_id": "r-1"}))
        error = await alice.receive_type("error")
    assert (error["code"], error["client_id"]) == ("internal", "r-1")
    tracebacks = [record for record in caplog.records if record.exc_info]
    assert len(tracebacks) == 1
    assert tracebacks[0].exc_info[0] is RuntimeError
    # It still sends and receives.
    await alice.send(send("after the bug", "a-1"))
    assert (await alice.receive_type("message"))["body"] == "after the bug"
    await mallory.send(send("hello alice", "m-1"))
    assert (await alice.receive_type("message"))["body"] == "hello alice"
    assert await presence_rows(welcome) == 2
    await alice.close()
    assert await presence_rows(welcome) == 1


async def test_a_socket_that_crashed_while_entering_leaves_no_presence(
    connect, welcome, participant, monkeypatch
):
    def failing_backlog(self, after, after_change=None):
        raise RuntimeError("a bug after the arrival")

    monkeypatch.setattr(room_consumers.RoomConsumer, "_backlog", failing_backlog)
    socket, connected, _ = await connect(participant, "/ws/rooms/welcome/")
    assert connected
    with pytest.raises(RuntimeError, match="a bug after the arrival"):
        await socket.communicator.receive_output(3)  # the crash, as daphne would see it
    assert await presence_rows(welcome) == 0


async def test_the_cleanup_runs_once_when_the_client_closes(
    connect, welcome, participant, monkeypatch
):
    leaves = []
    leave = room_consumers.presence.leave

    def counting_leave(**kwargs):
        leaves.append(kwargs["connection"])
        return leave(**kwargs)

    monkeypatch.setattr(room_consumers.presence, "leave", counting_leave)
    socket, _ = await rooms.enter(connect, participant, "welcome")
    assert await presence_rows(welcome) == 1
    await socket.close()
    assert len(leaves) == 1
    assert await presence_rows(welcome) == 0


TOO_BIG_FOR_THE_DATABASE = 2**63  # one past the largest bigint


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "history", "before": TOO_BIG_FOR_THE_DATABASE},
        {"type": "history", "before": -TOO_BIG_FOR_THE_DATABASE - 1},
        {"type": "read", "seq": TOO_BIG_FOR_THE_DATABASE},
        {"type": "report", "seq": TOO_BIG_FOR_THE_DATABASE, "reason": "spam"},
        {"type": "moderate", "action": "delete", "seq": TOO_BIG_FOR_THE_DATABASE},
        {"type": "moderate", "action": "pin", "seq": -TOO_BIG_FOR_THE_DATABASE - 1},
    ],
)
async def test_a_number_no_database_column_holds_is_invalid(connect, welcome, moderator, frame):
    socket, _ = await rooms.enter(connect, moderator, "welcome")
    await socket.send(json.dumps(frame))
    assert (await socket.receive_type("error"))["code"] == "invalid"
