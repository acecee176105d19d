"""The rooms service layer: the only code that writes rooms data or emits room events."""

from rooms.services.messages import Posted, mark_read, post_message
from rooms.services.moderation import (
    assign_moderator,
    ban_member,
    delete_message,
    kick_member,
    mute_member,
    set_locked,
    set_pinned,
    set_slow_mode,
    unban_member,
    unmute_member,
)
from rooms.services.pairing import (
    ask_new_partner,
    cancel_pairing,
    create_round,
    expire_requests,
    leave_feedback,
    request_pairing,
    run_due_rounds,
    run_round,
    sign_up,
    withdraw,
)
from rooms.services.reports import flag_content, report_message, resolve_report
from rooms.services.rooms import (
    add_member,
    create_room,
    join_room,
    remove_member,
    set_room_state,
    update_room,
)
from rooms.services.safety import (
    add_blocked_term,
    block_person,
    remove_blocked_term,
    unblock_person,
)
from rooms.services.typing import announce_typing

__all__ = [
    "Posted",
    "add_blocked_term",
    "add_member",
    "announce_typing",
    "ask_new_partner",
    "assign_moderator",
    "ban_member",
    "block_person",
    "cancel_pairing",
    "create_room",
    "create_round",
    "delete_message",
    "expire_requests",
    "flag_content",
    "join_room",
    "kick_member",
    "leave_feedback",
    "mark_read",
    "mute_member",
    "post_message",
    "remove_blocked_term",
    "remove_member",
    "report_message",
    "request_pairing",
    "resolve_report",
    "run_due_rounds",
    "run_round",
    "set_locked",
    "set_pinned",
    "set_room_state",
    "set_slow_mode",
    "sign_up",
    "unban_member",
    "unblock_person",
    "unmute_member",
    "update_room",
    "withdraw",
]
