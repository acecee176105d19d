"""The chat's service layer: the only code that writes rooms, memberships and messages or
emits their events."""

from rooms.chat.services.messages import Posted, mark_read, post_message
from rooms.chat.services.rooms import (
    add_member,
    create_room,
    join_room,
    remove_member,
    set_room_state,
    update_room,
)
from rooms.chat.services.typing import announce_typing

__all__ = [
    "Posted",
    "add_member",
    "announce_typing",
    "create_room",
    "join_room",
    "mark_read",
    "post_message",
    "remove_member",
    "set_room_state",
    "update_room",
]
