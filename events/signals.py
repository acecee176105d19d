"""What events keeps for a person that works without a sign-in dies with their account."""

from __future__ import annotations

from events.services.registrations import revoke_agenda_feed
from salam.people.signals import person_deactivated


def _revoke_feeds(sender, user, **kwargs) -> None:
    revoke_agenda_feed(actor=user)


def connect() -> None:
    """Called once from EventsConfig.ready()."""
    person_deactivated.connect(_revoke_feeds, dispatch_uid="events.revoke_feeds")
