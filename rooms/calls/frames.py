"""The call's frames on the room socket (rooms/PROTOCOL.md, "Calls"), defined once.

Registered with the room socket by rooms/chat/frames.py; this module imports nothing of the
chat, so that the chat's frames can take these in."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from salam.core.frames import Frame, Integer, Part, Request

Username = Annotated[str, Meta(min_length=1, max_length=150)]

# ---- client to server ---------------------------------------------------------------------


class CallJoin(Request, tag="call.join"):
    """Join the room's call with the microphone (`audio`) and camera (`video`) on or off;
    answered by `call.joined`, and everyone in the room gets `call.state`."""

    audio: bool
    video: bool


class CallSignal(Request, tag="call.signal"):
    """An SDP offer or answer or an ICE candidate for `to`, relayed to them as it is (an
    object of at most 16 KiB), only while both are in the call."""

    to: Username
    data: dict[str, Any]


class CallMedia(Request, tag="call.media"):
    """The microphone and camera turned on or off; everyone gets `call.state`."""

    audio: bool
    video: bool


class CallLeave(Request, tag="call.leave"):
    """Leave the call (closing the socket does too)."""


class CallModeration(
    msgspec.Struct, tag_field="action", forbid_unknown_fields=True, omit_defaults=True, kw_only=True
):
    """A `moderate` frame acting on a person in the call. Like the chat's moderation actions
    (rooms.chat.frames.ModerationCommand) it accepts the other actions' fields and ignores them."""

    type: Literal["moderate"]
    client_id: str | UnsetType = UNSET
    username: str
    reason: str | None = ""
    kind: str | None = None
    minutes: int | None = None
    seq: Integer | None = None
    seconds: int | None = None


class CallMute(CallModeration, tag="call.mute"):
    """Turn the person's microphone (`audio`) or camera (`video`) off; they may turn it on
    again."""

    kind: Literal["audio", "video"]


class CallRemove(CallModeration, tag="call.remove"):
    """Take the person out of the call: their signalling ends, and every other client closes
    its connection to them."""


INBOUND = (CallJoin, CallSignal, CallMedia, CallLeave)
MODERATION_COMMANDS = (CallMute, CallRemove)

# ---- server to client ---------------------------------------------------------------------


class CallParticipant(Part):
    username: str
    display_name: str
    audio: bool
    video: bool


class IceServer(Part):
    """One entry of RTCPeerConnection's `iceServers`; TURN entries carry credentials minted
    for this join, valid for TURN_TTL seconds."""

    urls: list[str]
    username: str | UnsetType = UNSET
    credential: str | UnsetType = UNSET


class CallInfo(Part):
    """`hello`'s `call`: whether the room has a call, how many it holds, who is in it."""

    available: bool
    max: int
    participants: list[CallParticipant]


class CallJoined(Frame, tag="call.joined"):
    """The answer to `call.join`: the ICE servers to use and who is in the call (the joiner
    included)."""

    ice_servers: list[IceServer]
    participants: list[CallParticipant]


class CallState(Frame, tag="call.state"):
    """Who is in the call, to every member in the room, whenever someone joins, leaves or
    changes their media. `removed`: a moderator took this person out; close the connection
    to them."""

    participants: list[CallParticipant]
    removed: str | UnsetType = UNSET


class CallSignalled(Frame, tag="call.signal"):
    """A signal from `from`, relayed to this person's socket in the call."""

    from_: str = msgspec.field(name="from")
    data: dict[str, Any]


class CallMuted(Frame, tag="call.muted"):
    """To the person a moderator muted in the call: turn `kind` off."""

    room: str
    kind: Literal["audio", "video"]
    reason: str


class CallRemoved(Frame, tag="call.removed"):
    """To the person taken out of the call (by a moderator, or because they joined it from
    another window): the call is over for this socket."""

    room: str
    reason: str


OUTBOUND = (CallJoined, CallState, CallSignalled, CallMuted, CallRemoved)

# ---- events the socket acts on --------------------------------------------------------------


class CallRelay(Frame, tag="call.relay"):
    """Sent on `user.<id>` (never forwarded as it is): `frame` goes to the person's socket
    `connection` in room `room` only, the one in the call."""

    room: str
    connection: str
    frame: dict[str, Any]


INTERNAL = (CallRelay,)
