"""Rooms and messages as the protocol sends them, built from rooms.chat.frames."""

from __future__ import annotations

from rooms.chat import frames
from rooms.models import Message, Room
from salam.core.frames import to_event
from salam.people.names import name_of


def author_payload(user) -> dict:
    return {"username": user.get_username(), "display_name": name_of(user)}


def message_payload(message: Message, *, show_deleted_body: bool = False) -> dict:
    """One message; a deleted one loses its body unless the viewer moderates."""
    deleted = message.deleted_at is not None
    return to_event(
        frames.Message(
            seq=message.seq,
            author=frames.Person(**author_payload(message.author)),
            body="" if deleted and not show_deleted_body else message.body,
            sent_at=message.sent_at.isoformat(),
            client_id=message.client_id,
            deleted=deleted,
        )
    )


def hidden_message_payload(seq: int) -> dict:
    """A message of someone the viewer blocked: only its seq, so that no seq goes missing."""
    return to_event(frames.Message(seq=seq, hidden=True))


def room_info(room: Room) -> frames.RoomInfo:
    return frames.RoomInfo(
        slug=room.slug,
        title=room.title,
        topic=room.topic,
        language=room.language,
        kind=room.kind,
        visibility=room.visibility,
        state=room.state,
        slow_mode_seconds=room.slow_mode_seconds,
        pinned_seq=room.pinned_seq,
    )


def room_state_payload(room: Room) -> dict:
    return to_event(
        frames.RoomUpdated(
            state=room.state, slow_mode_seconds=room.slow_mode_seconds, pinned_seq=room.pinned_seq
        )
    )
