"""Creating rooms, joining them, and their membership."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rooms import realtime
from rooms.chat import frames
from rooms.chat.payloads import room_state_payload
from rooms.errors import Forbidden, Invalid
from rooms.models import Membership, Room
from rooms.permissions import is_private, may_manage_rooms
from salam.core.frames import to_event
from salam.core.types import Person


@transaction.atomic
def create_room(
    *,
    slug: str,
    title: str,
    kind: str = Room.Kind.CAFE,
    visibility: str = Room.Visibility.OPEN,
    topic: str = "",
    language: str = "en",
    state: str = Room.State.OPEN,
    actor: Person | None = None,
) -> Room:
    """Create a room; the person creating it, if any (none for system rooms: pairs, sessions),
    becomes its first moderator."""
    if actor is not None and not may_manage_rooms(actor):
        raise Forbidden(_("Only organisers and moderators manage rooms."))
    slug = slugify(slug)
    if not slug:
        raise Invalid(_("A room needs an address made of letters, digits or dashes."))
    if Room.objects.filter(slug=slug).exists():
        raise Invalid(_("A room with this address exists already."), code="taken")
    room = Room.objects.create(
        slug=slug,
        title=title,
        kind=kind,
        visibility=visibility,
        topic=topic,
        language=language,
        state=state,
        created_by=actor,
    )
    if actor is not None:
        Membership.objects.create(room=room, user=actor, role=Membership.Role.MODERATOR)
    return room


@transaction.atomic
def update_room(
    room: Room,
    *,
    actor: Person,
    title: str,
    topic: str,
    language: str,
    visibility: str | None = None,
) -> Room:
    """Edit a room's description, and its visibility (None keeps it). A private room's
    visibility never changes: nobody opens a pair's room."""
    if not may_manage_rooms(actor):
        raise Forbidden(_("Only organisers and moderators manage rooms."))
    visibility = room.visibility if visibility is None else visibility
    if visibility not in Room.Visibility.values:
        raise Invalid(_("Choose who may enter the room."))
    if is_private(room) and visibility != room.visibility:
        raise Forbidden(_("A private room stays private to its members."))
    room.title, room.topic, room.language, room.visibility = title, topic, language, visibility
    room.save(update_fields=["title", "topic", "language", "visibility"])
    realtime.broadcast_on_commit(realtime.room_group(room.pk), room_state_payload(room))
    return room


@transaction.atomic
def add_member(room: Room, *, user: Person, role: str = Membership.Role.PARTICIPANT) -> Membership:
    """Make `user` a member with `role` (a moderator stays one). Safe to call twice."""
    membership, created = Membership.objects.get_or_create(
        room=room, user=user, defaults={"role": role}
    )
    if not created and role == Membership.Role.MODERATOR and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def join_room(room: Room, *, actor: Person) -> Membership:
    """One-click join of an open room; members-only rooms are joined by invitation only."""
    existing = Membership.objects.filter(room=room, user=actor).first()
    if existing is not None:
        if existing.banned:
            raise Forbidden(_("You are banned from this room."))
        return existing
    if room.visibility != Room.Visibility.OPEN or room.state == Room.State.ARCHIVED:
        raise Forbidden(_("This room is for its members only."))
    try:
        return add_member(room, user=actor)
    except IntegrityError:  # joined at the same instant from another tab
        return Membership.objects.get(room=room, user=actor)


@transaction.atomic
def set_room_state(room: Room, *, state: str) -> Room:
    """Open, lock or archive a room (system use: session rooms, rounds). Emits room.updated."""
    room = Room.objects.select_for_update().get(pk=room.pk)
    if room.state != state:
        room.state = state
        room.save(update_fields=["state"])
        realtime.broadcast_on_commit(realtime.room_group(room.pk), room_state_payload(room))
    return room


@transaction.atomic
def remove_member(room: Room, *, user: Person) -> bool:
    """End a participant's membership of a members-only room (a cancelled registration) and
    close their sockets to it. Moderators and bans stay; returns whether a row was removed."""
    deleted, _rows = Membership.objects.filter(
        room=room, user=user, role=Membership.Role.PARTICIPANT, banned=False
    ).delete()
    if deleted:
        realtime.broadcast_on_commit(
            realtime.user_group(user.pk), to_event(frames.Removed(room=room.slug))
        )
    return bool(deleted)
