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
        **conversation_strings(),
    }


def conversation_strings() -> dict[str, str]:
    """The strings of the conversation's tools: the connection, refusals, dates, the message
    menu, replies, reactions, and the moderators' dialogs (`%(name)s` is filled in by the
    page)."""
    return {
        "offline": _("Offline: your messages will be sent when you are back."),
        "waiting": _("waiting"),
        "retry": _("Retry"),
        "edit": _("Edit"),
        "edited": _("edited"),
        "editing": _("Editing your message"),
        "cancel": _("Cancel"),
        "close": _("Close"),
        "today": _("Today"),
        "yesterday": _("Yesterday"),
        "mutedUntil": _("You are muted until %(time)s (%(relative)s)."),
        "lockedReason": _("This room is locked by a moderator."),
        "archivedReason": _("This room is archived: it can be read, not written in."),
        "reasonIs": _("Reason: %s"),
        "reasonLabel": _("Reason (optional)"),
        "actionsFor": _("Actions for the message of %(name)s, %(time)s"),
        "reply": _("Reply"),
        "replyTo": _("Answers %(name)s: go to that message"),
        "replyingTo": _("Replying to %(name)s"),
        "goToOriginal": _("Go to the message answered"),
        "react": _("React"),
        "reactWith": _("React with %s"),
        "unreactWith": _("Take back %s"),
        "reactedWith": _("%(emoji)s %(count)s: %(names)s"),
        "history": _("Edit history"),
        "deleteOwnTitle": _("Delete your message? Everyone will see that it was deleted."),
        "deleteTitle": _("Delete the message of %(name)s?"),
        "reportTitle": _("Report the message of %(name)s to the moderators?"),
        "mute": _("Mute"),
        "kick": _("Kick"),
        "ban": _("Ban"),
        "muteAuthor": _("Mute %s"),
        "kickAuthor": _("Kick %s"),
        "banAuthor": _("Ban %s"),
        "muteTitle": _("Mute %(name)s in %(room)s?"),
        "kickTitle": _("Kick %(name)s out of %(room)s? They may come back."),
        "banTitle": _("Ban %(name)s from %(room)s? They cannot come back until unbanned."),
        "didMute": _("%(name)s muted for %(duration)s."),
        "didUnmute": _("%(name)s may write again."),
        "didKick": _("%(name)s was removed from %(room)s."),
        "didBan": _("%(name)s is banned from %(room)s."),
        "didUnban": _("%(name)s is no longer banned."),
        "didDelete": _("The message was deleted."),
        "didPin": _("The message is pinned."),
        "done": _("Done."),
        "newMessages": _("%s new messages ↓"),
    }
