"""Two real daphne processes on real Redis and PostgreSQL share one room."""

from __future__ import annotations

import asyncio
import signal
import time
from typing import TYPE_CHECKING

import pytest
from channels.db import database_sync_to_async

from rooms.models import Message, Presence
from tests.rooms.conftest import session_cookie

if TYPE_CHECKING:  # importing it here would keep pytest from rewriting its asserts
    from tests.daphne import RoomClient

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.redis,
]

ROOM = "/ws/rooms/welcome/"
SENDERS = 4
MESSAGES_EACH = 25
# Short presence timings for the crash test, so it waits seconds rather than the default 40 s.
KEEP_ALIVE_SECONDS, PRESENCE_TTL_SECONDS = 2, 6
SHORT_PRESENCE = {
    "HUB_KEEP_ALIVE_SECONDS": str(KEEP_ALIVE_SECONDS),
    "ROOMS_PRESENCE_TTL_SECONDS": str(PRESENCE_TTL_SECONDS),
}


def send_frame(body: str, client_id: str) -> dict:
    return {"type": "message.send", "body": body, "client_id": client_id}


async def cookies(make_person, *usernames: str) -> list[str]:
    """Make each person and sign them in; returns their session cookies."""

    def make() -> list[str]:
        return [session_cookie(make_person(username)) for username in usernames]

    return await database_sync_to_async(make)()


async def test_a_message_sent_through_one_process_reaches_members_on_the_other(
    daphne, ws_clients, welcome, make_person
):
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    alice_cookie, bob_cookie = await cookies(make_person, "alice", "bob")
    bob, _ = await ws_clients.enter(b.ws_url(ROOM), bob_cookie)
    alice, _ = await ws_clients.enter(a.ws_url(ROOM), alice_cookie)

    await alice.send(send_frame("Merhaba from A", "c-1"))

    for client in (bob, alice):
        frame = await client.receive_type("message")
        assert {k: v for k, v in frame.items() if k != "sent_at"} == {
            "type": "message", "seq": 1,
            "author": {"username": "alice", "display_name": "Alice"},
            "body": "Merhaba from A", "client_id": "c-1",
        }  # fmt: skip


async def test_concurrent_senders_on_two_processes_keep_seq_gapless_and_deliver_once(
    daphne, ws_clients, welcome, make_person
):
    # The per-person rate limit (5 in 5 s) would refuse a burst of 25; it is not under test.
    a = await daphne.start("daphne-a", ROOMS_RATE_LIMIT_MESSAGES="1000")
    b = await daphne.start("daphne-b", ROOMS_RATE_LIMIT_MESSAGES="1000")
    senders = [f"sender{i}" for i in range(SENDERS)]
    clients = []
    for index, cookie in enumerate(await cookies(make_person, *senders)):
        server = (a, b)[index % 2]
        client, _ = await ws_clients.enter(server.ws_url(ROOM), cookie)
        clients.append(client)
    total = SENDERS * MESSAGES_EACH

    async def collect(client: RoomClient) -> list[dict]:
        frames = []
        while len([f for f in frames if f["type"] == "message"]) < total:
            frames.append(await client.receive(timeout=30))
        return frames

    async def send_all(index: int, client: RoomClient) -> None:
        for n in range(MESSAGES_EACH):
            await client.send(send_frame(f"{index}:{n}", f"s{index}-{n}"))

    async with asyncio.timeout(60):
        collectors = [asyncio.create_task(collect(client)) for client in clients]
        await asyncio.gather(*(send_all(i, client) for i, client in enumerate(clients)))
        received = await asyncio.gather(*collectors)

    expected_ids = {f"s{i}-{n}" for i in range(SENDERS) for n in range(MESSAGES_EACH)}
    for frames in received:
        assert [f for f in frames if f["type"] == "error"] == []
        messages = [f for f in frames if f["type"] == "message"]
        assert sorted(m["seq"] for m in messages) == list(range(1, total + 1))  # none twice
        assert {m["client_id"] for m in messages} == expected_ids
        # Each sender's own messages arrive in the order sent (one socket, one after another).
        for index in range(SENDERS):
            own = [m["body"] for m in messages if m["client_id"].startswith(f"s{index}-")]
            assert own == [f"{index}:{n}" for n in range(MESSAGES_EACH)]
    stored = await database_sync_to_async(
        lambda: list(Message.objects.filter(room=welcome).values_list("seq", flat=True))
    )()
    assert sorted(stored) == list(range(1, total + 1))
    for client in clients:
        await client.close()


@pytest.mark.slow
async def test_presence_spans_processes_and_a_crashed_process_drops_out_within_the_ttl(
    daphne, ws_clients, welcome, make_person
):
    a = await daphne.start("daphne-a", **SHORT_PRESENCE)
    b = await daphne.start("daphne-b", **SHORT_PRESENCE)
    alice_cookie, bob_cookie, carol_cookie = await cookies(make_person, "alice", "bob", "carol")
    bob, hello = await ws_clients.enter(b.ws_url(ROOM), bob_cookie)
    assert hello["online"] == ["bob"]
    await bob.until_online(["bob"])

    await ws_clients.enter(a.ws_url(ROOM), alice_cookie)

    await bob.until_online(["alice", "bob"])  # alice is on the other process
    carol, hello = await ws_clients.enter(b.ws_url(ROOM), carol_cookie)
    assert hello["online"] == ["alice", "bob", "carol"]
    for client in (bob, carol):
        await client.until_online(["alice", "bob", "carol"])

    a.stop(signal.SIGKILL)  # a crash: no disconnect handler runs, its rows stay behind
    killed_at = time.monotonic()
    left_behind = await database_sync_to_async(
        lambda: list(Presence.objects.values_list("user__username", flat=True))
    )()
    assert sorted(left_behind) == ["alice", "bob", "carol"]

    # Rows are refreshed every keep-alive and count as gone a TTL after the last refresh; the
    # sweep runs with every surviving process's keep-alive: at most TTL + keep-alive after the
    # crash (40 s with the defaults, within the minute the issue allows; 8 s here), plus the
    # hub's presence coalescing and some slack for a loaded machine.
    presence = await bob.receive_type("presence", timeout=30)
    waited = time.monotonic() - killed_at

    assert presence["type"] == "presence"
    assert presence["online"] == ["bob", "carol"]
    assert [person["username"] for person in presence["people"]] == ["bob", "carol"]
    assert waited < PRESENCE_TTL_SECONDS + KEEP_ALIVE_SECONDS + 6
    assert await database_sync_to_async(
        lambda: sorted(Presence.objects.values_list("user__username", flat=True))
    )() == ["bob", "carol"]
    await carol.until_online(["bob", "carol"])
