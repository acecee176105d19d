"""The one table of in-room moderation actions, for the room socket's `moderate` frame, the
room page's forms and the dashboard's one-click actions alike."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from rooms.calls import services as calls
from rooms.errors import RoomError
from rooms.models import Room
from rooms.moderation import services
from salam.core.types import Person

# action -> (service, the fields it takes; all but `reason` are required)
ACTIONS: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
    "mute": (services.mute_member, ("username", "minutes", "reason")),
    "unmute": (services.unmute_member, ("username",)),
    "kick": (services.kick_member, ("username", "reason")),
    "ban": (services.ban_member, ("username", "reason")),
    "unban": (services.unban_member, ("username",)),
    "delete": (services.delete_message, ("seq", "reason")),
    "lock": (functools.partial(services.set_locked, locked=True), ("reason",)),
    "unlock": (functools.partial(services.set_locked, locked=False), ("reason",)),
    "slow_mode": (services.set_slow_mode, ("seconds",)),
    "pin": (services.set_pinned, ("seq",)),
    "unpin": (functools.partial(services.set_pinned, seq=None), ()),
    "assign": (services.assign_moderator, ("username",)),
    "call.mute": (calls.mute_in_call, ("username", "kind", "reason")),
    "call.remove": (calls.remove_from_call, ("username", "reason")),
}

# The fields a page sends as text and the services take as whole numbers.
NUMBER_FIELDS = frozenset({"minutes", "seconds", "seq"})
# What a moderator may do acting on a report (rooms/moderation/reported.py): in a private
# room, only these, and only from the report (rooms/PROTOCOL.md, "Private rooms").
ON_REPORT = frozenset({"mute", "ban", "delete"})


def perform(
    room: Room, *, actor: Person, action: object, fields: Mapping, on_report: bool = False
) -> Any:
    """Run one moderation action with the fields it takes from `fields` (a frame or a form);
    the service checks the actor's rights and the values. `on_report`: the dashboard acts on a
    report from this room (moderation checked that the actor handles it)."""
    entry = ACTIONS.get(action) if isinstance(action, str) else None
    if entry is None:
        raise RoomError(_("Unknown moderation action."))
    service, parameters = entry
    missing = [name for name in parameters if name not in fields and name != "reason"]
    if missing:
        raise RoomError(_("Missing: %(fields)s.") % {"fields": ", ".join(missing)})
    arguments: dict[str, Any] = {name: fields[name] for name in parameters if name in fields}
    if on_report:
        if action not in ON_REPORT:
            raise RoomError(_("Unknown moderation action."))
        arguments["on_report"] = True
    return service(room, actor=actor, **arguments)
