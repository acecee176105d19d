"""The base of every socket whose events come through this process's hub (salam/core/hub.py).

Laid out as socket handlers, command helpers, then hub handlers in each subclass; a subclass
names its groups with `follow` and its commands in `commands`. No frame and no command ends a
socket: a frame over 64 KiB closes it with 1009, a frame that does not fit the socket's
definitions answers `invalid`, and whatever a command raises answers an `error` frame (its
domain code, `unavailable`, or `internal`); however the socket ends, its `disconnect` runs.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import msgspec
from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import DatabaseError
from django.utils.translation import gettext as _

from salam.core import frames
from salam.core.close_codes import CLOSE_NOT_SIGNED_IN, CLOSE_TOO_BIG, CLOSE_TRY_LATER
from salam.core.errors import DomainError
from salam.core.hub import get_hub
from salam.core.sockets import sign_in

logger = logging.getLogger(__name__)

# No per-socket layer channel: an alias that names no layer makes Channels skip it.
HUB_ONLY = "hub-only (no per-socket channel)"


class HubSocket(AsyncWebsocketConsumer):
    """A socket whose events come through the hub; subclasses name their groups.

    It has no channel-layer channel of its own, so it reads only what the client sends, one
    message at a time: Channels' general loop (a task per source, `asyncio.wait`, and a thread
    hop to close old database connections before every message) costs memory and time on each
    of a room's thousands of sockets, and the database work here goes through
    `database_sync_to_async`, which closes old connections itself.
    """

    channel_layer_alias = HUB_ONLY

    async def __call__(self, scope: dict, receive, send) -> None:
        """Run the socket until it ends, and then always its `disconnect` (once): a client's
        close, a server's close, a cancelled task or an exception that escaped a handler."""
        self.scope, self.base_send, self.channel_layer = scope, send, None
        try:
            await sign_in(scope)
            while True:
                message = await receive()
                await getattr(self, get_handler_name(message))(message)
        except StopConsumer:
            pass
        finally:
            self.closed = True
            try:
                await self.disconnect(self.close_code)
            except Exception:
                logger.exception("A socket's cleanup failed")

    close_code = 1006  # until the server says how the connection ended

    async def websocket_disconnect(self, message: dict) -> None:
        # No channel-layer groups to leave; `disconnect` runs in __call__'s finally.
        self.close_code = message.get("code", self.close_code)
        raise StopConsumer

    groups_followed: tuple[str, ...] = ()
    closed = False

    async def follow(self, *groups: str) -> bool:
        hub = get_hub()
        try:
            for group in groups:
                await hub.subscribe(group, self)
                self.groups_followed += (group,)
        except Exception:
            await self.leave_hub()
            await self.close(code=CLOSE_TRY_LATER)
            return False
        return True

    async def leave_hub(self) -> None:
        hub = get_hub()
        for group in self.groups_followed:
            await hub.unsubscribe(group, self)
        self.groups_followed = ()

    async def send_json(self, payload: frames.Frame | dict) -> None:
        if not self.closed:
            await self.send(text_data=frames.encode(payload))

    async def send_error(self, code: str, detail: str, client_id: object = None) -> None:
        echo = client_id if isinstance(client_id, str) else msgspec.UNSET
        await self.send_json(frames.Error(code=code, detail=detail, client_id=echo))

    # The socket's inbound frames (salam.core.frames.decoder of their union), and the
    # handler(self, frame) of each Frame class; a socket without them accepts no frame.
    inbound: ClassVar[msgspec.json.Decoder | None] = None
    commands: ClassVar[dict[type, Any]] = {}

    async def websocket_receive(self, message: dict) -> None:
        """A frame from the client, text or binary (the same JSON either way), bounded in size
        before anything reads it."""
        if self.closed:
            return
        data = message.get("text")
        if data is None:
            data = message.get("bytes") or b""
        if frames.too_big(data):
            await self.close(code=CLOSE_TOO_BIG)
            return
        await self.receive_frame(data)

    # The text of the frame whose command is running (a command that decodes a frame within
    # the frame, `moderate`, reads it); empty between frames, so no socket holds one.
    frame_text: str | bytes = ""

    async def receive_frame(self, data: str | bytes) -> None:
        """Decode a frame and run its command; whatever fails answers an error frame, and the
        socket stays open and usable."""
        try:
            if self.inbound is None:
                raise frames.InvalidFrame(_("Unknown frame type."))
            frame = frames.decode(self.inbound, data)
        except frames.InvalidFrame as invalid:
            await self.send_error("invalid", _misfit(invalid), frames.client_id_of(data))
            return
        client_id = getattr(frame, "client_id", None)
        self.frame_text = data
        try:
            await self.commands[type(frame)](self, frame)
        except frames.InvalidFrame as invalid:  # a frame within the frame (moderate)
            await self.send_error("invalid", _misfit(invalid), client_id)
        except DomainError as error:
            await self.send_error(error.code, error.detail, client_id)
        except DatabaseError:
            await self.send_error(
                "unavailable", _("The server cannot store this now; try again."), client_id
            )
        except Exception:
            logger.exception("A %s command failed", type(frame).__name__)
            await self.send_error(
                "internal", _("Something went wrong on the server; try again."), client_id
            )
        finally:
            self.frame_text = ""

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        self.closed = True
        await super().close(code=code, reason=reason)

    async def hub_lost(self, code: int) -> None:
        self.groups_followed = ()
        await self.close(code=code)

    async def session_ended(self, event: dict) -> bool:
        """Close when this login was signed out (or the account deactivated)."""
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        if event.get("session_key") in (None, key):
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return True
        return False


def _misfit(invalid: frames.InvalidFrame) -> str:
    """The `invalid` error's detail: translated, then msgspec's words naming the field."""
    return _("This frame does not fit the protocol: %(detail)s") % {"detail": invalid.detail}
