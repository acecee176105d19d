"""What deciding a send needs to know, read in one round trip.

Sending is the hottest write path: at 50 messages a second the ORM's compiling of five
queries per send cost more server time than writing the message to a hundred sockets, and it
holds the interpreter lock the fan-out needs. So the room, the sender's membership, the
duplicate check and the rate-limit window come from one hand-written statement (portable SQL:
SQLite and PostgreSQL alike), and the blocked terms from a second. That window is read before
the room's row lock, to refuse a flood without queueing it for the lock; the count that decides
is made again by the insert itself, under the lock (`insert_within_limits`). Datetimes are
compared in SQL, with parameters adapted by the backend as the ORM adapts them, so nothing here
depends on how a driver returns them. The model instances returned hold only the fields read
here; any other field loads on first access, as with `QuerySet.only()`.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection

from rooms.models import Membership, Message, Room
from rooms.moderation.reports import room_context
from salam.moderation.models import BlockedTerm
from salam.moderation.wordfilter import Term


def _in_model_order(model, names: set[str]) -> tuple[str, ...]:
    """`Model.from_db` takes a partial row in the order of the model's fields."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


ROOM_FIELDS = _in_model_order(
    Room, {"id", "slug", "kind", "state", "visibility", "slow_mode_seconds"}
)
MEMBERSHIP_FIELDS = _in_model_order(
    Membership, {"id", "room_id", "user_id", "role", "banned", "last_read_seq"}
)


@dataclass(frozen=True)
class SendFacts:
    room: Room
    membership: Membership | None
    muted: bool  # muted_until lies after now
    is_retry: bool  # this author already used this client_id in this room
    recent_count: int  # the author's messages in the rate-limit window, counted up to the limit


@functools.cache
def _sql() -> str:
    room, member, message = (m._meta.db_table for m in (Room, Membership, Message))
    room_columns = ", ".join(f"r.{name}" for name in ROOM_FIELDS)
    member_columns = ", ".join(f"m.{name}" for name in MEMBERSHIP_FIELDS)
    return f"""
        SELECT {room_columns}, {member_columns},
            m.muted_until IS NOT NULL AND m.muted_until > %s,
            EXISTS (SELECT 1 FROM {message} d
                    WHERE d.room_id = %s AND d.author_id = %s AND d.client_id = %s),
            (SELECT COUNT(*) FROM (SELECT 1 FROM {message} w
                    WHERE w.room_id = %s AND w.author_id = %s AND w.sent_at > %s
                    LIMIT %s) recent)
        FROM {room} r LEFT JOIN {member} m ON m.room_id = r.id AND m.user_id = %s
        WHERE r.id = %s
    """  # noqa: S608 table and column names are our models', every value is a parameter


def read_send_facts(
    room_id: int,
    author_id: int,
    client_id: str,
    *,
    now: dt.datetime,
    window_start: dt.datetime,
    limit: int,
) -> SendFacts:
    """Raises Room.DoesNotExist when the room is gone."""
    adapt = connection.ops.adapt_datetimefield_value
    params = [
        adapt(now),
        room_id, author_id, client_id,
        room_id, author_id, adapt(window_start), max(limit, 1),
        author_id, room_id,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_sql(), params)
        row = cursor.fetchone()
    if row is None:
        raise Room.DoesNotExist
    room_values = row[: len(ROOM_FIELDS)]
    member_values = row[len(ROOM_FIELDS) : len(ROOM_FIELDS) + len(MEMBERSHIP_FIELDS)]
    muted, is_retry, recent_count = row[len(ROOM_FIELDS) + len(MEMBERSHIP_FIELDS) :]
    membership = None
    if member_values[0] is not None:
        membership = Membership.from_db(connection.alias, MEMBERSHIP_FIELDS, member_values)
        membership.banned = bool(membership.banned)  # SQLite hands back 0/1 here
    return SendFacts(
        room=Room.from_db(connection.alias, ROOM_FIELDS, room_values),
        membership=membership,
        muted=bool(muted),
        is_retry=bool(is_retry),
        recent_count=recent_count,
    )


@dataclass(frozen=True)
class Limits:
    """What one person may still send in one room, as the insert checks it."""

    window_start: dt.datetime  # the rate limit counts messages sent after this
    limit: int  # ... up to this many
    slow_start: dt.datetime | None  # slow mode: none sent after this (None: slow mode is off)


def _within_rate() -> str:
    """True while the author has fewer than the limit of messages in the window. Parameters:
    room, author, window start, limit, limit."""
    return f"""(SELECT COUNT(*) FROM (SELECT 1 FROM {Message._meta.db_table} w
                WHERE w.room_id = %s AND w.author_id = %s AND w.sent_at > %s LIMIT %s) recent) < %s
    """  # noqa: S608 the table name is our model's, every value is a parameter


def _within_slow_mode() -> str:
    """True while the author sent nothing since the start of the slow-mode window. Parameters:
    room, author, slow-mode start."""
    return f"""NOT EXISTS (SELECT 1 FROM {Message._meta.db_table} s
                WHERE s.room_id = %s AND s.author_id = %s AND s.sent_at > %s)
    """  # noqa: S608 the table name is our model's, every value is a parameter


@functools.cache
def _insert_sql(slow_mode: bool) -> str:
    condition = _within_rate() + (f" AND {_within_slow_mode()}" if slow_mode else "")
    return f"""
        INSERT INTO {Message._meta.db_table}
            (room_id, seq, author_id, body, client_id, sent_at, deleted_at, reply_to_id)
        SELECT %s, %s, %s, %s, %s, %s, NULL, %s WHERE {condition}
        RETURNING id
    """


@functools.cache
def _limits_sql(slow_mode: bool) -> str:
    return f"SELECT {_within_rate()}" + (f", {_within_slow_mode()}" if slow_mode else "")


def _limit_params(room_id: int, author_id: int, limits: Limits) -> list[Any]:
    adapt = connection.ops.adapt_datetimefield_value
    limit = limits.limit
    params = [room_id, author_id, adapt(limits.window_start), max(limit, 1), limit]
    if limits.slow_start is not None:
        params += [room_id, author_id, adapt(limits.slow_start)]
    return params


def insert_within_limits(
    room_id: int, seq: int, *, author_id: int, body: str, client_id: str, now: dt.datetime,
    limits: Limits, reply_to_id: int | None = None,
) -> int | None:  # fmt: skip
    """Insert the message if the author is within the rate limit and slow mode; return its id,
    or None when they are not and nothing was stored.

    The caller holds the room's row lock (it has taken the seq): sends in a room are serialised
    by that lock across processes, so the count this statement makes is exact, and the check
    and the insert are one atomic step per person and room, at no extra round trip. The count
    must not be folded into the locking statement instead (the seq `UPDATE ... RETURNING`, or
    a `SELECT ... FOR UPDATE`): under PostgreSQL's READ COMMITTED a statement reads with the
    snapshot taken when it began, before it waited for the lock, so it would not see the
    message that the sender it waited for has just committed. This statement begins after.
    """
    params: list[Any] = [
        room_id,
        seq,
        author_id,
        body,
        client_id,
        connection.ops.adapt_datetimefield_value(now),
        reply_to_id,
    ]
    params += _limit_params(room_id, author_id, limits)
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(limits.slow_start is not None), params)
        row = cursor.fetchone()
    return None if row is None else row[0]


def read_within_limits(room_id: int, author_id: int, limits: Limits) -> tuple[bool, bool]:
    """(within the rate limit, within slow mode): why `insert_within_limits` stored nothing,
    asked under the same lock."""
    slow_mode = limits.slow_start is not None
    with connection.cursor() as cursor:
        cursor.execute(_limits_sql(slow_mode), _limit_params(room_id, author_id, limits))
        row = cursor.fetchone()
    return bool(row[0]), bool(row[1]) if slow_mode else True


def read_terms(room_id: int) -> list[Term]:
    """The blocked terms that apply in this room: its own and the site-wide ones."""
    sql = f"SELECT id, term, mode FROM {BlockedTerm._meta.db_table} "  # noqa: S608
    sql += "WHERE context = '' OR context = %s ORDER BY id"
    with connection.cursor() as cursor:
        cursor.execute(sql, [room_context(room_id)])
        return [Term(id=pk, text=text, mode=mode) for pk, text, mode in cursor.fetchall()]
