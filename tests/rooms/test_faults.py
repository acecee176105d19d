"""Faults on real daphne, Redis and PostgreSQL: idle sockets, Redis stopping and returning."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import TYPE_CHECKING

import pytest
from channels.db import database_sync_to_async
from websockets.exceptions import ConnectionClosed

from rooms.models import Message, Room
from tests.rooms.conftest import session_cookie

if TYPE_CHECKING:  # importing it here would keep pytest from rewriting its asserts
    from tests.daphne import RoomClient

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.redis,
]

ROOM = "/ws/rooms/welcome/"
CLOSE_LAYER_LOST, CLOSE_TRY_LATER = 1012, 1013
RETRY_ON = (CLOSE_LAYER_LOST, CLOSE_TRY_LATER)  # what a client reconnects after
IDLE_SECONDS = 7  # longer than redis-py 8's default socket timeout of 5 s


def send_frame(body: str, client_id: str) -> dict:
    return {"type": "message.send", "body": body, "client_id": client_id}


async def cookies(make_person, *usernames: str) -> list[str]:
    """Make each person and sign them in; returns their session cookies."""

    def make() -> list[str]:
        return [session_cookie(make_person(username)) for username in usernames]

    return await database_sync_to_async(make)()


async def messages_through(client: RoomClient, seq: int, timeout: float = 10) -> list[dict]:
    """Message frames until the one with `seq` (a single process delivers in order)."""
    frames: list[dict] = []
    async with asyncio.timeout(timeout):
        while not frames or frames[-1]["seq"] < seq:
            frames.append(await client.receive_type("message"))
    return frames


def stored_messages(room: Room) -> list[tuple[int, str]]:
    return list(Message.objects.filter(room=room).order_by("seq").values_list("seq", "client_id"))


async def test_a_socket_idle_longer_than_the_redis_socket_timeout_keeps_receiving(
    daphne, ws_clients, welcome, make_person
):
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    alice_cookie, bob_cookie = await cookies(make_person, "alice", "bob")
    alice, _ = await ws_clients.enter(a.ws_url(ROOM), alice_cookie)
    bob, _ = await ws_clients.enter(b.ws_url(ROOM), bob_cookie)
    for client in (alice, bob):
        await client.until_online(["alice", "bob"])

    async def stays_silent(client: RoomClient) -> None:
        # A close would raise ConnectionClosed here, not TimeoutError.
        with pytest.raises(TimeoutError):
            await client.receive(timeout=IDLE_SECONDS)

    await asyncio.gather(stays_silent(alice), stays_silent(bob))
    await alice.send(send_frame("still here?", "idle-1"))
    await bob.send(send_frame("yes", "idle-2"))

    for client in (alice, bob):
        bodies = {(await client.receive_type("message"))["body"] for _ in range(2)}
        assert bodies == {"still here?", "yes"}
    assert (alice.ws.close_code, bob.ws.close_code) == (None, None)


@pytest.mark.slow
async def test_redis_stopping_and_returning_loses_and_doubles_nothing(
    daphne, private_redis, ws_clients, welcome, make_person
):
    await private_redis.start()
    server = await daphne.start(
        "daphne", redis_url=private_redis.url, ROOMS_RATE_LIMIT_MESSAGES="100"
    )
    alice_cookie, bob_cookie = await cookies(make_person, "alice", "bob")
    seen: dict[str, list[int]] = {"alice": [], "bob": []}

    def note(who: str, frames: list[dict]) -> None:
        seen[who] += [f["seq"] for f in frames if f["type"] == "message"]

    alice, _ = await ws_clients.enter(server.ws_url(ROOM), alice_cookie)
    bob, _ = await ws_clients.enter(server.ws_url(ROOM), bob_cookie)
    await alice.send(send_frame("before the outage", "a-1"))
    await bob.send(send_frame("me too", "b-1"))
    for who, client in (("alice", alice), ("bob", bob)):
        note(who, [await client.receive_type("message") for _ in range(2)])
    assert sorted(seen["alice"]) == sorted(seen["bob"]) == [1, 2]

    # Sends racing the outage, one just before Redis stops and one just after: each is stored
    # (and reaches everyone, live or on resume) or answered with an error, or its socket closes
    # before the server reads it; unacknowledged, the client retries it with the same client_id.
    racing = {"a-2": "as Redis stops", "a-3": "once Redis is gone"}
    await alice.send(send_frame(racing["a-2"], "a-2"))
    private_redis.stop(signal.SIGTERM)
    with contextlib.suppress(ConnectionClosed):
        await alice.send(send_frame(racing["a-3"], "a-3"))

    alice_code, alice_frames = await alice.closed_with(timeout=10)
    bob_code, bob_frames = await bob.closed_with(timeout=10)
    assert alice_code in (CLOSE_LAYER_LOST, CLOSE_TRY_LATER)
    assert bob_code in (CLOSE_LAYER_LOST, CLOSE_TRY_LATER)
    note("alice", alice_frames)
    note("bob", bob_frames)
    assert server.running
    status, body = await server.healthz()
    assert status == 503
    assert body["database"] == {"ok": True}
    assert body["channel_layer"]["ok"] is False
    # A reconnect while Redis is away is told to come back later.
    refused = await ws_clients.open(server.ws_url(ROOM), bob_cookie)
    assert (await refused.closed_with(timeout=10))[0] == CLOSE_TRY_LATER

    stored = await database_sync_to_async(stored_messages)(welcome)
    stored_ids = {client_id for _, client_id in stored}
    answered = {f.get("client_id") for f in alice_frames if f["type"] == "error"}
    assert answered <= set(racing)
    assert not answered & stored_ids, "stored yet answered an error"
    assert [seq for seq, _ in stored] == list(range(1, len(stored) + 1))
    unacknowledged = [client_id for client_id in racing if client_id not in stored_ids]
    print({cid: "stored" if cid in stored_ids else "error" if cid in answered else "never read"
           for cid in racing})  # fmt: skip

    await private_redis.start()  # the same port
    await server.wait_healthy(seconds=20)

    # Each reconnects with ?after=<last seq seen>; bob first, and talks while alice is away.
    bob, hello, bounced = await ws_clients.reenter(
        server.ws_url(f"{ROOM}?after={max(seen['bob'])}"), bob_cookie, retry_on=RETRY_ON
    )
    print(f"bob's reconnect bounced {bounced} before getting in")
    assert hello["last_seq"] == len(stored)
    await bob.send(send_frame("back again", "b-2"))
    await bob.send(send_frame("anyone?", "b-3"))
    note("bob", await messages_through(bob, len(stored) + 2))
    alice, hello, bounced = await ws_clients.reenter(
        server.ws_url(f"{ROOM}?after={max(seen['alice'])}"), alice_cookie, retry_on=RETRY_ON
    )
    print(f"alice's reconnect bounced {bounced} before getting in")
    assert hello["last_seq"] == len(stored) + 2
    note("alice", await messages_through(alice, len(stored) + 2))
    for client_id in unacknowledged:  # the client's retry stores each exactly once
        await alice.send(send_frame(racing[client_id], client_id))
    await bob.send(send_frame("all good", "b-4"))
    last = len(stored) + 2 + len(unacknowledged) + 1
    for who, client in (("alice", alice), ("bob", bob)):
        note(who, await messages_through(client, last))
        with pytest.raises(TimeoutError):  # and nothing more: no late duplicate
            await client.receive_type("message", timeout=1)

    final = await database_sync_to_async(stored_messages)(welcome)
    assert [seq for seq, _ in final] == list(range(1, last + 1))
    assert sorted(client_id for _, client_id in final) == [
        "a-1",
        "a-2",
        "a-3",
        "b-1",
        "b-2",
        "b-3",
        "b-4",
    ]
    assert sorted(seen["alice"]) == sorted(seen["bob"]) == list(range(1, last + 1))
    assert server.running
