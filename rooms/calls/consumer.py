"""The call's part of the room socket (rooms/chat/consumers.py mixes it in): its commands, what
it adds to `hello`, and the call events it acts on. Thin: services decide, this sends."""

from __future__ import annotations

from typing import Any, ClassVar

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.utils import timezone
from django.utils.translation import gettext as _

from rooms.calls import frames, rules, selectors, services
from rooms.calls.errors import NotInCall, RateLimited

RELAY = frames.CallRelay.__struct_config__.tag
LEAVING = frozenset({"kicked", "banned", "removed"})


class CallSocket:
    """Mixed into the room socket, which provides `room`, `connection`, `me`, `send_json`,
    `send`, and `_in_background`."""

    in_call = False
    room: Any
    connection: str | None
    scope: dict
    _in_background: Any  # HubSocket's
    send_json: Any

    # ---- what hello says -------------------------------------------------------------------

    async def call_hello(self) -> frames.CallInfo:
        if not rules.call_available(kind=self.room.kind, state=self.room.state):
            return frames.CallInfo(available=False, max=selectors.mesh_max(), participants=[])
        return await database_sync_to_async(selectors.call_info)(self.room, now=timezone.now())

    # ---- commands --------------------------------------------------------------------------

    async def _take_token(self) -> None:
        """Count the frame against its person's window in this room, across their sockets."""
        retry_after = await sync_to_async(services.count_call_frame)(
            self.room.pk, user_id=self.scope["user"].pk, now=timezone.now()
        )
        if retry_after is not None:
            raise RateLimited(
                _("Slow down: too many call frames; try again in %(seconds)d s.")
                % {"seconds": retry_after},
                retry_after=retry_after,
            )

    async def do_call_join(self, frame: frames.CallJoin) -> None:
        await self._take_token()
        joined = await database_sync_to_async(services.join_call)(
            self.room,
            actor=self.scope["user"],
            connection=self.connection,
            audio=frame.audio,
            video=frame.video,
            now=timezone.now(),
        )
        self.in_call = True
        await self.send_json(
            frames.CallJoined(
                ice_servers=[frames.IceServer(**server) for server in joined.ice_servers],
                participants=joined.participants,
            )
        )

    async def do_call_signal(self, frame: frames.CallSignal) -> None:
        if not self.in_call:
            raise NotInCall(_("You are not in the call."))
        await self._take_token()
        await services.relay_signal(
            self.room, connection=self.connection or "", to=frame.to, data=frame.data
        )

    async def do_call_media(self, frame: frames.CallMedia) -> None:
        await self._take_token()
        await database_sync_to_async(services.set_media)(
            self.room,
            actor=self.scope["user"],
            connection=self.connection,
            audio=frame.audio,
            video=frame.video,
            now=timezone.now(),
        )

    async def do_call_leave(self, frame: frames.CallLeave) -> None:
        await self._take_token()
        left = await self.leave_call()
        if not left:
            raise NotInCall(_("You are not in the call."))

    call_commands: ClassVar[dict[type, Any]] = {
        frames.CallJoin: do_call_join,
        frames.CallSignal: do_call_signal,
        frames.CallMedia: do_call_media,
        frames.CallLeave: do_call_leave,
    }

    async def leave_call(self) -> bool:
        """Out of the call (a leave, or the socket closing); whether this socket was in it."""
        self.in_call = False
        connection = getattr(self, "connection", None)
        if not connection:
            return False
        return await database_sync_to_async(services.leave_call)(
            connection=connection, now=timezone.now()
        )

    # ---- hub events ------------------------------------------------------------------------

    async def call_deliver(self, kind: object, event: dict) -> bool:
        """Act on a call event; True when it was one and is dealt with (the room socket's own
        handling then stops)."""
        if kind == RELAY:
            if event.get("room") == self.room.slug and event.get("connection") == self.connection:
                frame = event["frame"]
                if frame.get("type") == "call.removed":
                    self.in_call = False
                if self.in_call or frame.get("type") == "call.removed":
                    await self.send_json(frame)
            return True
        if not self.in_call or event.get("room") != self.room.slug:
            return False
        if kind in LEAVING:
            # Out of the call now (a ban, a kick, a membership ended), in the socket's own
            # context: a delivery may run in that of the sync code that sent the event.
            self.in_call = False
            self._in_background(self.leave_call())
        elif kind == "muted":
            # The room's mute holds in the call: the microphone goes off for everyone to see.
            self._in_background(self._microphone_muted())
        return False

    async def _microphone_muted(self) -> None:
        await database_sync_to_async(services.microphone_muted)(
            self.room, connection=self.connection, now=timezone.now()
        )
