"""Reading the events services emit, and checking them against the sockets' definitions, as
Zulip's verify_action does: the exact frame, and its fit to the socket's schema."""

from __future__ import annotations

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

import salam.routing  # noqa: F401 (every socket's consumer registers its frames)
from salam.core import frames
from salam.core.realtime import HUB_EVENT


class Listener:
    """A channel on the real configured layer that follows groups, to read emitted events."""

    def __init__(self, *groups: str) -> None:
        self.layer = get_channel_layer()
        self.channel = async_to_sync(self.layer.new_channel)("test.")
        for group in groups:
            async_to_sync(self.layer.group_add)(group, self.channel)

    def events(self) -> list[dict]:
        found = []
        while True:
            try:
                message = async_to_sync(self._receive)()
            except TimeoutError:
                return found
            assert message["type"] == HUB_EVENT
            found.append(message["event"])

    async def _receive(self) -> dict:
        async with asyncio.timeout(0.3):
            return await self.layer.receive(self.channel)


def fits(socket: str, frame: dict) -> dict:
    """Decode the frame as the socket's clients would get it, with the socket's definitions;
    re-encoded, the definition gives back the same frame (no field lost, none added)."""
    decoded = frames.decode(frames.sent_decoder(frames.sockets()[socket]), frames.encode(frame))
    assert frames.to_event(decoded) == frame
    return frame


def verify(sockets: tuple[str, ...], events: list[dict], expected: list[dict]) -> None:
    """The events are exactly those expected, and each fits every socket that carries it."""
    assert events == expected
    for event in events:
        for socket in sockets:
            fits(socket, event)
