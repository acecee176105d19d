"""Reactions: a member's emoji on a message, once per person per emoji, rate-limited, gone
with the message's deletion. Each change is numbered in the room's changes and announced
after commit as the message's whole `reactions`."""

from __future__ import annotations

import datetime as dt
import math

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rooms import limits, realtime
from rooms.chat import frames
from rooms.chat.selectors import reaction_counts
from rooms.chat.services.changes import record_change
from rooms.chat.services.messages import muted_error
from rooms.errors import Forbidden, Invalid, NotFound, RoomError
from rooms.models import Membership, Message, MessageChange, Reaction, Room
from rooms.permissions import decide_access
from salam.core.frames import to_event
from salam.core.types import Person

RATE_WINDOW = dt.timedelta(minutes=1)


def _check_may_react(room: Room, actor: Person, emoji: object, now: dt.datetime) -> None:
    if not isinstance(emoji, str) or emoji not in limits.REACTION_EMOJI:
        raise Invalid(_("Choose one of the room's emoji."))
    membership = Membership.objects.filter(room=room, user=actor).first()
    access = decide_access(actor, room, membership)
    if membership is None or membership.banned or not access.may_enter:
        raise Forbidden(_("Only the room's members react."))
    if room.state == Room.State.ARCHIVED:
        raise RoomError(_("This room is archived and read-only."), code="forbidden")
    if access.is_moderator:
        return
    if room.state == Room.State.LOCKED:
        raise RoomError(_("The room is locked; only moderators may write."), code="locked")
    if membership.muted_until is not None and membership.muted_until > now:
        raise muted_error(membership.muted_until)
    recent = list(
        MessageChange.objects.filter(
            room=room, actor=actor, kind=MessageChange.Kind.REACTIONS, at__gt=now - RATE_WINDOW
        )
        .order_by("-at")
        .values_list("at", flat=True)[: limits.reactions_per_minute()]
    )
    if len(recent) >= limits.reactions_per_minute():
        retry_after = max(1, math.ceil((recent[-1] + RATE_WINDOW - now).total_seconds()))
        raise RoomError(
            _("Slow down: you can react again in %(seconds)d s.") % {"seconds": retry_after},
            code="rate_limited",
            retry_after=retry_after,
        )


def _live_message(room: Room, seq: object) -> Message:
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise Invalid(_("seq must be a whole number."))
    message = Message.objects.filter(room=room, seq=seq, deleted_at__isnull=True).first()
    if message is None:
        raise NotFound(_("No message with this number."))
    return message


def react(
    room: Room,
    *,
    actor: Person,
    seq: int,
    emoji: str,
    add: bool = True,
    now: dt.datetime | None = None,
) -> bool:
    """Add (or, `add` False, take back) the actor's `emoji` on message `seq`; returns whether
    anything changed (adding twice, or taking back what is not there, changes nothing and
    counts for nothing)."""
    now = now or timezone.now()
    try:
        return _react(room, actor=actor, seq=seq, emoji=emoji, add=add, now=now)
    except IntegrityError:  # the same reaction from another tab at the same instant
        return False


@transaction.atomic
def _react(room: Room, *, actor: Person, seq: int, emoji: str, add: bool, now: dt.datetime) -> bool:
    room = Room.objects.get(pk=room.pk)
    _check_may_react(room, actor, emoji, now)
    message = _live_message(room, seq)
    mine = Reaction.objects.filter(message=message, user=actor, emoji=emoji)
    if mine.exists() == add:
        return False
    change, _state = record_change(message, MessageChange.Kind.REACTIONS, actor=actor, at=now)
    if add:
        Reaction.objects.create(message=message, user=actor, emoji=emoji, at=now)
    else:
        mine.delete()
    counts = reaction_counts([message.pk]).get(message.pk, [])
    realtime.broadcast_on_commit(
        realtime.room_group(room.pk),
        to_event(frames.Reactions(seq=message.seq, change=change, reactions=counts)),
    )
    return True
