"""A call across two real daphne processes on real Redis and PostgreSQL: membership is the
database's, signals cross through the hub and Redis, and a crashed process's call members
drop out within the presence TTL."""

from __future__ import annotations

import asyncio
import signal
import time

import pytest
from channels.db import database_sync_to_async

from rooms.calls import rules
from rooms.calls.models import CallMember
from rooms.chat import services
from rooms.models import Room
from tests.rooms.conftest import session_cookie

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
]

ROOM = "/ws/rooms/circle/"
SHORT_PRESENCE = {"HUB_KEEP_ALIVE_SECONDS": "2", "ROOMS_PRESENCE_TTL_SECONDS": "6"}
OFFER = {"description": {"type": "offer", "sdp": "v=0\r\n"}}


async def circle(make_person, *usernames: str) -> list[str]:
    def make() -> list[str]:
        room = services.create_room(
            slug="circle", title="Circle", kind=Room.Kind.PAIR, visibility=Room.Visibility.MEMBERS
        )
        cookies = []
        for username in usernames:
            person = make_person(username)
            services.add_member(room, user=person)
            cookies.append(session_cookie(person))
        return cookies

    return await database_sync_to_async(make)()


async def until_participants(client, usernames: list[str], timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        frame = await client.receive_type(
            "call.state", timeout=max(0.1, deadline - time.monotonic())
        )
        if [p["username"] for p in frame["participants"]] == usernames:
            return frame


async def test_a_call_is_relayed_between_two_processes(daphne, ws_clients, make_person):
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    alice_cookie, bob_cookie, carol_cookie = await circle(make_person, "alice", "bob", "carol")
    alice, _ = await ws_clients.enter(a.ws_url(ROOM), alice_cookie)
    bob, _ = await ws_clients.enter(b.ws_url(ROOM), bob_cookie)
    carol, _ = await ws_clients.enter(b.ws_url(ROOM), carol_cookie)  # in the room, not the call

    await alice.send({"type": "call.join", "audio": True, "video": True})
    await alice.receive_type("call.joined")
    await until_participants(bob, ["alice"])  # across the processes
    await bob.send({"type": "call.join", "audio": True, "video": False})
    joined = await bob.receive_type("call.joined")
    assert [p["username"] for p in joined["participants"]] == ["alice", "bob"]
    await until_participants(alice, ["alice", "bob"])
    _, hello = await ws_clients.enter(a.ws_url(ROOM), carol_cookie)
    assert [p["username"] for p in hello["call"]["participants"]] == ["alice", "bob"]

    await alice.send({"type": "call.signal", "to": "bob", "data": OFFER})
    assert await bob.receive_type("call.signal") == {
        "type": "call.signal", "from": "alice", "data": OFFER,
    }  # fmt: skip
    await bob.send({"type": "call.signal", "to": "alice", "data": {"candidate": {"candidate": ""}}})
    assert (await alice.receive_type("call.signal"))["from"] == "bob"

    # Carol, on bob's process and in the room, hears no signal.
    frames = []
    try:
        while True:
            frames.append(await carol.receive(timeout=1))
    except TimeoutError:
        pass
    assert [f for f in frames if f["type"] == "call.signal"] == []

    await bob.close()
    await until_participants(alice, ["alice"])
    await alice.send({"type": "call.signal", "to": "bob", "data": OFFER})
    assert (await alice.receive_type("error"))["code"] == "not_in_call"


async def test_a_crashed_process_call_members_drop_out_within_the_ttl(
    daphne, ws_clients, make_person
):
    a = await daphne.start("daphne-a", **SHORT_PRESENCE)
    b = await daphne.start("daphne-b", **SHORT_PRESENCE)
    alice_cookie, bob_cookie = await circle(make_person, "alice", "bob")
    alice, _ = await ws_clients.enter(a.ws_url(ROOM), alice_cookie)
    bob, _ = await ws_clients.enter(b.ws_url(ROOM), bob_cookie)
    for client in (alice, bob):
        await client.send({"type": "call.join", "audio": True, "video": True})
        await client.receive_type("call.joined")
    await until_participants(alice, ["alice", "bob"])

    b.stop(signal.SIGKILL)  # no disconnect runs: bob's row stays behind
    killed_at = time.monotonic()
    await until_participants(alice, ["alice"], timeout=30)
    assert time.monotonic() - killed_at < 6 + 2 + 6
    rows = await database_sync_to_async(
        lambda: list(CallMember.objects.values_list("user__username", flat=True))
    )()
    assert rows == ["alice"]


async def test_signalling_is_limited_per_person_across_two_processes(
    daphne, ws_clients, make_person
):
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    alice_cookie, bob_cookie = await circle(make_person, "alice", "bob")
    bob, _ = await ws_clients.enter(b.ws_url(ROOM), bob_cookie)
    await bob.send({"type": "call.join", "audio": True, "video": True})
    await bob.receive_type("call.joined")
    # The count is per window of the wall clock: begin early in one, so that the whole
    # exchange (a few seconds at most) falls in it.
    left = rules.signal_window(now=time.time())[1]
    if left < 7:
        await asyncio.sleep(left)  # aligning with the clock, not waiting for an outcome
    alice_a, _ = await ws_clients.enter(a.ws_url(ROOM), alice_cookie)
    await alice_a.send({"type": "call.join", "audio": True, "video": True})  # 1
    await alice_a.receive_type("call.joined")
    candidate = {"type": "call.signal", "to": "bob", "data": {"candidate": {"candidate": ""}}}
    half = rules.SIGNAL_PER_WINDOW // 2
    for _ in range(half):  # 1 + half
        await alice_a.send(candidate)
    for _ in range(half):
        await bob.receive_type("call.signal", timeout=10)
    # Her second window, on the other process, takes her place; its frames count on.
    alice_b, _ = await ws_clients.enter(b.ws_url(ROOM), alice_cookie)
    await alice_b.send({"type": "call.join", "audio": True, "video": True})  # 2 + half
    await alice_b.receive_type("call.joined")
    passing = rules.SIGNAL_PER_WINDOW - half - 2
    for _ in range(passing + 1):
        await alice_b.send(candidate)
    error = await alice_b.receive_type("error", timeout=10)
    assert error["code"] == "rate_limited"
    assert 0 < error["retry_after"] <= rules.SIGNAL_WINDOW_SECONDS
    for _ in range(passing):
        await bob.receive_type("call.signal", timeout=10)

    # Bob's own count is untouched: his signal passes to Alice's socket in the call.
    await bob.send({"type": "call.signal", "to": "alice", "data": OFFER})
    assert (await alice_b.receive_type("call.signal", timeout=10))["from"] == "bob"
