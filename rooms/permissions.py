"""Who may do what in a room, for the pages and the sockets alike.

Pure functions over a user and their membership: callers load both once (selectors.room_access).

Private rooms (rooms/PROTOCOL.md, "Private rooms"): a pair room belongs to its members alone.
`is_private` is the one rule; every path into a room asks it, through `decide_access`,
`is_room_moderator`, `visible_rooms` or the services that refuse to open or assign one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from rooms.models import Membership, Room, Round
from salam.core.close_codes import CLOSE_FORBIDDEN, CLOSE_NOT_SIGNED_IN
from salam.core.types import AnyUser
from salam.people.permissions import has_complete_profile, is_global_moderator, is_organiser

# The kinds of room that are private to their members (later: dialogue cohorts' rooms).
PRIVATE_KINDS = frozenset({Room.Kind.PAIR})


def is_private(room: Room) -> bool:
    """Private to its members whatever its visibility says: nobody enters it by role, opens
    it, or is assigned to it; a moderator reads only a report's context, on the record."""
    return room.kind in PRIVATE_KINDS


def private_rooms() -> Q:
    """`is_private` as a filter, for the selectors that list rooms."""
    return Q(kind__in=PRIVATE_KINDS)


@dataclass(frozen=True)
class RoomAccess:
    """What one person may do in one room, decided once from their membership."""

    room: Room
    membership: Membership | None
    is_moderator: bool
    refusal: int | None  # a close code when the person may not enter

    @property
    def role(self) -> str:
        return Membership.Role.MODERATOR if self.is_moderator else Membership.Role.PARTICIPANT

    @property
    def may_enter(self) -> bool:
        return self.refusal is None


def is_room_moderator(
    user: AnyUser, membership: Membership | None, *, room: Room, on_report: bool = False
) -> bool:
    """A moderator of this room by membership, or a global moderator; in a private room a
    global moderator only when acting on a report from it (`on_report`)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_global_moderator(user) and (on_report or not is_private(room)):
        return True
    return bool(
        membership is not None
        and membership.role == Membership.Role.MODERATOR
        and not membership.banned
    )


def decide_access(user: AnyUser, room: Room, membership: Membership | None) -> RoomAccess:
    moderator = is_room_moderator(user, membership, room=room)
    members_only = is_private(room) or room.visibility == Room.Visibility.MEMBERS
    refusal = None
    if not (user.is_authenticated and user.is_active):
        refusal = CLOSE_NOT_SIGNED_IN
    elif (
        not has_complete_profile(user)
        or (membership is not None and membership.banned)
        or (members_only and membership is None and not moderator)
    ):
        refusal = CLOSE_FORBIDDEN
    return RoomAccess(room=room, membership=membership, is_moderator=moderator, refusal=refusal)


def may_manage_rooms(user: AnyUser) -> bool:
    """Create and edit rooms, and assign their moderators."""
    return is_global_moderator(user) or is_organiser(user)


def may_assign_moderators(user: AnyUser) -> bool:
    return is_organiser(user)


def may_manage_round(user: AnyUser, round_: Round) -> bool:
    """Start now, edit or cancel a round: the organiser who scheduled it (or a superuser)."""
    if not is_organiser(user):
        return False
    return bool(user.is_superuser or (round_.created_by_id and round_.created_by_id == user.pk))
