"""The websocket entry: it checks and routes before the socket's coroutine starts, and hands
back the consumer's own coroutine, so nothing else stays on the stack for the socket's life."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from rooms.chat.consumers import RoomConsumer
from rooms.pairing.consumers import PersonalConsumer
from salam.asgi import application
from salam.core.hubsocket import HubSocket
from salam.core.sockets import SocketEntry, sign_in
from salam.routing import websocket_urlpatterns
from tests.daphne import ORIGIN
from tests.rooms.conftest import session_cookie


def websocket_scope(path: str, *headers: tuple[bytes, bytes]) -> dict:
    return {"type": "websocket", "path": path, "headers": list(headers), "query_string": b""}


async def never(*_):  # receive/send of a socket that is never run
    raise AssertionError("not called")


def test_a_room_path_runs_the_room_consumer_itself():
    scope = websocket_scope("/ws/rooms/welcome/", (b"origin", b"http://localhost"))
    coroutine = application(scope, never, never)
    try:
        assert coroutine.cr_code is HubSocket.__call__.__code__
        consumer = coroutine.cr_frame.f_locals["self"]
        assert isinstance(consumer, RoomConsumer)
        assert scope["url_route"] == {"args": (), "kwargs": {"slug": "welcome"}}
    finally:
        coroutine.close()


def test_the_personal_path_runs_the_personal_consumer():
    coroutine = application(
        websocket_scope("/ws/me/", (b"origin", b"http://localhost")), never, never
    )
    try:
        assert isinstance(coroutine.cr_frame.f_locals["self"], PersonalConsumer)
    finally:
        coroutine.close()


def test_a_foreign_or_missing_origin_gets_the_denier_not_a_room():
    for headers in ([(b"origin", b"https://evil.example")], []):
        coroutine = application(websocket_scope("/ws/rooms/welcome/", *headers), never, never)
        try:
            assert not isinstance(coroutine.cr_frame.f_locals["self"], HubSocket)
        finally:
            coroutine.close()


async def run_refusal(scope: dict) -> list[dict]:
    """What the application sends for `scope` before accept (it must not raise)."""
    sent: list[dict] = []

    async def receive():
        return {"type": "websocket.connect"}

    async def send(message):
        sent.append(message)

    await application(scope, receive, send)
    return sent


async def test_an_unknown_path_answers_404_where_the_server_offers_a_denial_response():
    scope = websocket_scope("/ws/nowhere/", (b"origin", b"http://localhost"))
    scope["extensions"] = {"websocket.http.response": {}}
    start, body = await run_refusal(scope)
    assert (start["type"], start["status"]) == ("websocket.http.response.start", 404)
    assert body == {"type": "websocket.http.response.body", "body": b"No socket at this path.\n"}


async def test_an_unknown_path_is_closed_before_accept_elsewhere_and_never_raises():
    for path in ("/ws/nowhere/", "/ws/rooms/", "/elsewhere"):
        sent = await run_refusal(websocket_scope(path, (b"origin", b"http://localhost")))
        assert sent == [{"type": "websocket.close"}]


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
async def test_daphne_refuses_an_unknown_socket_path_with_404_and_no_traceback(daphne):
    server = await daphne.start("a")
    for _attempt in range(3):
        with pytest.raises(InvalidStatus) as refused:
            async with connect(server.ws_url("/ws/nowhere/"), origin=ORIGIN, open_timeout=5):
                pass
        assert refused.value.response.status_code == 404
    # The known paths still upgrade (the patch leaves every other reply to daphne).
    async with connect(server.ws_url("/ws/me/"), origin=ORIGIN, open_timeout=5) as socket:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 5)
    assert closed.value.rcvd.code == 4401  # a stranger, refused after accept as always
    await asyncio.sleep(1.5)  # daphne's application checker reports failures each second
    log = server.log()
    assert "Traceback" not in log
    assert "Exception inside application" not in log


@pytest.mark.django_db(transaction=True)
async def test_sign_in_finds_the_person_and_keeps_only_the_session_key(participant):
    cookie = await database_sync_to_async(session_cookie)(participant)
    key = cookie.partition("=")[2]
    scope = websocket_scope("/ws/me/", (b"cookie", f"{cookie}; other=1".encode()))
    await sign_in(scope)
    assert scope["user"].pk == participant.pk
    assert scope["cookies"] == {settings.SESSION_COOKIE_NAME: key, "other": "1"}
    assert scope["session"].session_key == key
    assert "_session_cache" not in scope["session"].__dict__  # the data is not held


@pytest.mark.django_db(transaction=True)
async def test_sign_in_without_a_valid_cookie_is_anonymous():
    for cookie in (b"", f"{settings.SESSION_COOKIE_NAME}=forged".encode()):
        scope = websocket_scope("/ws/me/", (b"cookie", cookie))
        await sign_in(scope)
        assert isinstance(scope["user"], AnonymousUser)


def test_a_malformed_origin_is_denied_not_an_error():
    scope = websocket_scope("/ws/rooms/welcome/", (b"origin", b"http://["))
    coroutine = application(scope, never, never)
    try:
        assert not isinstance(coroutine.cr_frame.f_locals["self"], HubSocket)
        assert "url_route" not in scope
    finally:
        coroutine.close()


def test_the_root_path_is_left_out_of_the_route():
    scope = {
        **websocket_scope("/salam/ws/rooms/welcome/", (b"origin", b"http://localhost")),
        "root_path": "/salam",
    }
    coroutine = application(scope, never, never)
    try:
        assert isinstance(coroutine.cr_frame.f_locals["self"], RoomConsumer)
        assert scope["url_route"]["kwargs"] == {"slug": "welcome"}
    finally:
        coroutine.close()


def test_the_entry_refuses_a_scope_that_is_not_a_websocket():
    entry = SocketEntry(websocket_urlpatterns)
    with pytest.raises(ValueError, match="http is not a websocket"):
        entry({"type": "http", "path": "/ws/me/", "headers": []}, never, never)


@pytest.mark.django_db(transaction=True)
async def test_sign_in_reads_every_cookie_header():
    scope = websocket_scope("/ws/me/", (b"cookie", b"a=1"), (b"cookie", b"b=2"))
    await sign_in(scope)
    assert scope["cookies"] == {"a": "1", "b": "2"}
    assert isinstance(scope["user"], AnonymousUser)
