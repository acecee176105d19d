"""The chat's service layer: the only code that writes rooms, memberships and messages or
emits their events."""

from rooms.chat.services.changes import delete_own_message, edit_message
from rooms.chat.services.messages import Posted, mark_read, post_message
from rooms.chat.services.reactions import react
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
    "delete_own_message",
    "edit_message",
    "join_room",
    "mark_read",
    "post_message",
    "react",
    "remove_member",
    "set_room_state",
    "update_room",
]
