"""Changes to sent messages: an author's edits and deletions (and the deletion record that a
moderator's deletion shares), each numbered in the room's changes (`MessageChange`) under the
room's row lock, and announced after commit."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rooms import limits, realtime
from rooms.chat import frames
from rooms.chat.payloads import author_payload
from rooms.chat.send_facts import read_terms
from rooms.chat.services.messages import check_text, muted_error
from rooms.errors import Forbidden, NotFound, RoomError
from rooms.models import Membership, Message, MessageChange, Reaction, Room
from rooms.moderation.reports import report_filtered
from rooms.permissions import decide_access
from salam.core.frames import to_event
from salam.core.types import Person
from salam.moderation.models import BlockedTerm
from salam.moderation.wordfilter import matching_terms


def take_next_change(room_id: int) -> tuple[int, str]:
    """The room's next change number, taking the room's row lock until the transaction ends
    (as a send's seq does), so changes are numbered without gaps and commit in order; returns
    it with the room's state under the lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rooms_room SET last_change = last_change + 1 WHERE id = %s "
            "RETURNING last_change, state",
            [room_id],
        )
        change, state = cursor.fetchone()
    return change, state


def record_change(
    message: Message, kind: str, *, actor: Person, at: dt.datetime, previous_body: str = ""
) -> tuple[int, str]:
    """Number a change to `message` in its room's changes (taking the room's row lock) and
    record it; returns the change number and the room's state under the lock."""
    change, state = take_next_change(message.room_id)
    MessageChange.objects.create(
        room_id=message.room_id,
        change=change,
        message=message,
        kind=kind,
        actor=actor,
        previous_body=previous_body,
        at=at,
    )
    return change, state


def locked_message(room: Room, seq: object) -> Message:
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise RoomError(_("seq must be a whole number."), code="invalid")
    # FOR NO KEY UPDATE: an edit or deletion changes no key, so a reaction, a change record
    # or a reply inserted meanwhile (each takes FOR KEY SHARE on this row, under the room's
    # lock) does not wait for it; with FOR UPDATE the two waited for each other (room row,
    # then message; message, then room row) until PostgreSQL broke the deadlock.
    message = (
        Message.objects.select_for_update(of=("self",), no_key=True)
        .select_related("author__profile")
        .filter(room=room, seq=seq)
        .first()
    )
    if message is None:
        raise NotFound(_("No message with this number."))
    return message


def _own(message: Message, actor: Person) -> None:
    if message.author_id != actor.pk:
        raise Forbidden(_("You may change only your own messages."))
    if message.deleted_at is not None:
        raise Forbidden(_("This message was deleted."))


def _check_may_write(room: Room, actor: Person, *, now: dt.datetime) -> bool:
    """Refuse what a send would refuse (not allowed, archived, locked, muted); returns
    whether the actor moderates the room."""
    membership = Membership.objects.filter(room=room, user=actor).first()
    access = decide_access(actor, room, membership)
    if not access.may_enter:
        raise Forbidden(_("You may not write in this room."))
    if room.state == Room.State.ARCHIVED:
        raise RoomError(_("This room is archived and read-only."), code="forbidden")
    if access.is_moderator:
        return True
    if room.state == Room.State.LOCKED:
        raise RoomError(_("The room is locked; only moderators may write."), code="locked")
    if membership is not None and membership.muted_until and membership.muted_until > now:
        raise muted_error(membership.muted_until)
    return False


@transaction.atomic
def edit_message(
    room: Room, *, actor: Person, seq: int, body: str, now: dt.datetime | None = None
) -> Message:
    """The author replaces the body of their message, within ROOMS_EDIT_WINDOW_SECONDS of
    sending it; the body replaced is kept (the history moderators may read). Refused like a
    send (`empty`, `too_long`, `blocked_term`, `locked`, `muted`) or `forbidden` (not theirs,
    deleted, too late). Emits `message.edited` after commit; an unchanged body changes nothing."""
    check_text(body)
    now = now or timezone.now()
    room = Room.objects.get(pk=room.pk)
    is_moderator = _check_may_write(room, actor, now=now)
    message = locked_message(room, seq)
    _own(message, actor)
    if now - message.sent_at > limits.edit_window():
        minutes = int(limits.edit_window().total_seconds() // 60)
        raise Forbidden(
            _("A message can be edited for %(minutes)d minutes after it is sent.")
            % {"minutes": minutes}
        )
    if body == message.body:
        return message
    matches = [] if is_moderator else matching_terms(body, read_terms(room.pk))
    if any(term.mode == BlockedTerm.Mode.REFUSE for term in matches):
        raise RoomError(_("This message contains a blocked term."), code="blocked_term")
    change, state = record_change(
        message, MessageChange.Kind.EDIT, actor=actor, at=now, previous_body=message.body
    )
    if state == Room.State.LOCKED and not is_moderator:  # locked while we checked
        raise RoomError(_("The room is locked; only moderators may write."), code="locked")
    message.body, message.edited_at = body, now
    message.save(update_fields=["body", "edited_at"])
    if matches:
        report_filtered(room, message, terms=[term.text for term in matches])
    realtime.broadcast_on_commit(realtime.room_group(room.pk), edited_event(message, change=change))
    return message


def edited_event(message: Message, *, change: int) -> dict:
    return to_event(
        frames.MessageEdited(
            seq=message.seq,
            change=change,
            author=frames.Person(**author_payload(message.author)),
            body=message.body,
            edited_at=message.edited_at.isoformat() if message.edited_at else "",
        )
    )


def record_deletion(message: Message, *, actor: Person, now: dt.datetime) -> int:
    """Mark the (locked) message deleted, take its reactions away and number the deletion in
    the room's changes; emits `message.deleted` after commit. For the author's deletion and a
    moderator's alike. Returns the change number."""
    change, _state = record_change(message, MessageChange.Kind.DELETE, actor=actor, at=now)
    message.deleted_at = now
    message.save(update_fields=["deleted_at"])
    Reaction.objects.filter(message=message).delete()
    realtime.broadcast_on_commit(
        realtime.room_group(message.room_id),
        to_event(frames.MessageDeleted(seq=message.seq, change=change)),
    )
    return change


@transaction.atomic
def delete_own_message(
    room: Room, *, actor: Person, seq: int, now: dt.datetime | None = None
) -> Message:
    """The author deletes their message: a tombstone for everyone, its body kept for the
    moderators (as after a moderator's deletion). Deleting it again changes nothing."""
    now = now or timezone.now()
    room = Room.objects.get(pk=room.pk)
    membership = Membership.objects.filter(room=room, user=actor).first()
    if not decide_access(actor, room, membership).may_enter:
        raise Forbidden(_("You may not write in this room."))
    if room.state == Room.State.ARCHIVED:
        raise RoomError(_("This room is archived and read-only."), code="forbidden")
    message = locked_message(room, seq)
    if message.author_id != actor.pk:
        raise Forbidden(_("You may change only your own messages."))
    if message.deleted_at is None:
        record_deletion(message, actor=actor, now=now)
    return message
