"""Room events: group names and the events of the protocol (rooms/PROTOCOL.md), built from
their definitions in rooms/chat/frames.py.

The send itself is salam.core.realtime's; rooms services call `broadcast_on_commit` from here.
"""

from __future__ import annotations

from rooms.chat import frames
from salam.core.frames import to_event
from salam.core.realtime import broadcast_on_commit, send_async, user_group

__all__ = [
    "broadcast_on_commit",
    "message_deleted_event",
    "presence_event",
    "room_group",
    "send_async",
    "typing_event",
    "user_group",
]


def room_group(room_id: int) -> str:
    return f"room.{room_id}"


def presence_event(online: list[str], people: list[dict[str, str]] | None = None) -> dict:
    return to_event(
        frames.Presence(online=online, people=[frames.Person(**p) for p in people or []])
    )


def typing_event(username: str, display_name: str = "") -> dict:
    return to_event(frames.Typing(username=username, display_name=display_name))


def message_deleted_event(seq: int) -> dict:
    return to_event(frames.MessageDeleted(seq=seq))
