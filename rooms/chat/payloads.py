"""Rooms and messages as the protocol sends them, built from rooms.chat.frames."""

from __future__ import annotations

import msgspec

from rooms.chat import frames
from rooms.models import Message, Room
from salam.core.frames import to_event
from salam.people.names import name_of


def author_payload(user) -> dict:
    return {"username": user.get_username(), "display_name": name_of(user)}


EXCERPT_CHARS = 140


def quote(original: Message, *, show_body: bool = True) -> frames.Quote:
    """The quote of the message a reply answers: its body cut short, or nothing when it is
    deleted or the viewer blocked its author (`show_body` False)."""
    excerpt = original.body if show_body and original.deleted_at is None else ""
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[: EXCERPT_CHARS - 1] + "…"
    return frames.Quote(
        seq=original.seq, author=frames.Person(**author_payload(original.author)), excerpt=excerpt
    )


def message_payload(
    message: Message,
    *,
    show_deleted_body: bool = False,
    reactions: list[frames.ReactionCount] | None = None,
    blocked: frozenset[int] | set[int] = frozenset(),
) -> dict:
    """One message; a deleted one loses its body unless the viewer moderates. `reactions`:
    its reactions as read (a new message has none); `blocked`: the viewer's blocked people,
    whose quoted words are left out of a reply's quote."""
    deleted = message.deleted_at is not None
    original = message.reply_to if message.reply_to_id is not None else None
    return to_event(
        frames.Message(
            seq=message.seq,
            author=frames.Person(**author_payload(message.author)),
            body="" if deleted and not show_deleted_body else message.body,
            sent_at=message.sent_at.isoformat(),
            client_id=message.client_id,
            deleted=deleted,
            edited_at=message.edited_at.isoformat() if message.edited_at else msgspec.UNSET,
            reply_to=msgspec.UNSET
            if original is None
            else quote(original, show_body=original.author_id not in blocked),
            reactions=reactions if reactions and not deleted else msgspec.UNSET,
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


def room_state_payload(room: Room, *, pinned: Message | None = None) -> dict:
    """`room.updated`; `pinned`: the message just pinned, sent whole (its body is everyone's:
    a deleted message cannot be pinned)."""
    return to_event(
        frames.RoomUpdated(
            state=room.state,
            slow_mode_seconds=room.slow_mode_seconds,
            pinned_seq=room.pinned_seq,
            pinned=msgspec.convert(message_payload(pinned), frames.Message)
            if pinned is not None
            else msgspec.UNSET,
        )
    )
