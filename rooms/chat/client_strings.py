"""The room page's JavaScript strings, translated on the server and handed over as JSON."""

from __future__ import annotations

from django.utils.translation import gettext as _

from salam.core.close_codes import too_many_sockets


def room_client_strings() -> dict[str, str]:
    return {
        "connecting": _("Connecting…"),
        "connected": _("Connected"),
        "reconnecting": _("Connection lost; reconnecting…"),
        "signedOut": _("You are signed out. Sign in again to take part."),
        "forbidden": _("You may not enter this room."),
        "notFound": _("This room does not exist."),
        "tooManySockets": too_many_sockets(),
        "sending": _("sending…"),
        "failed": _("not sent"),
        "deleted": _("This message was deleted."),
        "typingOne": _("%s is typing…"),
        "typingMany": _("Several people are typing…"),
        "unread": _("New messages"),
        "kicked": _("A moderator removed you from this room."),
        "banned": _("A moderator banned you from this room."),
        "muted": _("A moderator muted you until %s."),
        "unmuted": _("You may write again."),
        "open": _("Open"),
        "locked": _("Locked"),
        "archived": _("Archived (read-only)"),
        "slowMode": _("Slow mode: one message every %s seconds."),
        "pinned": _("Pinned"),
        "report": _("Report"),
        "block": _("Block"),
        "blockConfirm": _("Stop seeing messages from %s, in every room?"),
        "reportReason": _("Why are you reporting this message?"),
        "reported": _("Thank you: the moderators will look at it."),
        "delete": _("Delete"),
        "pin": _("Pin"),
        "deleteReason": _("Reason for deleting (kept in the audit log):"),
    }
