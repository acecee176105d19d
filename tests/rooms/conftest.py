from __future__ import annotations

import asyncio
import contextlib
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from rooms.chat import services
from rooms.models import Membership, Room
from salam.asgi import application

ORIGIN = (b"origin", b"http://localhost")


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Socket:
    """A WebsocketCommunicator with JSON helpers for the room protocol."""

    def __init__(self, communicator: WebsocketCommunicator) -> None:
        self.communicator = communicator

    async def send(self, frame: dict | str) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        await self.communicator.send_to(text_data=text)

    async def receive(self, timeout: float = 3) -> dict:
        output = await self.communicator.receive_output(timeout)
        if output["type"] == "websocket.close":
            raise AssertionError(f"closed with {output.get('code')}")
        return json.loads(output["text"])

    async def receive_type(self, kind: str, timeout: float = 3) -> dict:
        """Skip presence and typing noise until a frame of `kind` arrives."""
        while True:
            frame = await self.receive(timeout)
            if frame["type"] == kind:
                return frame

    async def closed_with(self, timeout: float = 3) -> int:
        while True:
            output = await self.communicator.receive_output(timeout)
            if output["type"] == "websocket.close":
                return output.get("code")

    async def nothing(self, timeout: float = 0.3) -> bool:
        return await self.communicator.receive_nothing(timeout)

    async def drain(self) -> list[dict]:
        frames = []
        while not await self.communicator.receive_nothing(0.2):
            output = await self.communicator.receive_output(1)
            if output["type"] != "websocket.close":
                frames.append(json.loads(output["text"]))
        return frames

    async def close(self) -> None:
        # A socket whose application was cancelled (a receive that timed out cancels it) must
        # not stop the others closing and the database being flushed for the next test.
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await self.communicator.disconnect()


@pytest.fixture
async def connect():
    """connect(user, slug, after=None, origin=ORIGIN) -> (Socket, first frame or close code)."""
    sockets: list[Socket] = []

    async def open_socket(user, path: str, *, origin=ORIGIN, cookie: str | None = None):
        headers = [origin] if origin else []
        if user is not None:
            cookie = cookie or await database_sync_to_async(session_cookie)(user)
        if cookie:
            headers.append((b"cookie", cookie.encode()))
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, code = await communicator.connect(timeout=5)
        socket = Socket(communicator)
        sockets.append(socket)
        return socket, connected, code

    yield open_socket
    for socket in sockets:
        await socket.close()
    await asyncio.sleep(0)


async def enter(connect, user, slug: str, *, after: int | None = None, changes: int | None = None):
    """Open a room socket and return it with its hello frame."""
    path = f"/ws/rooms/{slug}/" + (f"?after={after}" if after is not None else "")
    if changes is not None:
        path += f"&changes={changes}"
    socket, connected, _ = await connect(user, path)
    assert connected
    hello = await socket.receive()
    assert hello["type"] == "hello", hello
    return socket, hello


@pytest.fixture
def welcome(db, moderator) -> Room:
    room = services.create_room(slug="welcome", title="Welcome")
    services.add_member(room, user=moderator, role=Membership.Role.MODERATOR)
    return room


@pytest.fixture
def pair_room(db, make_person) -> Room:
    room = services.create_room(
        slug="istanbul-madrid",
        title="Istanbul–Madrid",
        kind=Room.Kind.PAIR,
        visibility=Room.Visibility.MEMBERS,
    )
    return room
