"""Posting messages and read positions: the record first, the broadcast after commit."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rooms import consoles, limits, realtime
from rooms.chat.payloads import message_payload
from rooms.chat.send_facts import (
    Limits,
    SendFacts,
    insert_within_limits,
    read_send_facts,
    read_terms,
    read_within_limits,
)
from rooms.chat.services.mentions import notify_mentioned
from rooms.errors import Forbidden, Invalid, RoomError
from rooms.models import Membership, Message, Room
from rooms.moderation.reports import report_filtered
from rooms.permissions import decide_access
from salam.core.types import Person
from salam.moderation.models import BlockedTerm
from salam.moderation.wordfilter import matching_terms


@dataclass(frozen=True)
class Posted:
    message: Message
    created: bool  # False: this client_id was used before and this is the original


def check_body(body: object, client_id: object) -> None:
    if not isinstance(body, str) or not isinstance(client_id, str):
        raise Invalid(_("body and client_id must be strings."))
    if not 1 <= len(client_id) <= 64:
        raise Invalid(_("client_id must have 1 to 64 characters."))
    check_text(body)


def check_text(body: object) -> None:
    """A message's text: not empty, not too long (`empty`, `too_long`)."""
    if not isinstance(body, str):
        raise Invalid(_("body must be a string."))
    if not body.strip():
        raise RoomError(_("The message is empty."), code="empty")
    if len(body) > limits.MAX_BODY_CHARS:
        raise RoomError(
            _("A message has at most %(limit)d characters.") % {"limit": limits.MAX_BODY_CHARS},
            code="too_long",
        )


def _check_may_post(
    facts: SendFacts, author, now: dt.datetime, *, rate_limit: tuple[int, int]
) -> bool:
    """Raise the refusal that applies; return whether the author moderates this room."""
    room, membership = facts.room, facts.membership
    access = decide_access(author, room, membership)
    if not access.may_enter:
        raise Forbidden(_("You may not write in this room."))
    _check_state(room.state, is_moderator=access.is_moderator)
    if access.is_moderator:
        return True
    if facts.muted and membership is not None and membership.muted_until is not None:
        # (muted implies both: the membership's muted_until lies after now)
        raise muted_error(membership.muted_until)
    console = consoles.console_for(room)
    if console is not None:  # a facilitated session: the turn, a reflection, the agreements
        console.check_may_post(room, author, now=now)
    # Early, before the lock, so that a flood need not queue for it; the insert counts again.
    _check_rate(facts.recent_count, rate_limit, room_id=room.pk, author=author, now=now)
    return False


def muted_error(until: dt.datetime) -> RoomError:
    """The refusal of a muted person: `until` in the error, for the client to say in the
    reader's own time and language."""
    return RoomError(
        _("You are muted until %(until)s.") % {"until": until.strftime("%H:%M UTC")},
        code="muted",
        until=until.isoformat(),
    )


def _seconds_until(moment: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def _check_rate(
    recent_count: int, rate_limit: tuple[int, int], *, room_id: int, author, now: dt.datetime
) -> None:
    count, seconds = rate_limit
    if recent_count >= count:
        # Refused: when the oldest message that counts leaves the window (read only here).
        window = Message.objects.filter(
            room_id=room_id, author=author, sent_at__gt=now - dt.timedelta(seconds=seconds)
        )
        times = list(window.order_by("-sent_at").values_list("sent_at", flat=True)[:count])
        free_at = (times[-1] if times else now) + dt.timedelta(seconds=seconds)
        retry_after = _seconds_until(free_at, now)
        raise RoomError(
            _("Slow down: you can send again in %(seconds)d s.") % {"seconds": retry_after},
            code="rate_limited",
            retry_after=retry_after,
        )


def _insert(
    room: Room,
    seq: int,
    *,
    author,
    body: str,
    client_id: str,
    now: dt.datetime,
    rate_limit: tuple[int, int] | None,
    slow_mode_seconds: int,
    reply_to: Message | None = None,
) -> Message:
    """Insert the message; for who is limited (rate_limit given), only within the rate limit
    and slow mode, counted by the insert itself under the room's row lock, so the count is
    exact however many sockets of one person send at once. The caller holds the lock."""
    message = Message(
        room=room,
        seq=seq,
        author=author,
        body=body,
        client_id=client_id,
        sent_at=now,
        reply_to=reply_to,
    )
    if rate_limit is None:
        message.save(force_insert=True)
        return message
    count, seconds = rate_limit
    within = Limits(
        window_start=now - dt.timedelta(seconds=seconds),
        limit=count,
        slow_start=now - dt.timedelta(seconds=slow_mode_seconds) if slow_mode_seconds else None,
    )
    pk = insert_within_limits(
        room.pk,
        seq,
        author_id=author.pk,
        body=body,
        client_id=client_id,
        now=now,
        limits=within,
        reply_to_id=reply_to.pk if reply_to is not None else None,
    )
    if pk is None:  # refused: say why (asked under the same lock); the seq rolls back
        within_rate, _within_slow_mode = read_within_limits(room.pk, author.pk, within)
        _check_rate(
            0 if within_rate else count, rate_limit, room_id=room.pk, author=author, now=now
        )
        last = (
            Message.objects.filter(room_id=room.pk, author=author)
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        retry_after = _seconds_until((last or now) + dt.timedelta(seconds=slow_mode_seconds), now)
        raise RoomError(
            _("Slow mode: one message every %(seconds)d seconds.") % {"seconds": slow_mode_seconds},
            code="slow_mode",
            retry_after=retry_after,
        )
    message.pk = pk
    message._state.adding, message._state.db = False, connection.alias
    return message


def _check_state(state: str, *, is_moderator: bool) -> None:
    if state == Room.State.ARCHIVED:
        raise RoomError(_("This room is archived and read-only."), code="forbidden")
    if state == Room.State.LOCKED and not is_moderator:
        raise RoomError(_("The room is locked; only moderators may write."), code="locked")


def _take_next_seq(room_id: int) -> tuple[int, str, int]:
    """Hand out the room's next seq, in one statement that also takes the row lock until the
    transaction ends, so seq is gapless across processes; returns it with the room's state and
    slow mode as they are under the lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rooms_room SET last_seq = last_seq + 1 WHERE id = %s "
            "RETURNING last_seq, state, slow_mode_seconds",
            [room_id],
        )
        seq, state, slow_mode_seconds = cursor.fetchone()
    return seq, state, slow_mode_seconds


def _advance_read_position(membership_id: int, seq: int) -> None:
    """The sender has read up to their own message (raw SQL: this runs on every send)."""
    table = Membership._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_read_seq = %s WHERE id = %s AND last_read_seq < %s",  # noqa: S608
            [seq, membership_id, seq],
        )


def _original(room_id: int, author, client_id: str) -> Message | None:
    same = Message.objects.filter(room_id=room_id, author=author, client_id=client_id)
    return same.select_related("author__profile").first()


def post_message(
    room: Room,
    *,
    author: Person,
    body: str,
    client_id: str,
    now: dt.datetime | None = None,
    reply_to: int | None = None,
) -> Posted:
    """Store a message with the room's next seq, then broadcast it after commit.

    The checks run first, outside the room's row lock; the lock is held to take the seq, count
    the author's recent messages (the rate limit and slow mode: exact, since the lock
    serialises the room's sends across processes), insert and commit; a refusal there rolls
    the seq back. A client_id this author already used in this room returns the original
    message and stores nothing (a unique constraint backs it when two sends race). Every
    refusal raises a RoomError and stores nothing. `reply_to`: the seq of the message this
    one answers (`not_found` when there is none, or it is deleted). Members named as
    `@username` get a notice.
    """
    check_body(body, client_id)
    now = now or timezone.now()
    try:
        return _post(
            room, author=author, body=body, client_id=client_id, now=now, reply_to=reply_to
        )
    except IntegrityError:
        original = _original(room.pk, author, client_id)
        if original is None:
            raise
        return Posted(message=original, created=False)


@transaction.atomic
def _post(
    room: Room,
    *,
    author: Person,
    body: str,
    client_id: str,
    now: dt.datetime,
    reply_to: int | None = None,
) -> Posted:
    rate_limit = count, seconds = limits.rate_limit()
    facts = read_send_facts(
        room.pk,
        author.pk,
        client_id,
        now=now,
        window_start=now - dt.timedelta(seconds=seconds),
        limit=count,
    )
    original = _original(room.pk, author, client_id) if facts.is_retry else None
    if original is not None:
        return Posted(message=original, created=False)
    room, membership = facts.room, facts.membership
    is_moderator = _check_may_post(facts, author, now, rate_limit=rate_limit)
    matches = [] if is_moderator else matching_terms(body, read_terms(room.pk))
    if any(term.mode == BlockedTerm.Mode.REFUSE for term in matches):
        raise RoomError(_("This message contains a blocked term."), code="blocked_term")
    original = _replied_to(room.pk, reply_to) if reply_to is not None else None
    seq, state, slow_mode_seconds = _take_next_seq(room.pk)
    _check_state(state, is_moderator=is_moderator)  # locked while we checked: refuse
    message = _insert(
        room,
        seq,
        author=author,
        body=body,
        client_id=client_id,
        now=now,
        rate_limit=None if is_moderator else rate_limit,
        slow_mode_seconds=slow_mode_seconds,
        reply_to=original,
    )
    if membership is None:
        Membership.objects.create(room=room, user=author, last_read_seq=seq)
    else:
        _advance_read_position(membership.pk, seq)
    if matches:
        report_filtered(room, message, terms=[term.text for term in matches])
    message.author = author
    if "@" in body:  # the common message names nobody and pays nothing
        notify_mentioned(room, message, author=author)
    realtime.broadcast_on_commit(realtime.room_group(room.pk), message_payload(message))
    return Posted(message=message, created=True)


def _replied_to(room_id: int, seq: object) -> Message:
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise Invalid(_("reply_to must be a message number."))
    original = (
        Message.objects.select_related("author__profile")
        .filter(room_id=room_id, seq=seq, deleted_at__isnull=True)
        .first()
    )
    if original is None:
        raise RoomError(_("The message you answer is not there any more."), code="not_found")
    return original


@transaction.atomic
def mark_read(room: Room, *, actor: Person, seq: int) -> int:
    """Move the actor's read position forward (never back, never past the last message)."""
    membership = Membership.objects.select_for_update().filter(room=room, user=actor).first()
    if membership is None:
        return 0
    seq = min(seq, Room.objects.values_list("last_seq", flat=True).get(pk=room.pk))
    if seq > membership.last_read_seq:
        membership.last_read_seq = seq
        membership.save(update_fields=["last_read_seq"])
    return membership.last_read_seq
