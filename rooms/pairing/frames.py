"""Every frame of the personal socket `/ws/me/`, defined once (rooms/PROTOCOL.md).

What concerns one person wherever they are: pairing, notices, and the events about them
in rooms (muted, kicked, ...), which this socket forwards as they come. rooms/schema/me.json
is generated from these definitions (`manage.py protocol_schema`).
"""

from __future__ import annotations

from rooms.chat.frames import PERSONAL_ROOM_FRAMES, Person
from salam.contest.frames import EntryProgress
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
from salam.notices.frames import Notice, NoticesRead

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
    minutes without one.

    Sent again, with `others_paired`, to each person still waiting when others were paired,
    and when the queue of their pool changes. `in_pool`: how many others wait in the same
    pool; `reason`: why none of them is a partner (a matcher reason code: `no_shared_language`,
    `same_university_only`, `needs_mix`, `blocked`, `met_recently`, `no_residency`,
    `odd_one_out`), absent when nobody else waits; `expires_at`: when the request ends (ISO
    8601); `languages`: the languages a partner must share one of (codes)."""

    in_pool: int = 0
    reason: str | None = None
    expires_at: str | None = None
    languages: list[str] = []
    others_paired: bool = False


class PairingCancelled(Frame, tag="pairing.cancelled"):
    pass


class Paired(Frame, tag="paired"):
    """To each person of a new pair or group: their private room and who else is in it."""

    room: str
    partners: list[Person]
    shared_interests: list[str]
    starters: list[str]
    round: int | None = None  # the round this match was made in, absent for instant pairing


class PairingExpired(Frame, tag="pairing.expired"):
    """Nobody was free within ten minutes; the request ended (a notice follows)."""


OUTBOUND = (
    PersonalHello,
    PairingWaiting,
    PairingCancelled,
    Paired,
    PairingExpired,
    Notice,
    NoticesRead,
    *PERSONAL_ROOM_FRAMES,
    BlocksChanged,
    EntryProgress,
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
