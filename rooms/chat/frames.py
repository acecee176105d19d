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
from rooms.calls import frames as calls
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
    reply_to: Integer | UnsetType = UNSET  # the seq of the message this one answers


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
    kind: str | None = None  # call.mute's


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


# ---- client to server: the conversation (edits, deletions, reactions, mentions, ping) -----


class EditMessage(Request, tag="message.edit"):
    """Edit one's own message, within ROOMS_EDIT_WINDOW_SECONDS of sending it; everyone
    receives `message.edited`. Refusals: `not_found`, `forbidden` (not the author, deleted, too
    late), and those of sending (`empty`, `too_long`, `blocked_term`, `muted`, `locked`)."""

    seq: Integer
    body: str


class DeleteOwnMessage(Request, tag="message.delete"):
    """Delete one's own message (a tombstone, as a moderator's deletion); everyone receives
    `message.deleted`, and its reactions go."""

    seq: Integer


Emoji = Annotated[str, Meta(min_length=1, max_length=16)]


class AddReaction(Request, tag="reaction.add"):
    """React with one of the room's emoji (`hello`'s `reaction_emoji`); once per person per
    emoji. Everyone receives `reactions`; `rate_limited` past ROOMS_REACTIONS_PER_MINUTE."""

    seq: Integer
    emoji: Emoji


class RemoveReaction(Request, tag="reaction.remove"):
    seq: Integer
    emoji: Emoji


class MembersRequest(Request, tag="members"):
    """The room's members whose username or name starts with `prefix` (for `@` completion);
    answered by `members`."""

    prefix: Annotated[str, Meta(max_length=150)] = ""


class Ping(Request, tag="ping"):
    """The client's heartbeat (every 20 s): answered by `pong`."""


class VersionsRequest(Request, tag="message.versions"):
    """Moderators only: a message's edit history (and a deleted one's body); answered by
    `message.versions`, `forbidden` for anyone else."""

    seq: Integer


ConsoleAction = Literal[
    "agree",  # accept the group's agreements (before one's first message)
    "next_phase",  # facilitators: the plan's next phase
    "go_round",  # facilitators: a go-round of the members online, `seconds` a turn
    "next_turn",  # facilitators: the floor to the next person of the go-round
    "pass",  # the speaker passes their turn
    "raise_hand",
    "lower_hand",
    "give_floor",  # facilitators: to `username`, or the first raised hand
    "open_floor",  # facilitators: the go-round and the floor end, everyone may write
    "reflect",  # facilitators: silent reflection for `seconds`
    "end_reflection",  # facilitators
]


class ConsoleCommand(Request, tag="console"):
    """A step of the room's console (rooms/PROTOCOL.md, "Console"): only in a room a console
    runs (a dialogue programme's cohort), `no_console` elsewhere. Everyone in the room gets
    `console.state`; a refused step answers an error and changes nothing."""

    action: ConsoleAction
    seconds: Annotated[int, Meta(ge=10, le=1800)] | UnsetType = UNSET
    order: Literal["seat", "shuffle"] = "seat"
    hold: Literal["hold", "block"] = "hold"  # others' messages wait for the turn's end, or not
    username: Annotated[str, Meta(min_length=1, max_length=150)] | UnsetType = UNSET


CONVERSATION_INBOUND = (
    EditMessage,
    DeleteOwnMessage,
    AddReaction,
    RemoveReaction,
    MembersRequest,
    Ping,
    VersionsRequest,
    ConsoleCommand,
)

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
    *calls.MODERATION_COMMANDS,
)
INBOUND = (
    SendMessage,
    HistoryRequest,
    Read,
    TypingNow,
    ReportMessage,
    *CONVERSATION_INBOUND,
    *calls.INBOUND,
    Moderate,  # last: the schema lists the moderation commands in its place
)
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
    muted_until: str | UnsetType = UNSET  # while the person is muted in this room
    mute_reason: str | UnsetType = UNSET  # the moderator's reason for that mute, if given


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


class Quote(Part):
    """The message a reply answers: enough to show a quote (the body cut to 140 characters,
    empty when deleted or by someone the viewer blocked)."""

    seq: int
    author: Person
    excerpt: str


class ReactionCount(Part):
    """One emoji on a message: how many, and who (the first REACTION_PEOPLE_SHOWN)."""

    emoji: str
    count: int
    people: list[Person]


class Message(Frame, tag="message"):
    """A message. `deleted`: deleted by a moderator or its author (the body is empty unless
    the viewer moderates). `hidden`: its author is blocked by the viewer; only `seq` is sent,
    so that no seq goes missing. `edited_at`: when its author last edited it; `reply_to`:
    the message it answers; `reactions`: its emoji, in the order they were first used."""

    seq: int
    author: Person | UnsetType = UNSET
    body: str | UnsetType = UNSET
    sent_at: str | UnsetType = UNSET
    client_id: str | UnsetType = UNSET
    deleted: bool = False
    hidden: bool = False
    edited_at: str | UnsetType = UNSET
    reply_to: Quote | UnsetType = UNSET
    reactions: list[ReactionCount] | UnsetType = UNSET


class GoRoundView(Part):
    order: list[str]  # usernames, in speaking order
    turn: int  # index into `order`; len(order) once everyone has spoken
    turn_started_at: str
    seconds: int  # each turn; a turn's end starts the next (clients count down)
    hold: str  # "hold": others' messages wait for the turn's end; "block": refused
    passed: list[str] = []


class ConsoleView(Part):
    """The console's state: what every client shows, the same for all."""

    phase: int  # index into `hello.console.phases`
    phase_started_at: str | None = None
    go_round: GoRoundView | None = None
    queue: list[str] = []  # raised hands, first come first
    floor: str | None = None  # given from the queue
    floor_hold: str = "hold"
    reflection_until: str | None = None


class ConsolePhase(Part):
    kind: str  # welcome, go_round, curiosity, dialogue, reflection, breakout, closing
    label: str
    minutes: int
    prompt: str  # in the reader's language when the plan has it


class ConsoleHello(Part):
    """In `hello` where a console runs the room: its state, the session's phases, who
    facilitates, the group's agreements and whether this person accepted them."""

    state: ConsoleView
    phases: list[ConsolePhase]
    facilitators: list[str]
    agreements: list[str]
    agreed: bool


class ConsoleState(Frame, tag="console.state"):
    """To everyone in the room after each console step."""

    console: ConsoleView


class Hello(Frame, tag="hello"):
    """The first frame: the room, the person, the last seq, who is online; the backlog
    follows. `last_change`: the room's last change number (edits, deletions, reactions): a
    client resumes with `?after=<seq>&changes=<change>`. `pinned`: the pinned message."""

    room: RoomInfo
    you: You
    last_seq: int
    online: list[str]
    people: list[Person] = []  # who is online with their display names, in `online`'s order
    last_change: int | UnsetType = UNSET
    pinned: Message | UnsetType = UNSET
    reaction_emoji: list[str] | UnsetType = UNSET
    edit_window_seconds: int | UnsetType = UNSET
    call: calls.CallInfo | UnsetType = UNSET
    console: ConsoleHello | UnsetType = UNSET


class History(Frame, tag="history"):
    """The answer to a `history` request, oldest first."""

    messages: list[Message]
    has_more: bool


class Presence(Frame, tag="presence"):
    online: list[str]
    people: list[Person] = []  # the same people with their display names


class Typing(Frame, tag="typing"):
    username: str
    display_name: str = ""


class RoomUpdated(Frame, tag="room.updated"):
    state: str
    slow_mode_seconds: int
    pinned_seq: int | None
    pinned: Message | UnsetType = UNSET  # the message just pinned


class MessageDeleted(Frame, tag="message.deleted"):
    """A message deleted (by a moderator or its author): its reactions are gone too.
    `change`: its number in the room's changes (absent on deletions made before changes
    were numbered)."""

    seq: int
    change: int | UnsetType = UNSET


class ReportReceived(Frame, tag="report.received"):
    seq: int


class Muted(Frame, tag="muted"):
    """To the person muted, on every socket of theirs to the room (and on /ws/me/)."""

    until: str
    room: str
    reason: str | UnsetType = UNSET


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


# ---- server to client: the conversation ---------------------------------------------------


class MessageEdited(Frame, tag="message.edited"):
    """A message edited by its author; `change` numbers it in the room's changes. To a
    viewer who blocked the author it comes `hidden`, with no body."""

    seq: int
    change: int
    author: Person | UnsetType = UNSET
    body: str | UnsetType = UNSET
    edited_at: str | UnsetType = UNSET
    hidden: bool = False


class Reactions(Frame, tag="reactions"):
    """A message's reactions, whole, after one changed (or empty after its deletion)."""

    seq: int
    change: int
    reactions: list[ReactionCount]


class Members(Frame, tag="members"):
    """The answer to `members`: at most 8 members, by username."""

    prefix: str
    people: list[Person]


class Pong(Frame, tag="pong"):
    """The answer to `ping`."""


class Version(Part):
    body: str
    at: str  # when this body was written (sent, or edited to)


class MessageVersions(Frame, tag="message.versions"):
    """To a moderator: each body the message had, oldest first (the last is the current
    one), and whether it is deleted."""

    seq: int
    versions: list[Version]
    deleted: bool


class Moderated(Frame, tag="moderated"):
    """To the moderator's socket that sent a `moderate` frame: it was done. The fields say
    what: the action, the person (`username`, `display_name`), `until` for a mute, `seq`."""

    action: str
    username: str | UnsetType = UNSET
    display_name: str | UnsetType = UNSET
    until: str | UnsetType = UNSET
    minutes: int | UnsetType = UNSET
    seq: int | UnsetType = UNSET
    client_id: str | UnsetType = UNSET


CONVERSATION_OUTBOUND = (
    MessageEdited,
    Reactions,
    Members,
    Pong,
    MessageVersions,
    Moderated,
    ConsoleState,
)

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
    *CONVERSATION_OUTBOUND,
    *calls.OUTBOUND,
    Error,
)
INTERNAL = (SessionEnded, AccessChanged, BlocksChanged, *calls.INTERNAL)

SOCKET = register_socket(
    "room",
    path="/ws/rooms/<slug>/",
    description=(
        "A room's socket: messages, presence, typing, moderation and calls (rooms/PROTOCOL.md)."
    ),
    inbound=(*INBOUND[:-1], *MODERATION_COMMANDS),
    outbound=OUTBOUND,
    internal=INTERNAL,
    schema_path="rooms/schema/room.json",
)
