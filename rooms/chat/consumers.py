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
from django.utils.translation import gettext as _

from rooms import consoles, limits, realtime
from rooms.calls.consumer import CallSocket
from rooms.chat import frames, selectors
from rooms.chat import services as chat_services
from rooms.chat.payloads import author_payload, hidden_message_payload, message_payload, room_info
from rooms.chat.services import presence
from rooms.errors import Forbidden, NotFound, RoomError
from rooms.models import Membership, Room
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
CHANGE_EVENTS = {"message.edited", "message.deleted", "reactions"}


class Refused(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class RoomConsumer(CallSocket, HubSocket):
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
        people = await database_sync_to_async(selectors.online_people)(
            self.room.pk, now=timezone.now()
        )
        after, after_change = self._after(), self._query_int("changes")
        backlog, replay, pinned = await database_sync_to_async(self._backlog)(after, after_change)
        console = await database_sync_to_async(self._console_hello)()
        membership = access.membership
        muted_until = membership.muted_until if membership else None
        muted = bool(muted_until and muted_until > timezone.now())
        await self.send_json(
            frames.Hello(
                room=room_info(self.room),
                you=frames.You(
                    **self.me_public,
                    role=self.role,
                    muted_until=muted_until.isoformat() if muted and muted_until else msgspec.UNSET,
                    mute_reason=membership.mute_reason
                    if muted and membership and membership.mute_reason
                    else msgspec.UNSET,
                ),
                last_seq=self.room.last_seq,
                online=online,
                people=[frames.Person(**p) for p in people if p["username"] in online],
                call=await self.call_hello(),
                last_change=self.changes_through,
                pinned=msgspec.convert(pinned, frames.Message) if pinned else msgspec.UNSET,
                reaction_emoji=list(limits.REACTION_EMOJI),
                edit_window_seconds=int(limits.edit_window().total_seconds()),
                console=console or msgspec.UNSET,
            )
        )
        for message in backlog:
            await self.send_json(message)
        for change in replay:
            await self.send_json(change)
        # Live messages up to here came in the backlog; later ones all pass (even out of
        # order: two commits may broadcast in either order) and the client drops duplicates.
        self.backlog_through = max([m["seq"] for m in backlog] + [after or 0])
        pending, self.pending = self.pending, None
        for event, text in pending:
            await self.hub_deliver("", event, text)

    async def disconnect(self, code: int) -> None:
        await self.leave_hub()
        await self.leave_call()
        connection = getattr(self, "connection", None)
        if connection:
            self.connection = None
            await database_sync_to_async(presence.leave)(connection=connection, now=timezone.now())

    # ---- command helpers ------------------------------------------------------------------

    async def do_send(self, frame: frames.SendMessage) -> None:
        posted = await database_sync_to_async(
            chat_services.post_message, thread_sensitive=_writes_serialised()
        )(
            self.room,
            author=self.scope["user"],
            body=frame.body,
            client_id=frame.client_id,
            reply_to=None if frame.reply_to is msgspec.UNSET else frame.reply_to,
        )
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
            await chat_services.announce_typing(
                self.room.pk,
                username=self.me["username"],
                display_name=self.me_public["display_name"],
            )

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
        # The moderator sees at once what was done (the others learn it from its events).
        done = await database_sync_to_async(self._moderate)(command)
        await self.send_json(done)

    # ---- command helpers: the conversation (edits, deletions, reactions, mentions) ---------

    async def do_edit(self, frame: frames.EditMessage) -> None:
        await database_sync_to_async(chat_services.edit_message)(
            self.room, actor=self.scope["user"], seq=frame.seq, body=frame.body
        )

    async def do_delete_own(self, frame: frames.DeleteOwnMessage) -> None:
        await database_sync_to_async(chat_services.delete_own_message)(
            self.room, actor=self.scope["user"], seq=frame.seq
        )

    async def do_react(self, frame: frames.AddReaction | frames.RemoveReaction) -> None:
        await database_sync_to_async(chat_services.react)(
            self.room,
            actor=self.scope["user"],
            seq=frame.seq,
            emoji=frame.emoji,
            add=isinstance(frame, frames.AddReaction),
        )

    async def do_members(self, frame: frames.MembersRequest) -> None:
        people = await database_sync_to_async(selectors.members_matching)(self.room, frame.prefix)
        await self.send_json(frames.Members(prefix=frame.prefix, people=people))

    async def do_console(self, frame: frames.ConsoleCommand) -> None:
        # Asked again, not kept from connect: a console may start running the room later.
        console = await database_sync_to_async(consoles.console_for)(self.room)
        if console is None:
            raise NotFound(_("No console runs this room."), code="no_console")
        await database_sync_to_async(console.command)(
            self.room, self.scope["user"], frame, now=timezone.now()
        )

    async def do_ping(self, frame: frames.Ping) -> None:
        await self.send_json(frames.Pong())

    async def do_versions(self, frame: frames.VersionsRequest) -> None:
        if not self.is_moderator:
            raise Forbidden(_("Only this room's moderators may do that."))
        found = await database_sync_to_async(selectors.message_versions)(self.room, frame.seq)
        if found is None:
            raise NotFound(_("No message with this number."))
        versions, deleted = found
        await self.send_json(
            frames.MessageVersions(seq=frame.seq, versions=versions, deleted=deleted)
        )

    commands = {
        frames.SendMessage: do_send,
        frames.HistoryRequest: do_history,
        frames.Read: do_read,
        frames.TypingNow: do_typing,
        frames.ReportMessage: do_report,
        frames.Moderate: do_moderate,
        **CallSocket.call_commands,
        frames.EditMessage: do_edit,
        frames.DeleteOwnMessage: do_delete_own,
        frames.AddReaction: do_react,
        frames.RemoveReaction: do_react,
        frames.MembersRequest: do_members,
        frames.Ping: do_ping,
        frames.VersionsRequest: do_versions,
        frames.ConsoleCommand: do_console,
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
        if await self.call_deliver(kind, event):
            return
        if kind == "message":
            if event["seq"] <= self.backlog_through:
                return
            if event["author"]["username"] in self.hidden_authors:
                await self.send_json(hidden_message_payload(event["seq"]))
                return
        elif kind in CHANGE_EVENTS and event.get("change", 0) <= self.changes_through:
            return  # replayed on connect already
        elif kind == "message.edited" and event["author"]["username"] in self.hidden_authors:
            hidden = frames.MessageEdited(seq=event["seq"], change=event["change"], hidden=True)
            await self.send_json(hidden)
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

    def _console_hello(self) -> frames.ConsoleHello | None:
        console = consoles.console_for(self.room)
        if console is None:
            return None
        try:
            return console.hello(self.room, self.scope["user"], now=timezone.now())
        except RoomError:  # it stopped running the room in between
            return None

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
        return self._query_int("after")

    def _query_int(self, name: str) -> int | None:
        raw = self.scope.get("query_string", b"").decode()
        for part in raw.split("&"):
            key, _sep, value = part.partition("=")
            if key == name and value.isdigit() and len(value) < 19:
                return int(value)
        return None

    changes_through = 0  # changes up to here were replayed (or predate the connection)

    def _backlog(
        self, after: int | None, after_change: int | None
    ) -> tuple[list[dict], list[dict], dict | None]:
        """The messages to send after hello, the changes to replay (`?changes=`: the room's
        changes since, instead of tombstones), and the pinned message. The changes are read
        before the messages: a change that commits in between is in the messages read after
        it, and arrives live too (the client applies it again, to the same effect)."""
        user, moderator = self.scope["user"], self.is_moderator
        self.room.refresh_from_db()
        replay: list[dict] = []
        if after is not None and after_change is not None:
            replay = selectors.changes_after(
                self.room, user, after_seq=after, after_change=after_change, moderator=moderator
            )
        self.changes_through = max(
            [self.room.last_change, after_change or 0] + [c["change"] for c in replay]
        )
        pinned = selectors.pinned_message(self.room, user, moderator=moderator)
        if after is None:
            return selectors.latest_messages(self.room, user, moderator=moderator), [], pinned
        messages = selectors.messages_after(
            self.room, user, after=after, moderator=moderator, tombstones=after_change is None
        )
        return messages, replay, pinned

    def _moderate(self, command: frames.ModerationCommand) -> frames.Moderated:
        done = moderation_actions.perform(
            self.room,
            actor=self.scope["user"],
            action=command.__struct_config__.tag,
            fields=msgspec.to_builtins(command),
        )
        return moderated_frame(command, done)

    def _payload(self, message) -> dict:
        return message_payload(message, show_deleted_body=self.is_moderator)


def moderated_frame(command: frames.ModerationCommand, done: object) -> frames.Moderated:
    """What the moderator is told was done: the person acted on (a membership), when a mute
    ends, the message's seq."""
    unset = msgspec.UNSET
    user = getattr(done, "user", None) if isinstance(done, Membership) else None
    until = getattr(done, "muted_until", None) if isinstance(command, frames.Mute) else None
    return frames.Moderated(
        action=str(command.__struct_config__.tag),
        username=user.get_username() if user is not None else unset,
        display_name=author_payload(user)["display_name"] if user is not None else unset,
        until=until.isoformat() if until is not None else unset,
        minutes=command.minutes if isinstance(command, frames.Mute) else unset,
        seq=command.seq if isinstance(command.seq, int) else unset,
        client_id=command.client_id,
    )


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
