"""Reports about what happens in rooms, filed into salam.moderation's queue.

A room is the place "room:<id>" to moderation; a reported message is the kind "message"
(object: the message's id), a person reported from pairing feedback the kind "member"
(object: the room they met in). rooms/moderation/reported.py tells moderation how to show them.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from rooms.consoles import console_for
from rooms.errors import Invalid, NotFound
from rooms.models import Message, Room
from salam.core.types import Person
from salam.moderation import services as moderation
from salam.moderation.models import Report

MESSAGE = "message"
MEMBER = "member"


def room_context(room_id: int) -> str:
    return f"room:{room_id}"


def room_id_of(context: str) -> int | None:
    prefix, _sep, value = context.partition(":")
    return int(value) if prefix == "room" and value.isdigit() else None


def _file(room: Room, **report: Any) -> Report:
    return moderation.file_report(context=room_context(room.pk), context_label=room.slug, **report)


def console_details(room: Room) -> dict[str, object]:
    """The moment in the room's console (a cohort session's phase) a message report records,
    under the key "console"; {} in a room no console runs."""
    console = console_for(room)
    if console is None:
        return {}
    return {"console": console.report_details(room, now=timezone.now())}


def report_message(room: Room, *, reporter: Person, seq: object, reason: object) -> Report:
    """A participant reports a message they can see; reporting it again returns the report."""
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise Invalid(_("seq must be a whole number."))
    if not isinstance(reason, str) or not reason.strip():
        raise Invalid(_("Say why you report this message."))
    message = Message.objects.filter(room=room, seq=seq).first()
    if message is None:
        raise NotFound(_("No message with this number."))
    return _file(
        room,
        kind=MESSAGE,
        object_id=message.pk,
        reporter=reporter,
        subject=message.author,
        reason=reason.strip(),
        excerpt=message.body,
        once_ever=True,
        details=console_details(room),
    )


def report_filtered(room: Room, message: Message, *, terms: list[str]) -> Report:
    """The word filter let a message through with terms that file a report."""
    return _file(
        room,
        kind=MESSAGE,
        object_id=message.pk,
        reporter=None,
        subject=message.author,
        reason=", ".join(terms),
        excerpt=message.body[:500],
        source=Report.Source.FILTER,
        details=console_details(room),
    )


def report_member(
    room: Room,
    *,
    reporter: Person,
    subject: Person | None,
    reason: str,
    excerpt: str,
) -> Report:
    """Someone reports a person they met in this room (pairing feedback); the object is
    the room (one open report per person and room)."""
    return _file(
        room,
        kind=MEMBER,
        object_id=room.pk,
        reporter=reporter,
        subject=subject,
        reason=reason.strip(),
        excerpt=excerpt,
        source=Report.Source.FEEDBACK,
    )
