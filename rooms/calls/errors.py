"""The call's refusals, each with the stable code of rooms/PROTOCOL.md."""

from __future__ import annotations

from rooms.errors import RoomError


class CallUnavailable(RoomError):
    code = "call_unavailable"


class CallFull(RoomError):
    code = "call_full"


class NotInCall(RoomError):
    code = "not_in_call"


class RateLimited(RoomError):
    code = "rate_limited"
