"""The websocket entry: it checks and routes before the socket's coroutine starts, and hands
back the consumer's own coroutine, so nothing else stays on the stack for the socket's life."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import Resolver404

from rooms.chat.consumers import RoomConsumer
from rooms.pairing.consumers import PersonalConsumer
from salam.asgi import application
from salam.core.hubsocket import HubSocket
from salam.core.sockets import SocketEntry, sign_in
from salam.routing import websocket_urlpatterns
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


def test_an_unknown_path_raises_as_channels_router_does():
    with pytest.raises(Resolver404):
        application(websocket_scope("/ws/nowhere/", (b"origin", b"http://localhost")), never, never)


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
