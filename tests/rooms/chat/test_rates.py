"""The rate limit and slow mode hold however many sockets of one person send at once.

They are counted by the insert, under the room's row lock (rooms/chat/send_facts.py), so the
check and the insert are one step per person and room: in one process (SQLite serialises its
writers; on PostgreSQL the sends run in parallel threads) and across two daphne processes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from typing import TYPE_CHECKING

import pytest
from channels.db import database_sync_to_async
from django.db import connection, transaction
from django.utils import timezone

from rooms.chat import services
from rooms.errors import RoomError
from rooms.models import Message, Room
from tests.rooms.conftest import enter, session_cookie

if TYPE_CHECKING:  # importing it here would keep pytest from rewriting its asserts
    from tests.daphne import RoomClient

pytestmark = [pytest.mark.django_db(transaction=True)]

SOCKETS = 20
ROOM = "/ws/rooms/welcome/"


def send_frame(index: int) -> dict:
    return {"type": "message.send", "body": f"burst {index}", "client_id": f"c-{index}"}


def stored(room: Room) -> list[str]:
    return sorted(Message.objects.filter(room=room).values_list("client_id", flat=True))


async def outcome(receive, client_id: str) -> str:
    """`stored` when the socket sees its own message, else the code of the error it got."""
    while True:
        frame = await receive()
        if frame.get("client_id") != client_id:
            continue  # presence, or the messages the other sockets stored
        if frame["type"] == "message":
            return "stored"
        if frame["type"] == "error":
            return frame["code"]


@pytest.fixture
def many_sockets(settings):
    settings.ROOMS_MAX_SOCKETS_PER_PERSON_PER_ROOM = SOCKETS
    settings.SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS = SOCKETS


async def burst_in_process(connect, person) -> list[str]:
    """Open SOCKETS room sockets of one person, send one message on each at once."""
    sockets = [(await enter(connect, person, "welcome"))[0] for _ in range(SOCKETS)]
    await asyncio.gather(*(socket.send(send_frame(i)) for i, socket in enumerate(sockets)))
    return await asyncio.gather(
        *(outcome(lambda s=socket: s.receive(10), f"c-{i}") for i, socket in enumerate(sockets))
    )


async def test_twenty_sockets_of_one_person_store_exactly_the_rate_limit(
    connect, welcome, participant, many_sockets
):
    outcomes = await burst_in_process(connect, participant)

    assert sorted(outcomes) == ["rate_limited"] * 15 + ["stored"] * 5
    assert len(await database_sync_to_async(stored)(welcome)) == 5


async def test_twenty_sockets_of_one_person_store_one_message_in_slow_mode(
    connect, welcome, participant, many_sockets
):
    await database_sync_to_async(Room.objects.filter(pk=welcome.pk).update)(slow_mode_seconds=60)

    outcomes = await burst_in_process(connect, participant)

    assert sorted(outcomes) == ["slow_mode"] * 19 + ["stored"]
    assert len(await database_sync_to_async(stored)(welcome)) == 1


def test_a_refused_send_leaves_the_seq_where_it_was(welcome, participant):
    now = timezone.now()
    for n in range(5):
        services.post_message(welcome, author=participant, body="hi", client_id=f"c-{n}", now=now)

    with pytest.raises(RoomError) as refused:
        services.post_message(welcome, author=participant, body="hi", client_id="c-5", now=now)

    assert refused.value.code == "rate_limited"
    welcome.refresh_from_db()
    assert (welcome.last_seq, stored(welcome)) == (5, [f"c-{n}" for n in range(5)])


def test_the_window_passes_and_the_person_may_send_again(welcome, participant):
    start = timezone.now()
    for n in range(5):
        services.post_message(welcome, author=participant, body="hi", client_id=f"c-{n}", now=start)

    later = start + dt.timedelta(seconds=6)
    posted = services.post_message(
        welcome, author=participant, body="hi", client_id="c-5", now=later
    )

    assert (posted.created, posted.message.seq) == (True, 6)


def test_slow_mode_binds_as_stored_not_as_the_callers_copy_says(welcome, participant):
    """Slow mode is read from the room's row (under its lock, with the seq)."""
    now = timezone.now()
    services.post_message(welcome, author=participant, body="one", client_id="c-1", now=now)
    Room.objects.filter(pk=welcome.pk).update(slow_mode_seconds=60)
    welcome.slow_mode_seconds = 0  # the caller's copy is stale; the lock's read decides

    with pytest.raises(RoomError) as refused:
        services.post_message(welcome, author=participant, body="two", client_id="c-2", now=now)

    assert refused.value.code == "slow_mode"


def test_a_moderator_is_not_limited(welcome, moderator):
    now = timezone.now()
    for n in range(8):
        services.post_message(welcome, author=moderator, body="hi", client_id=f"m-{n}", now=now)

    assert len(stored(welcome)) == 8


# ---- two real daphne processes on PostgreSQL and Redis --------------------------------------


async def burst_across_processes(daphne, ws_clients, participant) -> list[str]:
    env = {
        "ROOMS_MAX_SOCKETS_PER_PERSON_PER_ROOM": str(SOCKETS),
        "SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS": str(SOCKETS),
    }
    a, b = await daphne.start("daphne-a", **env), await daphne.start("daphne-b", **env)
    cookie = await database_sync_to_async(session_cookie)(participant)
    clients: list[RoomClient] = []
    for index in range(SOCKETS):
        client, _ = await ws_clients.enter((a, b)[index % 2].ws_url(ROOM), cookie)
        clients.append(client)
    await asyncio.gather(*(client.send(send_frame(i)) for i, client in enumerate(clients)))
    return await asyncio.gather(
        *(
            outcome(lambda c=client: c.receive(timeout=15), f"c-{i}")
            for i, client in enumerate(clients)
        )
    )


@pytest.mark.postgres
@pytest.mark.redis
async def test_twenty_sockets_on_two_processes_store_exactly_the_rate_limit(
    daphne, ws_clients, welcome, participant
):
    outcomes = await burst_across_processes(daphne, ws_clients, participant)

    assert sorted(outcomes) == ["rate_limited"] * 15 + ["stored"] * 5
    assert len(await database_sync_to_async(stored)(welcome)) == 5


@pytest.mark.postgres
@pytest.mark.redis
async def test_twenty_sockets_on_two_processes_store_one_message_in_slow_mode(
    daphne, ws_clients, welcome, participant
):
    await database_sync_to_async(Room.objects.filter(pk=welcome.pk).update)(slow_mode_seconds=60)

    outcomes = await burst_across_processes(daphne, ws_clients, participant)

    assert sorted(outcomes) == ["slow_mode"] * 19 + ["stored"]
    assert len(await database_sync_to_async(stored)(welcome)) == 1


@pytest.mark.postgres  # SQLite's writers start one after the other (BEGIN IMMEDIATE): no race
def test_a_send_that_waited_for_the_room_lock_counts_the_message_committed_meanwhile(
    postgres, welcome, participant
):
    """The race itself, made deterministic: the second send reads its facts (4 of 5 sent)
    while the first holds the room's row lock; it must still be refused once it gets the lock."""
    now = timezone.now()
    for n in range(4):
        services.post_message(welcome, author=participant, body="hi", client_id=f"c-{n}", now=now)
    first_holds_the_lock, outcomes = threading.Event(), {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.post_message(
                    welcome, author=participant, body="fifth", client_id="c-4", now=now
                )
                first_holds_the_lock.set()
                time.sleep(0.5)  # the second send reads its facts and waits for the lock
        finally:
            first_holds_the_lock.set()
            connection.close()

    def second() -> None:
        first_holds_the_lock.wait(5)
        try:
            services.post_message(
                welcome, author=participant, body="sixth", client_id="c-5", now=now
            )
            outcomes["second"] = "stored"
        except RoomError as error:
            outcomes["second"] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert outcomes == {"second": "rate_limited"}
    assert stored(welcome) == [f"c-{n}" for n in range(5)]
