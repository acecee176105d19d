"""Moderation binds people connected through another daphne process, and survives restarts."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async

from rooms.chat import services as chat_services
from rooms.models import Membership
from tests.rooms.conftest import session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.redis]

ROOM = "/ws/rooms/welcome/"


def send_frame(body: str, client_id: str) -> dict:
    return {"type": "message.send", "body": body, "client_id": client_id}


async def test_actions_taken_through_one_process_bind_a_person_on_the_other(
    daphne, ws_clients, welcome, moderator, participant
):
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    mod_cookie, alice_cookie = await database_sync_to_async(
        lambda: (session_cookie(moderator), session_cookie(participant))
    )()
    mod, _ = await ws_clients.enter(a.ws_url(ROOM), mod_cookie)
    alice, _ = await ws_clients.enter(b.ws_url(ROOM), alice_cookie)

    await mod.send({"type": "moderate", "action": "lock", "reason": "a pause"})
    assert (await alice.receive_type("room.updated"))["state"] == "locked"
    await alice.send(send_frame("still there?", "l-1"))
    assert (await alice.receive_type("error"))["code"] == "locked"
    await mod.send({"type": "moderate", "action": "unlock"})
    await alice.receive_type("room.updated")

    await mod.send({"type": "moderate", "action": "slow_mode", "seconds": 120})
    assert (await alice.receive_type("room.updated"))["slow_mode_seconds"] == 120
    await alice.send(send_frame("one", "s-1"))
    await alice.receive_type("message")
    await alice.send(send_frame("two", "s-2"))
    assert (await alice.receive_type("error"))["code"] == "slow_mode"
    await mod.send({"type": "moderate", "action": "slow_mode", "seconds": 0})
    await alice.receive_type("room.updated")

    await mod.send({"type": "moderate", "action": "mute", "username": "alice", "minutes": 10})
    assert (await alice.receive_type("muted"))["room"] == "welcome"
    await alice.send(send_frame("muted?", "m-1"))
    assert (await alice.receive_type("error"))["code"] == "muted"

    await mod.send({"type": "moderate", "action": "ban", "username": "alice", "reason": "x"})
    code, frames = await alice.closed_with()
    assert code == 4403
    assert [f["type"] for f in frames if f["type"] == "banned"] == ["banned"]


async def test_a_ban_survives_a_restart_of_every_process(
    daphne, ws_clients, welcome, moderator, participant
):
    a = await daphne.start("daphne-a")
    mod_cookie, alice_cookie = await database_sync_to_async(
        lambda: (session_cookie(moderator), session_cookie(participant))
    )()
    # A ban binds a member: no moderation action makes anyone one (rooms/PROTOCOL.md).
    await database_sync_to_async(chat_services.add_member)(welcome, user=participant)
    mod, _ = await ws_clients.enter(a.ws_url(ROOM), mod_cookie)
    await mod.send({"type": "moderate", "action": "ban", "username": "alice", "reason": "x"})
    async with asyncio.timeout(10):
        while not await database_sync_to_async(
            Membership.objects.filter(room=welcome, user=participant, banned=True).exists
        )():
            await asyncio.sleep(0.1)
    a.stop()
    b = await daphne.start("daphne-b")
    alice = await ws_clients.open(b.ws_url(ROOM), alice_cookie)
    code, _frames = await alice.closed_with()
    assert code == 4403
