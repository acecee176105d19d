"""Reading calls: who is in a room's call, as every process sees it (the database is the
record). A member counts while the presence row of the socket they joined from is live and
their membership stands (a ban takes them out at once, before their socket closes)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from rooms import limits
from rooms.calls import frames, rules
from rooms.calls.models import CallMember
from rooms.models import Membership, Presence, Room
from salam.people.names import name_of


def mesh_max() -> int:
    return getattr(settings, "CALL_MESH_MAX", 4)


def live_members(room_id: int, *, now: dt.datetime) -> QuerySet[CallMember]:
    """The room's call members whose socket is live and who are still members, unbanned."""
    live_socket = Presence.objects.filter(
        connection=OuterRef("connection"), seen_at__gte=now - limits.presence_ttl()
    )
    standing = Membership.objects.filter(
        room_id=OuterRef("room_id"), user_id=OuterRef("user_id"), banned=False
    )
    return CallMember.objects.filter(room_id=room_id).filter(Exists(live_socket), Exists(standing))


def participants(room_id: int, *, now: dt.datetime) -> list[frames.CallParticipant]:
    """Who is in the call, in the order they joined. Someone muted in the room shows the
    microphone off whatever their row says."""
    members = (
        live_members(room_id, now=now).select_related("user__profile").order_by("joined_at", "pk")
    )
    muted = set(
        Membership.objects.filter(room_id=room_id, muted_until__gt=now).values_list(
            "user_id", flat=True
        )
    )
    return [
        frames.CallParticipant(
            username=member.user.get_username(),
            display_name=name_of(member.user),
            audio=member.audio and member.user_id not in muted,
            video=member.video,
        )
        for member in members
    ]


def call_info(room: Room, *, now: dt.datetime) -> frames.CallInfo:
    """`hello`'s `call`; a room without a call reads nothing."""
    available = rules.call_available(kind=room.kind, state=room.state)
    people = participants(room.pk, now=now) if available else []
    return frames.CallInfo(available=available, max=mesh_max(), participants=people)


def connection_in_call(room_id: int, username: str, *, now: dt.datetime) -> tuple[int, str] | None:
    """(user id, connection) of `username` in the room's call, or None when not in it."""
    row = (
        live_members(room_id, now=now)
        .filter(user__username=username)
        .values_list("user_id", "connection")
        .first()
    )
    return row
