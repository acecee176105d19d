"""The name a person shows everywhere: one rule, `Profile.name`, for people with or without a
profile yet."""

from __future__ import annotations

from salam.core.types import Person


def name_of(user: Person) -> str:
    """The display name, or the username while there is no profile or no display name."""
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else user.get_username()


def name_and_username(user: Person) -> str:
    """ "Nadia Haddad (@nadia)", where two people may share a display name (pickers, lists
    a moderator acts on); the username alone while there is no display name."""
    name, username = name_of(user), user.get_username()
    return username if name == username else f"{name} (@{username})"
