"""Mentions, reactions and edits across two real daphne processes on Redis and PostgreSQL."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from rooms.chat import services as chat_services
from rooms.models import Reaction
from salam.notices.models import Notice
from tests.rooms.conftest import session_cookie

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.redis,
]

ROOM = "/ws/rooms/welcome/"


@database_sync_to_async
def members(welcome, make_person, *usernames: str) -> list[str]:
    cookies = []
    for username in usernames:
        person = make_person(username)
        chat_services.add_member(welcome, user=person)
        cookies.append(session_cookie(person))
    return cookies


async def test_a_mention_sent_through_one_process_notifies_the_person_on_the_other(
    daphne, ws_clients, welcome, make_person
):
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    alice_cookie, bob_cookie = await members(welcome, make_person, "alice", "bob")
    bob_me = await ws_clients.open(b.ws_url("/ws/me/"), bob_cookie)
    assert (await bob_me.receive())["type"] == "hello"
    alice, _ = await ws_clients.enter(a.ws_url(ROOM), alice_cookie)

    await alice.send({"type": "message.send", "body": "@bob are you there?", "client_id": "m-1"})

    notice = await bob_me.receive_type("notice", timeout=10)
    assert (notice["url"], notice["body"]) == ("/rooms/welcome/#m1", "@bob are you there?")
    stored = await database_sync_to_async(
        lambda: list(Notice.objects.values_list("user__username", "kind"))
    )()
    assert stored == [("bob", "mention")]


async def test_reactions_and_edits_from_two_processes_reach_both_in_order_once(
    daphne, ws_clients, welcome, make_person
):
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    alice_cookie, bob_cookie = await members(welcome, make_person, "alice", "bob")
    alice, _ = await ws_clients.enter(a.ws_url(ROOM), alice_cookie)
    bob, _ = await ws_clients.enter(b.ws_url(ROOM), bob_cookie)
    await alice.send({"type": "message.send", "body": "Good news", "client_id": "m-1"})
    for client in (alice, bob):
        await client.receive_type("message")

    await bob.send({"type": "reaction.add", "seq": 1, "emoji": "🎉"})
    await alice.send({"type": "reaction.add", "seq": 1, "emoji": "🎉"})
    await alice.send({"type": "message.edit", "seq": 1, "body": "Great news"})
    await bob.send({"type": "reaction.add", "seq": 1, "emoji": "🎉"})  # again: nothing changes

    for client in (alice, bob):
        changes = []
        while len(changes) < 3:
            frame = await client.receive(timeout=10)
            if frame["type"] in ("reactions", "message.edited"):
                changes.append(frame)
        assert sorted(f["change"] for f in changes) == [1, 2, 3]
        last_reactions = max(
            (f for f in changes if f["type"] == "reactions"), key=lambda f: f["change"]
        )
        assert [(r["emoji"], r["count"]) for r in last_reactions["reactions"]] == [("🎉", 2)]
        [edited] = [f for f in changes if f["type"] == "message.edited"]
        assert edited["body"] == "Great news"
    for client in (alice, bob):
        leftovers = []
        try:
            while True:
                leftovers.append(await client.receive(timeout=0.5))
        except TimeoutError:
            pass
        assert [f for f in leftovers if f["type"] not in ("presence", "typing")] == []
    assert await database_sync_to_async(Reaction.objects.count)() == 2
