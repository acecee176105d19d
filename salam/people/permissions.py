"""Who may do what, for views and consumers alike. Every check runs on the server."""

from __future__ import annotations

from salam.core.types import AnyUser
from salam.people.roles import EDIT_CONTENT, MODERATE_ROOMS, ORGANISE_EVENTS


def is_global_moderator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(MODERATE_ROOMS))


def is_organiser(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(ORGANISE_EVENTS))


def is_editor(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(EDIT_CONTENT))


def has_complete_profile(user: AnyUser) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    profile = getattr(user, "profile", None)
    return bool(profile and profile.is_complete)
