"""Moderation's events: the moderators' group, and each event built from its frame."""

from __future__ import annotations

from salam.core.frames import Frame, to_event
from salam.core.realtime import broadcast_on_commit, user_group

MODERATORS_GROUP = "moderators"

__all__ = ["MODERATORS_GROUP", "to_moderators", "to_person"]


def to_moderators(frame: Frame) -> None:
    """Send to every dashboard (each filters by its scope) once the transaction commits."""
    broadcast_on_commit(MODERATORS_GROUP, to_event(frame))


def to_person(user_id: int, frame: Frame) -> None:
    broadcast_on_commit(user_group(user_id), to_event(frame))
