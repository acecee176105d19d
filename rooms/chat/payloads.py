"""Plain-JSON shapes of rooms and messages, as the protocol sends them."""

from __future__ import annotations

from rooms.models import Message, Room


def author_payload(user) -> dict:
    profile = getattr(user, "profile", None)
    display = (profile.display_name if profile else "") or user.get_username()
    return {"username": user.get_username(), "display_name": display}


def message_payload(message: Message, *, show_deleted_body: bool = False) -> dict:
    """One message; a deleted one loses its body unless the viewer moderates."""
    payload = {
        "type": "message",
        "seq": message.seq,
        "author": author_payload(message.author),
        "body": message.body,
        "sent_at": message.sent_at.isoformat(),
        "client_id": message.client_id,
    }
    if message.deleted_at is not None:
        payload["deleted"] = True
        if not show_deleted_body:
            payload["body"] = ""
    return payload


def hidden_message_payload(seq: int) -> dict:
    """A message of someone the viewer blocked: only its seq, so that no seq goes missing."""
    return {"type": "message", "seq": seq, "hidden": True}


def room_payload(room: Room) -> dict:
    return {
        "slug": room.slug,
        "title": room.title,
        "topic": room.topic,
        "language": room.language,
        "kind": room.kind,
        "visibility": room.visibility,
        "state": room.state,
        "slow_mode_seconds": room.slow_mode_seconds,
        "pinned_seq": room.pinned_seq,
    }


def room_state_payload(room: Room) -> dict:
    return {
        "type": "room.updated",
        "state": room.state,
        "slow_mode_seconds": room.slow_mode_seconds,
        "pinned_seq": room.pinned_seq,
    }
