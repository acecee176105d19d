"""A change of roles or account made anywhere reaches sockets on every daphne process."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from rooms.models import Room
from salam.people import services as people_services
from salam.people.roles import Role
from tests.rooms.conftest import session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.redis]

ROOM = "/ws/rooms/welcome/"


@pytest.fixture
def same_layer(daphne, settings):
    """This test process sends on the daphnes' layer (their key prefix), as a server would."""
    from channels.layers import channel_layers

    layer = settings.CHANNEL_LAYERS["default"]
    config = {**layer["CONFIG"], "prefix": daphne.prefix}
    settings.CHANNEL_LAYERS = {"default": {**layer, "CONFIG": config}}
    channel_layers.backends.clear()
    return daphne


async def test_a_revoked_moderator_is_downgraded_and_refused_on_both_processes(
    same_layer, ws_clients, welcome, make_person
):
    daphne = same_layer
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    moderator = await database_sync_to_async(make_person)("globalmod", role=Role.MODERATOR)
    cookie = await database_sync_to_async(session_cookie)(moderator)
    on_a, hello_a = await ws_clients.enter(a.ws_url(ROOM), cookie)
    on_b, hello_b = await ws_clients.enter(b.ws_url(ROOM), cookie)
    assert (hello_a["you"]["role"], hello_b["you"]["role"]) == ("moderator", "moderator")

    await database_sync_to_async(people_services.revoke_role)(moderator, Role.MODERATOR)

    for client in (on_a, on_b):
        assert await client.receive_type("you.role") == {"type": "you.role", "role": "participant"}
        await client.send({"type": "moderate", "action": "lock", "reason": "a pause"})
        assert (await client.receive_type("error"))["code"] == "forbidden"
    state = await database_sync_to_async(lambda: Room.objects.get(pk=welcome.pk).state)()
    assert state == Room.State.OPEN


async def test_deactivating_an_account_closes_its_sockets_on_both_processes(
    same_layer, ws_clients, welcome, participant
):
    daphne = same_layer
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")
    cookie = await database_sync_to_async(session_cookie)(participant)
    on_a, _ = await ws_clients.enter(a.ws_url(ROOM), cookie)
    on_b, _ = await ws_clients.enter(b.ws_url(ROOM), cookie)

    def deactivate() -> None:
        participant.is_active = False
        participant.save()

    await database_sync_to_async(deactivate)()

    for client in (on_a, on_b):
        code, _frames = await client.closed_with()
        assert code == 4401
