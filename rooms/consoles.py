"""Consoles: a higher app may run a room's conversation (a facilitator's phases, a go-round,
the floor, a silent reflection, the group's agreements).

rooms knows only this interface. The app that runs consoles (events.programmes, for its
cohorts' rooms) registers one in its AppConfig.ready, so the dependency stays one-way. The room
socket asks the console once per connection for its part of `hello`, passes `console` frames to
it, and the send path asks it whether a message may post now (rooms/chat/services/messages.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rooms.chat import frames
    from rooms.models import Room
    from salam.core.types import Person


class Console(Protocol):
    def runs(self, room: Room) -> bool:
        """Whether this console runs `room` (cheap for the rooms it does not: it is asked on
        every send)."""

    def hello(self, room: Room, viewer: Person, *, now: dt.datetime) -> frames.ConsoleHello:
        """The console's part of `hello` for `viewer`, in their language."""

    def command(
        self, room: Room, actor: Person, frame: frames.ConsoleCommand, *, now: dt.datetime
    ) -> None:
        """Take one step (a RoomError refuses it and changes nothing); the new state goes to
        the room after commit as `console.state`."""

    def report_details(self, room: Room, *, now: dt.datetime) -> dict[str, object]:
        """What a report filed in `room` now records of the console (the session and the phase
        it is in), as plain JSON; rooms/moderation/reported.py shows it on the dashboard. Keys:
        `session`, `phase` and `phases` (numbers from 1), `label` (the phase's kind as its
        English msgid, translated when shown)."""

    def check_may_post(self, room: Room, author: Person, *, now: dt.datetime) -> None:
        """Raise the RoomError that refuses a message from `author` now (`held`, with
        `retry_after`, when it may post once the turn ends); return when it may post.
        Moderators of the room are not asked: they hold the space."""


_consoles: list[Console] = []


def register(console: Console) -> None:
    if console not in _consoles:
        _consoles.append(console)


def console_for(room: Room) -> Console | None:
    for console in _consoles:
        if console.runs(room):
            return console
    return None
