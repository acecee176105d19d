"""Who may do what with a programme: one module, used by views, services and the console."""

from __future__ import annotations

from salam.core.types import AnyUser
from salam.people.permissions import is_organiser

from .models import Programme


def can_manage(user: AnyUser, programme: Programme) -> bool:
    """The programme's organiser and the global organisers, while their account is active."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.pk == programme.organiser_id or is_organiser(user)


def can_create_programme(user: AnyUser) -> bool:
    return is_organiser(user)
