"""One person's sockets are capped per room (across processes) and per process (every type).

A socket beyond a cap is accepted, then closed with 4429 at once, leaving no presence row;
once one of theirs closes, a new one is accepted.
"""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async
from websockets.exceptions import ConnectionClosed

from rooms.models import Presence
from salam.core.close_codes import CLOSE_TOO_MANY_SOCKETS
from tests.rooms.chat.test_browser import RECORD_SOCKETS
from tests.rooms.conftest import enter, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True)]

ROOM = "/ws/rooms/welcome/"


def presence_rows(room, person) -> int:
    return Presence.objects.filter(room=room, user=person).count()


async def refused_code(connect, person, path: str) -> int | None:
    socket, connected, _ = await connect(person, path)
    assert connected  # accepted, then closed: the client learns why
    return await socket.closed_with()


async def test_the_sixth_socket_of_one_person_in_one_room_is_refused_with_4429(
    connect, welcome, participant
):
    sockets = [(await enter(connect, participant, "welcome"))[0] for _ in range(5)]

    assert await refused_code(connect, participant, ROOM) == CLOSE_TOO_MANY_SOCKETS
    assert await database_sync_to_async(presence_rows)(welcome, participant) == 5

    await sockets[0].close()
    await asyncio.sleep(0.1)  # the disconnect's presence.leave runs
    _, hello = await enter(connect, participant, "welcome")
    assert hello["type"] == "hello"
    assert await database_sync_to_async(presence_rows)(welcome, participant) == 5


async def test_the_room_cap_is_per_person(connect, welcome, participant, outsider):
    for _ in range(5):
        await enter(connect, participant, "welcome")

    _, hello = await enter(connect, outsider, "welcome")

    assert hello["you"]["username"] == outsider.username


async def test_the_room_cap_comes_from_the_setting(connect, welcome, participant, settings):
    settings.ROOMS_MAX_SOCKETS_PER_PERSON_PER_ROOM = 2
    for _ in range(2):
        await enter(connect, participant, "welcome")

    assert await refused_code(connect, participant, ROOM) == CLOSE_TOO_MANY_SOCKETS


async def test_stale_presence_rows_of_a_crashed_process_do_not_count(connect, welcome, participant):
    from django.utils import timezone

    from rooms import limits

    long_ago = timezone.now() - limits.presence_ttl() * 2

    def crashed_process_rows() -> None:
        for n in range(5):
            Presence.objects.create(
                room=welcome, user=participant, connection=f"gone-{n}", server="x", seen_at=long_ago
            )

    await database_sync_to_async(crashed_process_rows)()

    _, hello = await enter(connect, participant, "welcome")

    assert hello["type"] == "hello"


async def test_the_process_cap_covers_the_personal_socket(connect, participant, settings):
    settings.SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS = 3
    sockets = []
    for _ in range(3):
        socket, connected, _ = await connect(participant, "/ws/me/")
        assert connected
        assert (await socket.receive())["type"] == "hello"
        sockets.append(socket)

    assert await refused_code(connect, participant, "/ws/me/") == CLOSE_TOO_MANY_SOCKETS

    await sockets[0].close()
    socket, connected, _ = await connect(participant, "/ws/me/")
    assert connected
    assert (await socket.receive())["type"] == "hello"


async def test_the_process_cap_counts_every_socket_type_together(
    connect, welcome, participant, settings
):
    settings.SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS = 2
    await enter(connect, participant, "welcome")
    socket = (await connect(participant, "/ws/me/"))[0]
    assert (await socket.receive())["type"] == "hello"

    assert await refused_code(connect, participant, ROOM) == CLOSE_TOO_MANY_SOCKETS
    assert await refused_code(connect, participant, "/ws/moderation/") == CLOSE_TOO_MANY_SOCKETS
    assert await database_sync_to_async(presence_rows)(welcome, participant) == 1


async def test_a_socket_refused_for_another_reason_frees_its_place(connect, participant, settings):
    settings.SALAM_MAX_SOCKETS_PER_PERSON_PER_PROCESS = 1
    # Not a moderator: refused with 4403, which must not keep their one place.
    assert await refused_code(connect, participant, "/ws/moderation/") == 4403
    await asyncio.sleep(0.1)

    socket = (await connect(participant, "/ws/me/"))[0]
    assert (await socket.receive())["type"] == "hello"


# ---- two real daphne processes on PostgreSQL and Redis --------------------------------------


@pytest.mark.postgres
@pytest.mark.redis
async def test_the_room_cap_holds_across_two_processes_opening_at_once(
    daphne, ws_clients, welcome, participant
):
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    cookie = await database_sync_to_async(session_cookie)(participant)

    async def attempt(index: int) -> int | str:
        client = await ws_clients.open((a, b)[index % 2].ws_url(ROOM), cookie)
        try:
            frame = await client.receive(timeout=10)
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else "no code"
        return frame["type"]

    outcomes = await asyncio.gather(*(attempt(i) for i in range(10)))

    assert sorted(outcomes, key=str) == [CLOSE_TOO_MANY_SOCKETS] * 5 + ["hello"] * 5
    assert await database_sync_to_async(presence_rows)(welcome, participant) == 5


# ---- the room page in a real browser ---------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_the_room_page_refused_with_4429_says_why_and_does_not_reconnect(
    browser_context, log_in, password, welcome, participant
):
    from django.utils import timezone, translation
    from playwright.sync_api import expect

    from salam.core.close_codes import too_many_sockets

    now = timezone.now()
    for n in range(5):  # the room open five times already, on another server
        Presence.objects.create(
            room=welcome, user=participant, connection=f"elsewhere-{n}", server="b", seen_at=now
        )
    context = browser_context()
    context.add_init_script(RECORD_SOCKETS)
    page = context.new_page()
    log_in(page, participant.username, password)

    page.goto("/rooms/welcome/")

    with translation.override(page.locator("html").get_attribute("lang")):
        message = too_many_sockets()
    expect(page.locator("#connection-status")).to_have_text(message)
    page.wait_for_timeout(3000)  # a reconnecting page would have tried again by now
    # The room's own socket, once (the page also holds the bell's /ws/me/).
    rooms = 'window.__sockets.filter((s) => s.url.includes("/ws/rooms/")).length'
    assert page.evaluate(rooms) == 1
    expect(page.locator("#connection-status")).to_have_text(message)
