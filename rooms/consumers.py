"""The room socket `/ws/rooms/<slug>/` and the personal socket `/ws/me/`.

Thin: access comes from rooms.permissions through a selector, every write is a service call,
and events arrive through this process's hub (rooms/hub.py), not a per-socket layer channel.
Laid out as socket handlers, command helpers, then hub handlers.
"""

from __future__ import annotations

import functools
import json
import time
import uuid
from typing import ClassVar

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from rooms import limits, moderation_selectors, realtime, selectors, services
from rooms.errors import RoomError
from rooms.hub import CLOSE_TRY_LATER, get_hub
from rooms.models import Room
from rooms.payloads import hidden_message_payload, message_payload, room_payload
from rooms.permissions import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_NOT_SIGNED_IN, RoomAccess
from rooms.services import presence
from salam.core.realtime import user_group
from salam.core.sockets import sign_in
from salam.people.permissions import is_global_moderator

# No per-socket layer channel: an alias that names no layer makes Channels skip it.
HUB_ONLY = "hub-only (no per-socket channel)"
CLOSE_TOO_BIG = 1009
TYPING_INTERVAL_SECONDS = 2.0
NOBODY: frozenset[str] = frozenset()  # one shared empty set for the many who block no one


PERSONAL_ROOM_EVENTS = {"kicked", "banned", "removed", "muted", "unmuted"}
CLOSING_ROOM_EVENTS = {"kicked", "banned", "removed"}

# action -> (service, the frame's fields it takes)
MODERATION_ACTIONS = {
    "mute": (services.mute_member, ("username", "minutes", "reason")),
    "unmute": (services.unmute_member, ("username",)),
    "kick": (services.kick_member, ("username", "reason")),
    "ban": (services.ban_member, ("username", "reason")),
    "unban": (services.unban_member, ("username",)),
    "delete": (services.delete_message, ("seq", "reason")),
    "lock": (functools.partial(services.set_locked, locked=True), ("reason",)),
    "unlock": (functools.partial(services.set_locked, locked=False), ("reason",)),
    "slow_mode": (services.set_slow_mode, ("seconds",)),
    "pin": (services.set_pinned, ("seq",)),
    "unpin": (functools.partial(services.set_pinned, seq=None), ()),
}


class Refused(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


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
        self.scope, self.base_send, self.channel_layer = scope, send, None
        await sign_in(scope)
        try:
            while True:
                message = await receive()
                await getattr(self, get_handler_name(message))(message)
        except StopConsumer:
            pass

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

    async def send_json(self, payload: dict) -> None:
        if not self.closed:
            await self.send(text_data=json.dumps(payload, ensure_ascii=False))

    async def send_error(self, code: str, detail: str, client_id: object = None) -> None:
        frame = {"type": "error", "code": code, "detail": detail}
        if isinstance(client_id, str):
            frame["client_id"] = client_id
        await self.send_json(frame)

    commands: ClassVar[dict] = {}  # frame type -> handler(self, frame)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Parse a frame and run its command; refusals answer an error and keep the socket."""
        if self.closed:
            return
        try:
            frame = json.loads(text_data or "")
        except ValueError:
            await self.send_error("invalid", _("Frames must be JSON."))
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("invalid", _("A frame is a JSON object with a type."))
            return
        handler = self.commands.get(frame["type"])
        if handler is None:
            await self.send_error("invalid", _("Unknown frame type."), frame.get("client_id"))
            return
        try:
            await handler(self, frame)
        except RoomError as error:
            await self.send_error(error.code, error.detail, frame.get("client_id"))
        except DatabaseError:
            await self.send_error(
                "unavailable",
                _("The server cannot store this now; try again."),
                frame.get("client_id"),
            )

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


class RoomConsumer(HubSocket):
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
        self.connection = uuid.uuid4().hex
        online = await database_sync_to_async(presence.arrive)(
            self.room,
            user=self.scope["user"],
            connection=self.connection,
            server=get_hub().server_id,
            now=timezone.now(),
        )
        after = self._after()
        backlog = await database_sync_to_async(self._backlog)(after)
        await self.send_json(
            {
                "type": "hello",
                "room": room_payload(self.room),
                "you": {**self.me_public, "role": self.role},
                "last_seq": self.room.last_seq,
                "online": online,
            }
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
        if getattr(self, "connection", None):
            connection, self.connection = self.connection, None
            await database_sync_to_async(presence.leave)(connection=connection, now=timezone.now())

    async def websocket_receive(self, message: dict) -> None:
        text = message.get("text")
        if text is None:
            text = (message.get("bytes") or b"").decode("utf-8", "replace")
        if len(text.encode("utf-8")) > limits.MAX_FRAME_BYTES:
            await self.close(code=CLOSE_TOO_BIG)
            return
        await self.receive(text_data=text)

    # ---- command helpers ------------------------------------------------------------------

    async def do_send(self, frame: dict) -> None:
        posted = await database_sync_to_async(
            services.post_message, thread_sensitive=_writes_serialised()
        )(
            self.room,
            author=self.scope["user"],
            body=frame.get("body"),
            client_id=frame.get("client_id"),
        )
        if not posted.created:  # a retry: the sender gets the original again
            await self.send_json(await database_sync_to_async(self._payload)(posted.message))

    async def do_history(self, frame: dict) -> None:
        before, limit = frame.get("before"), frame.get("limit", 50)
        if not _is_int(before) or not _is_int(limit) or not 1 <= limit <= limits.HISTORY_MAX:
            raise RoomError(_("history needs an integer before and a limit of 1 to 100."))
        messages, has_more = await database_sync_to_async(selectors.history)(
            self.room,
            self.scope["user"],
            before=before,
            limit=limit,
            moderator=self.is_moderator,
        )
        await self.send_json({"type": "history", "messages": messages, "has_more": has_more})

    async def do_read(self, frame: dict) -> None:
        if not _is_int(frame.get("seq")) or frame["seq"] < 0:
            raise RoomError(_("read needs a non-negative integer seq."))
        await database_sync_to_async(services.mark_read)(
            self.room, user=self.scope["user"], seq=frame["seq"]
        )

    async def do_typing(self, frame: dict) -> None:
        now = time.monotonic()
        if now - self.last_typing >= TYPING_INTERVAL_SECONDS:
            self.last_typing = now
            await services.announce_typing(self.room.pk, username=self.me["username"])

    async def do_report(self, frame: dict) -> None:
        await database_sync_to_async(services.report_message)(
            self.room,
            reporter=self.scope["user"],
            seq=frame.get("seq"),
            reason=frame.get("reason"),
        )
        await self.send_json({"type": "report.received", "seq": frame["seq"]})

    async def do_moderate(self, frame: dict) -> None:
        action = MODERATION_ACTIONS.get(frame.get("action"))
        if action is None:
            raise RoomError(_("Unknown moderation action."))
        service, parameters = action
        arguments = {name: frame.get(name) for name in parameters if name in frame}
        missing = [name for name in parameters if name not in frame and name != "reason"]
        if missing:
            raise RoomError(_("Missing: %(fields)s.") % {"fields": ", ".join(missing)})
        await database_sync_to_async(service)(self.room, actor=self.scope["user"], **arguments)

    commands = {
        "message.send": do_send,
        "history": do_history,
        "read": do_read,
        "typing": do_typing,
        "report": do_report,
        "moderate": do_moderate,
    }

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
        elif kind == "session.ended":
            await self.session_ended(event)
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

    # ---- database work (run in a thread) ---------------------------------------------------

    @database_sync_to_async
    def _enter(self, slug: str) -> RoomAccess:
        user = self.scope["user"]
        if not user.is_authenticated:
            raise Refused(CLOSE_NOT_SIGNED_IN)
        access = selectors.room_access(slug, user)
        if access is None:
            raise Refused(CLOSE_NOT_FOUND)
        if not access.may_enter:
            raise Refused(access.refusal)
        archived = access.room.state == Room.State.ARCHIVED  # readable, but nobody joins it
        if access.membership is None and not access.is_moderator and not archived:
            try:
                services.join_room(access.room, user=user)
            except RoomError as error:
                raise Refused(CLOSE_FORBIDDEN) from error
        self.me = {"id": user.pk, "username": user.get_username()}
        self.me_public = {
            "username": user.get_username(),
            "display_name": user.profile.display_name or user.get_username(),
        }
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


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class PersonalConsumer(HubSocket):
    """`/ws/me/`: what concerns one person wherever they are (notices, pairing)."""

    async def connect(self) -> None:
        await self.accept()
        user = self.scope["user"]
        if not await database_sync_to_async(lambda: user.is_authenticated and user.is_active)():
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        self.me = {"id": user.pk, "username": user.get_username()}
        if await self.follow(user_group(user.pk)):
            await self.send_json({"type": "hello", "you": {"username": self.me["username"]}})

    async def disconnect(self, code: int) -> None:
        await self.leave_hub()

    async def do_pairing_request(self, frame: dict) -> None:
        outcome = await database_sync_to_async(services.request_pairing)(self.scope["user"])
        if outcome.status == "waiting":
            await self.send_json({"type": "pairing.waiting"})
        # when paired, the `paired` event reaches both people through their user group

    async def do_pairing_cancel(self, frame: dict) -> None:
        await database_sync_to_async(services.cancel_pairing)(self.scope["user"])
        await self.send_json({"type": "pairing.cancelled"})

    commands = {
        "pairing.request": do_pairing_request,
        "pairing.cancel": do_pairing_cancel,
    }

    async def hub_deliver(self, group: str, event: dict, text: str) -> None:
        if event.get("type") == "session.ended":
            await self.session_ended(event)
        elif not self.closed:
            await self.send(text_data=text)


class ModerationConsumer(HubSocket):
    """`/ws/moderation/`: live updates for the dashboard, for the rooms this person moderates."""

    async def connect(self) -> None:
        await self.accept()
        scope = await database_sync_to_async(self._scope)()
        if scope is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.everything, self.slugs = scope
        if await self.follow(realtime.MODERATORS_GROUP, user_group(self.scope["user"].pk)):
            await self.send_json({"type": "hello"})

    async def disconnect(self, code: int) -> None:
        await self.leave_hub()

    commands: ClassVar[dict] = {}  # it only listens

    async def hub_deliver(self, group: str, event: dict, text: str) -> None:
        if event.get("type") == "session.ended":
            await self.session_ended(event)
        elif group == realtime.MODERATORS_GROUP and (
            self.everything or event.get("room") in self.slugs
        ):
            await self.send(text_data=text)

    def _scope(self) -> tuple[bool, set[str]] | None:
        user = self.scope["user"]
        if not moderation_selectors.may_use_dashboard(user):
            return None
        slugs = set(moderation_selectors.moderated_rooms(user).values_list("slug", flat=True))
        return is_global_moderator(user), slugs
