"""The frames moderation sends: on the dashboard socket `/ws/moderation/` (group
MODERATORS_GROUP) and, for personal blocks, on the person's own group `user.<id>`.

`room` is the label of the place (a room's slug), None for what belongs to no place;
`context` is the place's key ("room:12"), which the socket filters on.
"""

from __future__ import annotations

from salam.core.frames import AccessChanged, Error, Frame, SessionEnded, register_socket


class Hello(Frame, tag="hello"):
    """The dashboard socket is ready."""


class ReportNew(Frame, tag="report.new"):
    report: int
    room: str | None
    context: str


class ReportResolved(Frame, tag="report.resolved"):
    report: int
    room: str | None
    context: str


class ActionRecorded(Frame, tag="moderation.action"):
    """A new line in the audit log."""

    id: int
    action: str
    room: str
    context: str
    actor: str
    target: str
    seq: int | None
    reason: str


class BlocksChanged(Frame, tag="blocks.changed"):
    """On `user.<id>`: the usernames this person now hides, sorted."""

    hidden: list[str]


DashboardFrame = Hello | ReportNew | ReportResolved | ActionRecorded

SOCKET = register_socket(
    "moderation",
    path="/ws/moderation/",
    description=(
        "The moderation dashboard's live updates, within the places this person moderates; "
        "it accepts no frame (each one answers `invalid`)."
    ),
    inbound=(),
    outbound=(Hello, ReportNew, ReportResolved, ActionRecorded, Error),
    internal=(SessionEnded, AccessChanged),
    schema_path="salam/moderation/schema/moderation.json",
)
