"""The room socket `/ws/rooms/<slug>/` (rooms/PROTOCOL.md).

Thin: access comes from rooms.permissions through a selector, every write is a service call,
and events arrive through this process's hub (salam/core/hub.py), not a per-socket layer
channel. Laid out as socket handlers, command helpers, then hub handlers.
"""

from __future__ import annotations

import time
import uuid

import msgspec
from channels.db import database_sync_to_async
from django.db import connection
from django.utils import timezone

from rooms import realtime
from rooms.chat import frames, selectors
from rooms.chat import services as chat_services
from rooms.chat.payloads import author_payload, hidden_message_payload, message_payload, room_info
from rooms.chat.services import presence
from rooms.errors import RoomError
from rooms.models import Room
from rooms.moderation import actions as moderation_actions
from rooms.moderation import reports as report_services
from rooms.permissions import RoomAccess
from salam.core import frames as wire
from salam.core.close_codes import (
    CLOSE_FORBIDDEN,
    CLOSE_NOT_FOUND,
    CLOSE_NOT_SIGNED_IN,
    CLOSE_TOO_MANY_SOCKETS,
)
from salam.core.hub import get_hub
from salam.core.hubsocket import HubSocket
from salam.core.realtime import user_group

TYPING_INTERVAL_SECONDS = 2.0
NOBODY: frozenset[str] = frozenset()  # one shared empty set for the many who block no one


PERSONAL_ROOM_EVENTS = {frame.__struct_config__.tag for frame in frames.PERSONAL_ROOM_FRAMES}
CLOSING_ROOM_EVENTS = {"kicked", "banned", "removed"}
ACCOUNT_EVENTS = {"session.ended", "access.changed"}


class Refused(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class RoomConsumer(HubSocket):
    hidden_authors: frozenset[str]  # whose messages this person sees hidden (set on entering)

    # ---- socket handlers ------------------------------------------------------------------

    async def connect(self) -> None:
        await self.accept()
        self.pending: list[tuple[dict, str]] | None = []  # events held until hello is sent
        self.last_typing = 0.0
        try:
            access = await self._enter(self.scope["url_route"]["kwargs"]["slug"])
        except Refused as refused:
            await self.close(code=refused.code)
            return
        self.room: Room = access.room
        self.is_moderator, self.role = access.is_moderator, access.role
        if not await self.follow(realtime.room_group(self.room.pk), user_group(self.me["id"])):
            return
        self.connection: str | None = uuid.uuid4().hex
        try:
            online = await database_sync_to_async(presence.arrive)(
                self.room,
                actor=self.scope["user"],
                connection=self.connection,
                server=get_hub().server_id,
                now=timezone.now(),
            )
        except presence.TooManySockets:
            await self.close(code=CLOSE_TOO_MANY_SOCKETS)
            return
        after = self._after()
        backlog = await database_sync_to_async(self._backlog)(after)
        await self.send_json(
            frames.Hello(
                room=room_info(self.room),
                you=frames.You(**self.me_public, role=self.role),
                last_seq=self.room.last_seq,
                online=online,
            )
        )
        for message in backlog:
            await self.send_json(message)
        # Live messages up to here came in the backlog; later ones all pass (even out of
        # order: two commits may broadcast in either order) and the client drops duplicates.
        self.backlog_through = max([m["seq"] for m in backlog] + [after or 0])
        pending, self.pending = self.pending, None
        for event, text in pending:
            await self.hub_deliver("", event, text)

    async def disconnect(self, code: int) -> None:
        await self.leave_hub()
        connection = getattr(self, "connection", None)
        if connection:
            self.connection = None
            await database_sync_to_async(presence.leave)(connection=connection, now=timezone.now())

    # ---- command helpers ------------------------------------------------------------------

    async def do_send(self, frame: frames.SendMessage) -> None:
        posted = await database_sync_to_async(
            chat_services.post_message, thread_sensitive=_writes_serialised()
        )(self.room, author=self.scope["user"], body=frame.body, client_id=frame.client_id)
        if not posted.created:  # a retry: the sender gets the original again
            await self.send_json(await database_sync_to_async(self._payload)(posted.message))

    async def do_history(self, frame: frames.HistoryRequest) -> None:
        messages, has_more = await database_sync_to_async(selectors.history)(
            self.room,
            self.scope["user"],
            before=frame.before,
            limit=frame.limit,
            moderator=self.is_moderator,
        )
        # The messages are plain data already (the selectors'): encoded as they are.
        await self.send_json({"type": "history", "messages": messages, "has_more": has_more})

    async def do_read(self, frame: frames.Read) -> None:
        await database_sync_to_async(chat_services.mark_read)(
            self.room, actor=self.scope["user"], seq=frame.seq
        )

    async def do_typing(self, frame: frames.TypingNow) -> None:
        now = time.monotonic()
        if now - self.last_typing >= TYPING_INTERVAL_SECONDS:
            self.last_typing = now
            await chat_services.announce_typing(self.room.pk, username=self.me["username"])

    async def do_report(self, frame: frames.ReportMessage) -> None:
        await database_sync_to_async(report_services.report_message)(
            self.room, reporter=self.scope["user"], seq=frame.seq, reason=frame.reason
        )
        await self.send_json(frames.ReportReceived(seq=frame.seq))

    async def do_moderate(self, frame: frames.Moderate) -> None:
        # A second tag, `action`, picks the definition: the frame's text is decoded again
        # with it (moderation is rare next to sending, which pays for one decode only); an
        # InvalidFrame here answers `invalid` as the first decode's would.
        command = wire.decode(frames.moderation_decoder, self.frame_text)
        await database_sync_to_async(moderation_actions.perform)(
            self.room,
            actor=self.scope["user"],
            action=command.__struct_config__.tag,
            fields=msgspec.to_builtins(command),
        )

    commands = {
        frames.SendMessage: do_send,
        frames.HistoryRequest: do_history,
        frames.Read: do_read,
        frames.TypingNow: do_typing,
        frames.ReportMessage: do_report,
        frames.Moderate: do_moderate,
    }
    inbound = frames.inbound_decoder

    # ---- hub handlers ---------------------------------------------------------------------

    async def hub_deliver(self, group: str, event: dict, text: str) -> None:
        if self.closed:
            return
        if self.pending is not None:
            self.pending.append((event, text))
            return
        kind = event.get("type")
        if kind == "message":
            if event["seq"] <= self.backlog_through:
                return
            if event["author"]["username"] in self.hidden_authors:
                await self.send_json(hidden_message_payload(event["seq"]))
                return
        elif kind == "typing" and event.get("username") == self.me["username"]:
            return
        elif kind in ACCOUNT_EVENTS:
            await self.account_event(event)
            return
        elif kind == "blocks.changed":
            self.hidden_authors = frozenset(event["hidden"]) or NOBODY
            return
        elif kind in PERSONAL_ROOM_EVENTS:
            if event.get("room") != self.room.slug:
                return
            await self.send(text_data=text)
            if kind in CLOSING_ROOM_EVENTS:
                await self.close(code=CLOSE_FORBIDDEN)
            return
        # Straight to the server: the hub encoded the frame once for every socket.
        await self.base_send({"type": "websocket.send", "text": text})

    async def access_changed(self) -> None:
        """The person's roles changed: enter again, and say so when the role is not the same
        (a moderator no longer, a moderator now); a person who may not enter any more leaves."""
        if getattr(self, "room", None) is None:  # still connecting: `_enter` decides
            return
        access = await database_sync_to_async(self._access_again)()
        if access is None or not access.may_enter:
            await self.close(code=CLOSE_NOT_FOUND if access is None else access.refusal)
            return
        role, self.is_moderator, self.role = self.role, access.is_moderator, access.role
        if self.role != role:
            await self.send_json(frames.YouRole(role=self.role))

    # ---- database work (run in a thread) ---------------------------------------------------

    def _access_again(self) -> RoomAccess | None:
        user = self.scope["user"]
        access = selectors.room_access(self.room.slug, user)
        _forget_access_caches(user)
        return access

    @database_sync_to_async
    def _enter(self, slug: str) -> RoomAccess:
        user = self.scope["user"]
        if not user.is_authenticated:
            raise Refused(CLOSE_NOT_SIGNED_IN)
        access = selectors.room_access(slug, user)
        if access is None:
            raise Refused(CLOSE_NOT_FOUND)
        if access.refusal is not None:  # may not enter
            raise Refused(access.refusal)
        archived = access.room.state == Room.State.ARCHIVED  # readable, but nobody joins it
        if access.membership is None and not access.is_moderator and not archived:
            try:
                chat_services.join_room(access.room, actor=user)
            except RoomError as error:
                raise Refused(CLOSE_FORBIDDEN) from error
        self.me = {"id": user.pk, "username": user.get_username()}
        self.me_public = author_payload(user)
        self.hidden_authors = frozenset(selectors.blocked_usernames(user)) or NOBODY
        _forget_access_caches(user)
        return access

    def _after(self) -> int | None:
        raw = self.scope.get("query_string", b"").decode()
        for part in raw.split("&"):
            key, _, value = part.partition("=")
            if key == "after" and value.isdigit():
                return int(value)
        return None

    def _backlog(self, after: int | None) -> list[dict]:
        user, moderator = self.scope["user"], self.is_moderator
        self.room.refresh_from_db()
        if after is None:
            return selectors.latest_messages(self.room, user, moderator=moderator)
        return selectors.messages_after(self.room, user, after=after, moderator=moderator)

    def _payload(self, message) -> dict:
        return message_payload(message, show_deleted_body=self.is_moderator)


def _forget_access_caches(user) -> None:
    """Drop what deciding access cached on the user (permission sets, the profile): a room
    holds thousands of idle sockets, and the next check loads them again if needed."""
    real = getattr(user, "_wrapped", user)
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        real.__dict__.pop(cache, None)
    real._state.fields_cache.clear()


def _writes_serialised() -> bool:
    """On PostgreSQL, sends from many sockets run in parallel threads (the room's row lock
    keeps seq gapless); SQLite takes one writer at a time, so they share Django's one thread."""
    return connection.vendor != "postgresql"
