"""Who may see and change an event, for the pages, feeds and services alike."""

from __future__ import annotations

from events.models import Event
from salam.core.types import AnyUser
from salam.people.permissions import is_organiser


def can_create_event(user: AnyUser) -> bool:
    return is_organiser(user)


def can_edit_event(user: AnyUser, event: Event) -> bool:
    """Global organisers, and the event's own organisers while their account is active."""
    if is_organiser(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    return event.organisers.filter(pk=user.pk).exists()


def can_view_event(user: AnyUser, event: Event) -> bool:
    """A published event is public; a draft is seen only by those who edit it."""
    return event.is_published or can_edit_event(user, event)


def can_register(user: AnyUser, event: Event) -> bool:
    return bool(user.is_authenticated and user.is_active and event.is_published)
