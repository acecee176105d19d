"""The rooms service layer: the only code that writes rooms data or emits room events."""

from rooms.services.messages import Posted, mark_read, post_message
from rooms.services.reports import flag_content
from rooms.services.rooms import add_member, create_room, join_room, set_room_state, update_room

__all__ = [
    "Posted",
    "add_member",
    "create_room",
    "flag_content",
    "join_room",
    "mark_read",
    "post_message",
    "set_room_state",
    "update_room",
]
