"""The name a person shows everywhere: one rule, `Profile.name`, for people with or without a
profile yet."""

from __future__ import annotations

from salam.core.types import Person


def name_of(user: Person) -> str:
    """The display name, or the username while there is no profile or no display name."""
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else user.get_username()
