"""The call's events, built from rooms/calls/frames.py, and where they go: `call.state` to the
room's group, everything personal wrapped in `call.relay` to the one socket in the call."""

from __future__ import annotations

from rooms.calls import frames
from rooms.realtime import room_group, user_group
from salam.core.frames import Frame, to_event


def state_event(participants: list[frames.CallParticipant], *, removed: str | None = None) -> dict:
    frame = frames.CallState(participants=participants)
    if removed is not None:
        frame.removed = removed
    return to_event(frame)


def relay_event(*, room: str, connection: str, frame: Frame) -> dict:
    return to_event(frames.CallRelay(room=room, connection=connection, frame=to_event(frame)))


__all__ = ["relay_event", "room_group", "state_event", "user_group"]
