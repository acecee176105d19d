"""The room socket end to end through Channels' WebsocketCommunicator."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re

import pytest
from channels.db import database_sync_to_async

from rooms.chat import services
from rooms.models import Membership, Message, Room
from salam.moderation.models import Block
from tests.rooms.conftest import enter

ALICE = [{"username": "alice", "display_name": "Alice"}]
MALLORY = [{"username": "mallory", "display_name": "Mallory"}]

pytestmark = [pytest.mark.django_db(transaction=True)]

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$")


def send_frame(body: str, client_id: str) -> dict:
    return {"type": "message.send", "body": body, "client_id": client_id}


async def test_hello_describes_the_room_the_person_and_who_is_online(connect, welcome, participant):
    socket, hello = await enter(connect, participant, "welcome")
    assert hello == {
        "type": "hello",
        "room": {
            "slug": "welcome",
            "title": "Welcome",
            "topic": "",
            "language": "en",
            "kind": "cafe",
            "visibility": "open",
            "state": "open",
            "slow_mode_seconds": 0,
            "pinned_seq": None,
        },
        "you": {"username": "alice", "display_name": "Alice", "role": "participant"},
        "last_seq": 0,
        "online": ["alice"],
        "people": ALICE,
        "last_change": 0,
        "reaction_emoji": ["👍", "❤️", "😂", "😮", "😢", "🙏", "🎉", "👏"],
        "edit_window_seconds": 900,
        "call": {"available": False, "max": 4, "participants": []},  # a café room has no call
    }
    assert await socket.receive() == {"type": "presence", "online": ["alice"], "people": ALICE}
    assert await socket.nothing()


async def test_joining_an_open_room_makes_a_membership(connect, welcome, participant):
    await enter(connect, participant, "welcome")
    role = await database_sync_to_async(
        lambda: Membership.objects.get(room=welcome, user=participant).role
    )()
    assert role == "participant"


async def test_a_message_reaches_every_member_online_with_its_seq(
    connect, welcome, participant, outsider
):
    alice, _ = await enter(connect, participant, "welcome")
    bob, _ = await enter(connect, outsider, "welcome")
    await alice.receive_type("presence")
    await alice.send(send_frame("Merhaba!", "c-1"))
    for socket in (alice, bob):
        frame = await socket.receive_type("message")
        assert {k: v for k, v in frame.items() if k != "sent_at"} == {
            "type": "message",
            "seq": 1,
            "author": {"username": "alice", "display_name": "Alice"},
            "body": "Merhaba!",
            "client_id": "c-1",
        }
        assert ISO_WITH_OFFSET.match(frame["sent_at"])


async def test_seq_is_gapless_and_bodies_are_kept_as_written(connect, welcome, participant):
    alice, _ = await enter(connect, participant, "welcome")
    bodies = ["  spaced  ", "<script>alert(1)</script>", "مرحبا"]
    for index, body in enumerate(bodies):
        await alice.send(send_frame(body, f"c-{index}"))
    frames = [await alice.receive_type("message") for _ in bodies]
    assert [(f["seq"], f["body"]) for f in frames] == [
        (1, bodies[0]),
        (2, bodies[1]),
        (3, bodies[2]),
    ]


async def test_a_repeated_client_id_stores_nothing_and_returns_the_original(
    connect, welcome, participant
):
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send(send_frame("once", "same"))
    first = await alice.receive_type("message")
    await alice.send(send_frame("twice?", "same"))
    again = await alice.receive_type("message")
    assert again == first
    count = await database_sync_to_async(Message.objects.filter(room=welcome).count)()
    assert count == 1


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "invalid"),
        ("[1, 2]", "invalid"),
        ({"type": "dance"}, "invalid"),
        ({"type": "message.send", "body": 5, "client_id": "x"}, "invalid"),
        ({"type": "message.send", "body": "hi"}, "invalid"),
        (send_frame("   ", "e-1"), "empty"),
        (send_frame("x" * 2001, "e-2"), "too_long"),
        ({"type": "history", "before": "10", "limit": 5}, "invalid"),
        ({"type": "history", "before": 10, "limit": 101}, "invalid"),
        ({"type": "read", "seq": -1}, "invalid"),
    ],
)
async def test_a_bad_frame_gets_an_error_stores_nothing_and_keeps_the_socket(
    connect, welcome, participant, frame, code
):
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send(frame)
    error = await alice.receive_type("error")
    assert error["code"] == code
    assert error["detail"]
    if isinstance(frame, dict) and frame.get("client_id"):
        assert error["client_id"] == frame["client_id"]
    await alice.send(send_frame("still here", "ok-1"))
    assert (await alice.receive_type("message"))["seq"] == 1
    count = await database_sync_to_async(Message.objects.filter(room=welcome).count)()
    assert count == 1


async def test_a_sixth_message_in_five_seconds_is_rate_limited(connect, welcome, participant):
    alice, _ = await enter(connect, participant, "welcome")
    for index in range(6):
        await alice.send(send_frame(f"m{index}", f"r-{index}"))
    frames = [await alice.receive() for _ in range(6)]
    frames = [f for f in frames if f["type"] in {"message", "error"}]
    while len(frames) < 6:
        frame = await alice.receive()
        if frame["type"] in {"message", "error"}:
            frames.append(frame)
    assert [f["type"] for f in frames] == ["message"] * 5 + ["error"]
    assert frames[-1]["code"] == "rate_limited"
    assert frames[-1]["client_id"] == "r-5"


async def test_the_rate_limit_is_configurable(connect, welcome, participant, settings):
    settings.ROOMS_RATE_LIMIT_MESSAGES = 2
    alice, _ = await enter(connect, participant, "welcome")
    for index in range(3):
        await alice.send(send_frame(f"m{index}", f"r-{index}"))
    error = await alice.receive_type("error")
    assert (error["code"], error["client_id"]) == ("rate_limited", "r-2")


async def test_a_frame_over_64_kib_closes_with_1009(connect, welcome, participant):
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send(send_frame("x" * (65 * 1024), "big"))
    assert await alice.closed_with() == 1009


async def test_a_stranger_is_closed_with_4401(connect, welcome):
    socket, connected, _ = await connect(None, "/ws/rooms/welcome/")
    assert connected
    assert await socket.closed_with() == 4401


async def test_an_unknown_room_is_closed_with_4404(connect, participant):
    socket, _connected, _ = await connect(participant, "/ws/rooms/nowhere/")
    assert await socket.closed_with() == 4404


async def test_a_members_only_room_refuses_an_outsider_with_4403(connect, pair_room, outsider):
    socket, _connected, _ = await connect(outsider, "/ws/rooms/istanbul-madrid/")
    assert await socket.closed_with() == 4403


async def test_a_member_enters_a_members_only_room(connect, pair_room, participant):
    await database_sync_to_async(services.add_member)(pair_room, user=participant)
    _, hello = await enter(connect, participant, "istanbul-madrid")
    assert hello["room"]["visibility"] == "members"


async def test_an_incomplete_profile_is_refused_with_4403(connect, welcome, make_person):
    halfway = await database_sync_to_async(make_person)("halfway", complete=False)
    socket, _, _ = await connect(halfway, "/ws/rooms/welcome/")
    assert await socket.closed_with() == 4403


async def test_a_foreign_origin_is_refused_at_the_handshake(connect, welcome, participant):
    _, connected, _ = await connect(
        participant, "/ws/rooms/welcome/", origin=(b"origin", b"https://evil.example")
    )
    assert connected is False


async def test_resume_sends_every_missed_message_in_order_and_nothing_twice(
    connect, welcome, participant, outsider
):
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send(send_frame("one", "a-1"))
    await alice.receive_type("message")
    await alice.close()
    bob, _ = await enter(connect, outsider, "welcome")
    for index in range(3):
        await bob.send(send_frame(f"missed {index}", f"b-{index}"))
        await bob.receive_type("message")
    alice, hello = await enter(connect, participant, "welcome", after=1)
    frames = [f for f in await alice.drain() if f["type"] == "message"]
    assert hello["last_seq"] == 4
    assert [f["seq"] for f in frames] == [2, 3, 4]
    assert [f["body"] for f in frames] == ["missed 0", "missed 1", "missed 2"]


async def test_without_after_the_latest_fifty_come(connect, welcome, participant):
    await database_sync_to_async(_post_many)(welcome, participant, 60)
    alice, _hello = await enter(connect, participant, "welcome")
    frames = [f for f in await alice.drain() if f["type"] == "message"]
    assert [f["seq"] for f in frames] == list(range(11, 61))


async def test_history_pages_backwards(connect, welcome, participant):
    await database_sync_to_async(_post_many)(welcome, participant, 30)
    alice, _ = await enter(connect, participant, "welcome")
    await alice.drain()
    await alice.send({"type": "history", "before": 11, "limit": 5})
    page = await alice.receive_type("history")
    assert [m["seq"] for m in page["messages"]] == [6, 7, 8, 9, 10]
    assert page["has_more"] is True
    await alice.send({"type": "history", "before": 6, "limit": 10})
    page = await alice.receive_type("history")
    assert [m["seq"] for m in page["messages"]] == [1, 2, 3, 4, 5]
    assert page["has_more"] is False


async def test_read_records_the_position(connect, welcome, participant):
    await database_sync_to_async(_post_many)(welcome, participant, 3)
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send({"type": "read", "seq": 2})
    await alice.send({"type": "read", "seq": 1})  # never moves back
    await alice.send({"type": "read", "seq": 99})  # never past the end
    await alice.drain()
    seq = await database_sync_to_async(
        lambda: Membership.objects.get(room=welcome, user=participant).last_read_seq
    )()
    assert seq == 3


async def test_typing_reaches_the_others_not_the_typist(connect, welcome, participant, outsider):
    alice, _ = await enter(connect, participant, "welcome")
    bob, _ = await enter(connect, outsider, "welcome")
    await alice.drain()
    await alice.send({"type": "typing"})
    assert await bob.receive_type("typing") == {
        "type": "typing",
        "username": "alice",
        "display_name": "Alice",
    }
    assert [f for f in await alice.drain() if f["type"] == "typing"] == []


async def test_presence_follows_arrivals_and_departures(connect, welcome, participant, outsider):
    alice, _ = await enter(connect, participant, "welcome")
    alone = {"type": "presence", "online": ["alice"], "people": ALICE}
    assert await alice.receive_type("presence") == alone
    bob, hello = await enter(connect, outsider, "welcome")
    assert (hello["online"], hello["people"]) == (["alice", "mallory"], ALICE + MALLORY)
    assert await alice.receive_type("presence") == {
        "type": "presence",
        "online": ["alice", "mallory"],
        "people": ALICE + MALLORY,
    }
    await bob.close()
    assert await alice.receive_type("presence") == alone


async def test_a_locked_room_refuses_participants_with_locked(connect, welcome, participant):
    await database_sync_to_async(services.set_room_state)(welcome, state=Room.State.LOCKED)
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send(send_frame("hello?", "l-1"))
    assert (await alice.receive_type("error"))["code"] == "locked"


async def test_an_archived_room_is_read_only(connect, welcome, participant):
    await database_sync_to_async(services.set_room_state)(welcome, state=Room.State.ARCHIVED)
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send(send_frame("hello?", "a-1"))
    assert (await alice.receive_type("error"))["code"] == "forbidden"


async def test_a_blocked_persons_messages_are_hidden_from_the_blocker(
    connect, welcome, participant, outsider
):
    await database_sync_to_async(Block.objects.create)(blocker=participant, blocked=outsider)
    alice, _ = await enter(connect, participant, "welcome")
    bob, _ = await enter(connect, outsider, "welcome")
    await bob.send(send_frame("you cannot see me", "b-1"))
    await bob.receive_type("message")
    await alice.drain()
    await bob.send(send_frame("still hidden", "b-2"))
    await bob.receive_type("message")
    # Only bare seqs reach the blocker, so their client has no gap to chase.
    assert [f for f in await alice.drain() if f["type"] == "message"] == [
        {"type": "message", "seq": 2, "hidden": True}
    ]
    await alice.send({"type": "history", "before": 3, "limit": 10})
    assert (await alice.receive_type("history"))["messages"] == [
        {"type": "message", "seq": 1, "hidden": True},
        {"type": "message", "seq": 2, "hidden": True},
    ]


async def test_signing_out_closes_that_logins_sockets(connect, welcome, participant):
    from django.test import Client

    client = Client()
    await database_sync_to_async(client.force_login)(participant)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    socket, _connected, _ = await connect(None, "/ws/rooms/welcome/", cookie=cookie)
    assert (await socket.receive())["type"] == "hello"
    await database_sync_to_async(client.post)("/accounts/logout/")
    assert await socket.closed_with() == 4401


async def test_deactivating_an_account_closes_its_sockets(connect, welcome, participant):
    from salam.people.services import deactivate_person

    alice, _ = await enter(connect, participant, "welcome")
    await database_sync_to_async(deactivate_person)(participant)
    assert await alice.closed_with() == 4401


async def test_the_personal_socket_refuses_strangers_and_carries_notices(connect, participant):
    from salam.notices.services import notify

    socket, _, _ = await connect(None, "/ws/me/")
    assert await socket.closed_with() == 4401
    me, _connected, _ = await connect(participant, "/ws/me/")
    assert (await me.receive())["type"] == "hello"
    await database_sync_to_async(notify)(
        participant, kind="test", text=lambda: ("Hi", ""), email=False
    )
    notice = await me.receive_type("notice")
    assert (notice["kind"], notice["title"]) == ("test", "Hi")


def _post_many(room: Room, author, count: int) -> None:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for index in range(count):
        services.post_message(
            room,
            author=author,
            body=f"m{index + 1}",
            client_id=f"bulk-{index}",
            now=start + dt.timedelta(seconds=10 * index),
        )


__all__ = ["asyncio", "json"]


async def test_removing_a_member_closes_their_socket_to_that_room(connect, pair_room, participant):
    await database_sync_to_async(services.add_member)(pair_room, user=participant)
    alice, _ = await enter(connect, participant, "istanbul-madrid")
    await database_sync_to_async(services.remove_member)(pair_room, user=participant)
    assert await alice.receive_type("removed") == {"type": "removed", "room": "istanbul-madrid"}
    assert await alice.closed_with() == 4403
