"""Who may do what in a room, for the pages and the sockets alike.

Pure functions over a user and their membership: callers load both once (selectors.room_access).
"""

from __future__ import annotations

from dataclasses import dataclass

from rooms.models import Membership, Room
from salam.core.close_codes import CLOSE_FORBIDDEN, CLOSE_NOT_SIGNED_IN
from salam.core.types import AnyUser
from salam.people.permissions import has_complete_profile, is_global_moderator, is_organiser

# Close codes of the wire protocol (rooms/PROTOCOL.md).


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


def is_room_moderator(user: AnyUser, membership: Membership | None) -> bool:
    if is_global_moderator(user):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and membership is not None
        and membership.role == Membership.Role.MODERATOR
        and not membership.banned
    )


def decide_access(user: AnyUser, room: Room, membership: Membership | None) -> RoomAccess:
    moderator = is_room_moderator(user, membership)
    refusal = None
    if not (user.is_authenticated and user.is_active):
        refusal = CLOSE_NOT_SIGNED_IN
    elif (
        not has_complete_profile(user)
        or (membership is not None and membership.banned)
        or (room.visibility == Room.Visibility.MEMBERS and membership is None and not moderator)
    ):
        refusal = CLOSE_FORBIDDEN
    return RoomAccess(room=room, membership=membership, is_moderator=moderator, refusal=refusal)


def may_manage_rooms(user: AnyUser) -> bool:
    """Create and edit rooms, and assign their moderators."""
    return is_global_moderator(user) or is_organiser(user)


def may_assign_moderators(user: AnyUser) -> bool:
    return is_organiser(user)
