"""Reads for moderation in rooms: which rooms a person moderates, and what reports are about."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from rooms.chat.selectors import online_by_room
from rooms.models import Membership, Message, Room
from rooms.permissions import private_rooms
from salam.core.types import AnyUser
from salam.people.permissions import is_global_moderator

CONTEXT_AROUND = 2


def moderated_rooms(user: AnyUser) -> QuerySet[Room]:
    """The rooms a person moderates: those they are a moderator of, and for a global
    moderator every room but the private ones (which they reach only through a report)."""
    if not (user.is_authenticated and user.is_active):
        return Room.objects.none()
    mine = Q(
        pk__in=Membership.objects.filter(
            user=user, role=Membership.Role.MODERATOR, banned=False
        ).values("room_id")
    )
    if is_global_moderator(user):
        return Room.objects.filter(~private_rooms() | mine)
    return Room.objects.filter(mine)


def rooms_by_id(ids: set[int]) -> dict[int, Room]:
    return Room.objects.in_bulk(list(ids))


def messages_with_context(ids: list[int]) -> dict[int, tuple[Message, list[Message]]]:
    """Each message by id, with the messages around it (CONTEXT_AROUND on each side)."""
    messages = Message.objects.select_related("author__profile", "room").in_bulk(ids)
    wanted = Q(pk__in=[])
    for message in messages.values():
        wanted |= Q(
            room_id=message.room_id,
            seq__gte=message.seq - CONTEXT_AROUND,
            seq__lte=message.seq + CONTEXT_AROUND,
        )
    around: dict[int, list[Message]] = {}
    for other in Message.objects.filter(wanted).select_related("author").order_by("seq"):
        around.setdefault(other.room_id, []).append(other)
    return {
        pk: (
            message,
            [
                m
                for m in around.get(message.room_id, [])
                if abs(m.seq - message.seq) <= CONTEXT_AROUND
            ],
        )
        for pk, message in messages.items()
    }


def rooms_with_online(user: AnyUser, *, now: dt.datetime) -> list[dict]:
    rooms = list(moderated_rooms(user).order_by("title")[:200])
    online = online_by_room(rooms, now=now)
    return [{"room": room, "online": online.get(room.pk, [])} for room in rooms]
