"""Room events: group names and the exact event shapes of the protocol (rooms/PROTOCOL.md).

The send itself is salam.core.realtime's; rooms services call `broadcast_on_commit` from here.
"""

from __future__ import annotations

from salam.core.realtime import broadcast_on_commit, send_async, session_ended_event, user_group

__all__ = [
    "broadcast_on_commit",
    "message_deleted_event",
    "presence_event",
    "room_group",
    "send_async",
    "session_ended_event",
    "typing_event",
    "user_group",
]


def room_group(room_id: int) -> str:
    return f"room.{room_id}"


def presence_event(online: list[str]) -> dict:
    return {"type": "presence", "online": online}


def typing_event(username: str) -> dict:
    return {"type": "typing", "username": username}


def message_deleted_event(seq: int) -> dict:
    return {"type": "message.deleted", "seq": seq}
