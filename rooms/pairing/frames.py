"""Every frame of the personal socket `/ws/me/`, defined once (rooms/PROTOCOL.md).

What concerns one person wherever they are: pairing, notices, and the events about them
in rooms (muted, kicked, ...), which this socket forwards as they come. rooms/schema/me.json
is generated from these definitions (`manage.py protocol_schema`).
"""

from __future__ import annotations

from rooms.chat.frames import PERSONAL_ROOM_FRAMES, Person
from salam.core.frames import (
    AccessChanged,
    Error,
    Frame,
    Part,
    Request,
    SessionEnded,
    decoder,
    register_socket,
    union,
)
from salam.moderation.frames import BlocksChanged
from salam.notices.frames import Notice

# ---- client to server ---------------------------------------------------------------------


class PairingRequest(Request, tag="pairing.request"):
    """Ask for a partner now: answered `pairing.waiting`, or `paired` when someone is free."""


class PairingCancel(Request, tag="pairing.cancel"):
    """Stop waiting; answered `pairing.cancelled`."""


INBOUND = (PairingRequest, PairingCancel)
inbound_decoder = decoder(union(*INBOUND))

# ---- server to client ---------------------------------------------------------------------


class Me(Part):
    username: str


class PersonalHello(Frame, tag="hello"):
    you: Me


class PairingWaiting(Frame, tag="pairing.waiting"):
    """In the queue: `paired` follows when a partner comes, `pairing.expired` after ten
    minutes without one."""


class PairingCancelled(Frame, tag="pairing.cancelled"):
    pass


class Paired(Frame, tag="paired"):
    """To each person of a new pair or group: their private room and who else is in it."""

    room: str
    partners: list[Person]
    shared_interests: list[str]
    starters: list[str]


class PairingExpired(Frame, tag="pairing.expired"):
    """Nobody was free within ten minutes; the request ended (a notice follows)."""


OUTBOUND = (
    PersonalHello,
    PairingWaiting,
    PairingCancelled,
    Paired,
    PairingExpired,
    Notice,
    *PERSONAL_ROOM_FRAMES,
    BlocksChanged,
    Error,
)

SOCKET = register_socket(
    "me",
    path="/ws/me/",
    description="The person's own socket: pairing, notices, and what concerns them in rooms.",
    inbound=INBOUND,
    outbound=OUTBOUND,
    internal=(SessionEnded, AccessChanged),
    schema_path="rooms/schema/me.json",
)
