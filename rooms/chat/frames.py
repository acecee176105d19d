"""Every frame of the room socket `/ws/rooms/<slug>/`, defined once (rooms/PROTOCOL.md).

Inbound frames are decoded and validated from these definitions by the consumer; services
build the outbound ones here and send them with `to_event`. Field order is the order on the
wire; optional fields are left out when they hold their default, as the protocol has always
sent them. rooms/schema/room.json is generated from this module (`manage.py protocol_schema`).
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from rooms import limits
from salam.core.frames import (
    AccessChanged,
    Error,
    Frame,
    Integer,
    Part,
    Request,
    SessionEnded,
    decoder,
    register_socket,
    union,
)
from salam.moderation.frames import BlocksChanged  # the room socket hides their messages

# ---- client to server ---------------------------------------------------------------------


class SendMessage(Request, tag="message.send"):
    """Post a message. A `client_id` already used by this person in this room stores nothing
    and sends the original back. The body's length and content are checked by the service
    (codes `empty`, `too_long`, `blocked_term`)."""

    body: str
    client_id: Annotated[str, Meta(min_length=1, max_length=64)]


class HistoryRequest(Request, tag="history"):
    """Ask for the messages before `before`; answered by a `history` frame."""

    before: Integer
    limit: Annotated[int, Meta(ge=1, le=limits.HISTORY_MAX)] = 50


class Read(Request, tag="read"):
    """Record the read position (never backwards, never past the end); no answer."""

    seq: Annotated[int, Meta(ge=0, le=2**63 - 1)]


class TypingNow(Request, tag="typing"):
    """The person is typing; the others receive `typing`."""


class ReportMessage(Request, tag="report"):
    """Report the message `seq`; answered by `report.received`."""

    seq: Integer
    reason: str


class Moderate(Request, tag="moderate", forbid_unknown_fields=False):
    """The envelope of a moderation action: its fields are those of the action, decoded
    again with `moderation_decoder` (a second tag, `action`, picks the definition)."""

    action: str


Minutes = Annotated[int, Meta(ge=1, le=43_200)]
Seconds = Annotated[int, Meta(ge=0, le=3600)]


class ModerationCommand(
    msgspec.Struct, tag_field="action", forbid_unknown_fields=True, omit_defaults=True, kw_only=True
):
    """A `moderate` frame, by its `action`, from a moderator of the room. Each action
    requires its own fields; the fields of the other actions are accepted and ignored, as
    they always were (a client may send one form for several actions)."""

    type: Literal["moderate"]
    client_id: str | UnsetType = UNSET
    username: str | None = None
    minutes: int | None = None
    reason: str | None = ""  # null, as today, means no reason
    seq: Integer | None = None
    seconds: int | None = None


class Mute(ModerationCommand, tag="mute"):
    username: str
    minutes: Minutes


class Unmute(ModerationCommand, tag="unmute"):
    username: str


class Kick(ModerationCommand, tag="kick"):
    username: str


class Ban(ModerationCommand, tag="ban"):
    username: str


class Unban(ModerationCommand, tag="unban"):
    username: str


class Delete(ModerationCommand, tag="delete"):
    seq: Integer


class Lock(ModerationCommand, tag="lock"):
    pass


class Unlock(ModerationCommand, tag="unlock"):
    pass


class SlowMode(ModerationCommand, tag="slow_mode"):
    """One message per `seconds` for participants; 0 turns it off."""

    seconds: Seconds


class Pin(ModerationCommand, tag="pin"):
    seq: Integer


class Unpin(ModerationCommand, tag="unpin"):
    pass


class Assign(ModerationCommand, tag="assign"):
    """An organiser makes the person a moderator of this room."""

    username: str


MODERATION_COMMANDS = (
    Mute,
    Unmute,
    Kick,
    Ban,
    Unban,
    Delete,
    Lock,
    Unlock,
    SlowMode,
    Pin,
    Unpin,
    Assign,
)
INBOUND = (SendMessage, HistoryRequest, Read, TypingNow, ReportMessage, Moderate)
inbound_decoder = decoder(union(*INBOUND))
moderation_decoder = decoder(union(*MODERATION_COMMANDS))


# ---- server to client ---------------------------------------------------------------------


class Person(Part):
    username: str
    display_name: str


class You(Part):
    username: str
    display_name: str
    role: str


class RoomInfo(Part):
    slug: str
    title: str
    topic: str
    language: str
    kind: str
    visibility: str
    state: str
    slow_mode_seconds: int
    pinned_seq: int | None


class Hello(Frame, tag="hello"):
    """The first frame: the room, the person, the last seq, who is online; the backlog
    follows."""

    room: RoomInfo
    you: You
    last_seq: int
    online: list[str]


class Message(Frame, tag="message"):
    """A message. `deleted`: deleted by a moderator (the body is empty unless the viewer
    moderates). `hidden`: its author is blocked by the viewer; only `seq` is sent, so that
    no seq goes missing."""

    seq: int
    author: Person | UnsetType = UNSET
    body: str | UnsetType = UNSET
    sent_at: str | UnsetType = UNSET
    client_id: str | UnsetType = UNSET
    deleted: bool = False
    hidden: bool = False


class History(Frame, tag="history"):
    """The answer to a `history` request, oldest first."""

    messages: list[Message]
    has_more: bool


class Presence(Frame, tag="presence"):
    online: list[str]


class Typing(Frame, tag="typing"):
    username: str


class RoomUpdated(Frame, tag="room.updated"):
    state: str
    slow_mode_seconds: int
    pinned_seq: int | None


class MessageDeleted(Frame, tag="message.deleted"):
    seq: int


class ReportReceived(Frame, tag="report.received"):
    seq: int


class Muted(Frame, tag="muted"):
    """To the person muted, on every socket of theirs to the room (and on /ws/me/)."""

    until: str
    room: str


class Unmuted(Frame, tag="unmuted"):
    room: str


class Kicked(Frame, tag="kicked"):
    """To the person kicked; their sockets to the room then close with 4403."""

    reason: str
    room: str


class Banned(Frame, tag="banned"):
    """To the person banned; their sockets to the room then close with 4403."""

    reason: str
    room: str


class Removed(Frame, tag="removed"):
    """To a participant whose membership ended; their sockets to the room close with 4403."""

    room: str


class YouRole(Frame, tag="you.role"):
    """To the person whose powers in the room changed while the socket was open (a global or
    room moderator no longer, or one now): `role` as in `hello`'s `you`. Moderation commands
    sent after a downgrade answer `forbidden`."""

    role: Literal["participant", "moderator"]


PERSONAL_ROOM_FRAMES = (Muted, Unmuted, Kicked, Banned, Removed)
OUTBOUND = (
    Hello,
    Message,
    History,
    Presence,
    Typing,
    RoomUpdated,
    MessageDeleted,
    ReportReceived,
    *PERSONAL_ROOM_FRAMES,
    YouRole,
    Error,
)
INTERNAL = (SessionEnded, AccessChanged, BlocksChanged)

SOCKET = register_socket(
    "room",
    path="/ws/rooms/<slug>/",
    description="A room's socket: messages, presence, typing and moderation (rooms/PROTOCOL.md).",
    inbound=(*INBOUND[:-1], *MODERATION_COMMANDS),
    outbound=OUTBOUND,
    internal=INTERNAL,
    schema_path="rooms/schema/room.json",
)
