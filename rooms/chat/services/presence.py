"""Presence: one row per open connection, refreshed by its process, swept when stale.

Kept in the database, not process memory, so every process sees the same people online; a
crashed process stops refreshing its rows and they are swept within limits.presence_ttl().
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from rooms import limits, realtime
from rooms.chat.selectors import online_people
from rooms.errors import RoomError
from rooms.models import Presence, Room
from salam.core.types import Person


class TooManySockets(RoomError):
    code = "too_many_sockets"


def sockets_per_person_per_room() -> int:
    return getattr(settings, "ROOMS_MAX_SOCKETS_PER_PERSON_PER_ROOM", 5)


def _announce(room_id: int, now: dt.datetime) -> list[str]:
    people = online_people(room_id, now=now)
    online = [person["username"] for person in people]
    realtime.broadcast_on_commit(
        realtime.room_group(room_id), realtime.presence_event(online, people)
    )
    return online


@transaction.atomic
def arrive(
    room: Room, *, actor: Person, connection: str, server: str, now: dt.datetime
) -> list[str]:
    """Record the connection and announce who is online; returns that list.

    Raises TooManySockets, recording nothing, when the person already holds
    `ROOMS_MAX_SOCKETS_PER_PERSON_PER_ROOM` live connections in this room, in any process.
    Their rows are counted holding the lock on the person's row (SQLite: the write lock every
    transaction takes), so two processes admitting sockets of one person at once count one
    after the other. The lock is `FOR NO KEY UPDATE`, which the foreign-key checks of the
    person's sends (`FOR KEY SHARE`) do not wait for.
    """
    people = get_user_model().objects.select_for_update(no_key=True)
    list(people.filter(pk=actor.pk).values_list("pk", flat=True))
    live = Presence.objects.filter(
        room=room, user_id=actor.pk, seen_at__gte=now - limits.presence_ttl()
    )
    limit = sockets_per_person_per_room()
    if live.count() >= limit:
        raise TooManySockets(
            _("You have this room open %(count)d times already: close one first.")
            % {"count": limit}
        )
    Presence.objects.create(
        room=room, user=actor, connection=connection, server=server, seen_at=now
    )
    return _announce(room.pk, now)


@transaction.atomic
def leave(*, connection: str, now: dt.datetime) -> list[str] | None:
    row = Presence.objects.filter(connection=connection).first()
    if row is None:
        return None
    row.delete()
    return _announce(row.room_id, now)


@transaction.atomic
def heartbeat(*, server: str, now: dt.datetime) -> int:
    """Refresh every connection this process holds; returns how many."""
    return Presence.objects.filter(server=server).update(seen_at=now)


@transaction.atomic
def sweep(*, now: dt.datetime) -> list[int]:
    """Drop connections whose process stopped refreshing them; announce the rooms affected."""
    stale = Presence.objects.filter(seen_at__lt=now - limits.presence_ttl())
    room_ids = sorted(set(stale.values_list("room_id", flat=True)))
    if room_ids:
        stale.delete()
        for room_id in room_ids:
            _announce(room_id, now)
    return room_ids


def keep_alive(server: str, now: dt.datetime) -> None:
    """The hub's keep-alive work: refresh this process's connections, sweep dead processes'."""
    heartbeat(server=server, now=now)
    sweep(now=now)
