"""Reads about rooms. No writes here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from rooms import limits
from rooms.chat.payloads import hidden_message_payload, message_payload
from rooms.models import Membership, Message, Pairing, Presence, Room
from rooms.permissions import RoomAccess, decide_access, private_rooms
from salam.core.types import Person
from salam.moderation.models import Block
from salam.people.permissions import is_global_moderator


def online_usernames(room_id: int, *, now: dt.datetime) -> list[str]:
    return sorted(
        set(
            Presence.objects.filter(
                room_id=room_id, seen_at__gte=now - limits.presence_ttl()
            ).values_list("user__username", flat=True)
        )
    )


def online_by_room(rooms: Sequence[Room], *, now: dt.datetime) -> dict[int, list[str]]:
    """Who is online in each of `rooms`, in one query: room id -> sorted usernames."""
    online: dict[int, set[str]] = {}
    for room_id, username in Presence.objects.filter(
        room__in=rooms, seen_at__gte=now - limits.presence_ttl()
    ).values_list("room_id", "user__username"):
        online.setdefault(room_id, set()).add(username)
    return {room_id: sorted(names) for room_id, names in online.items()}


def room_by_slug(slug: str) -> Room | None:
    return Room.objects.filter(slug=slug).first()


def pairing_of_room(room: Room) -> Pairing | None:
    """The pairing a pair room was opened for (its conversation starters); None elsewhere."""
    return Pairing.objects.filter(room=room).first()


def room_access(slug: str, user: Person) -> RoomAccess | None:
    """Decide what `user` may do in room `slug`; None when there is no such room."""
    room = room_by_slug(slug)
    if room is None:
        return None
    membership = (
        Membership.objects.filter(room=room, user=user).first() if user.is_authenticated else None
    )
    return decide_access(user, room, membership)


def blocked_ids(user: Person) -> set[int]:
    """The people whose messages `user` chose not to see."""
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def blocked_usernames(user: Person) -> set[str]:
    return set(Block.objects.filter(blocker=user).values_list("blocked__username", flat=True))


def _messages(room: Room):
    return Message.objects.filter(room=room).select_related("author__profile")


def _payloads(messages, viewer: Person, *, moderator: bool) -> list[dict]:
    """Messages as the viewer sees them: a blocked author's come as bare `hidden` seqs, so the
    client still knows every seq and its resume point keeps moving."""
    blocked = blocked_ids(viewer)
    return [
        hidden_message_payload(m.seq)
        if m.author_id in blocked
        else message_payload(m, show_deleted_body=moderator)
        for m in messages
    ]


def messages_after(room: Room, viewer: Person, *, after: int, moderator: bool) -> list[dict]:
    """What a resuming client missed: every message with seq > after, at most RESUME_LIMIT.

    Messages deleted since are included (without body) so the client learns of the deletion
    even when it already had the message: deletions at or below `after` come as tombstones.
    """
    rows = list(_messages(room).filter(seq__gt=after)[: limits.RESUME_LIMIT])
    tombstones = list(
        _messages(room)
        .filter(seq__lte=after, deleted_at__isnull=False)
        .order_by("-seq")[: limits.RESUME_LIMIT]
    )
    return _payloads(sorted(tombstones, key=lambda m: m.seq) + rows, viewer, moderator=moderator)


def latest_messages(room: Room, viewer: Person, *, moderator: bool) -> list[dict]:
    rows = list(_messages(room).order_by("-seq")[: limits.LATEST_LIMIT])
    return _payloads(reversed(rows), viewer, moderator=moderator)


def history(
    room: Room, viewer: Person, *, before: int, limit: int, moderator: bool
) -> tuple[list[dict], bool]:
    rows = list(_messages(room).filter(seq__lt=before).order_by("-seq")[: limit + 1])
    has_more = len(rows) > limit
    return _payloads(reversed(rows[:limit]), viewer, moderator=moderator), has_more


def rooms_for(user: Person, *, now: dt.datetime) -> list[dict]:
    """The rooms a person may enter, with unread counts and who is online, in few queries."""
    memberships = Membership.objects.filter(user=user, room=OuterRef("pk"))
    # A private room is listed to its members alone, whatever its visibility or their role.
    public = Q() if is_global_moderator(user) else Q(visibility=Room.Visibility.OPEN)
    visible = (public & ~private_rooms()) | Q(memberships__user=user)
    rooms = list(
        Room.objects.filter(visible)
        .exclude(memberships__user=user, memberships__banned=True)
        .annotate(
            read_seq=Coalesce(Subquery(memberships.values("last_read_seq")[:1]), -1),
        )
        .annotate(member_count=Count("memberships", distinct=True))
        .distinct()
        .order_by("kind", "title")
    )
    online = online_by_room(rooms, now=now)
    return [
        {
            "room": room,
            "is_member": room.read_seq >= 0,
            "unread": max(room.last_seq - room.read_seq, 0) if room.read_seq >= 0 else 0,
            "online": online.get(room.pk, []),
            "member_count": room.member_count,
        }
        for room in rooms
    ]
