"""What rooms tell salam.moderation (registered in RoomsConfig.ready()): the kinds of room
content people report, which rooms a person moderates, and the dashboard's rooms panel.

The dashboard's actions on a room report go through the one action table
(rooms/moderation/actions.py); the report is resolved by moderation in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rooms.errors import Invalid
from rooms.models import Room
from rooms.moderation import actions, selectors
from rooms.moderation.reports import MEMBER, MESSAGE, room_context, room_id_of
from rooms.permissions import is_private
from salam.core.types import Person
from salam.moderation import registry
from salam.moderation.models import Report
from salam.moderation.registry import Kind, Line, Panel, Place, ReportAction, Scope, Shown

QUICK_MUTE_MINUTES = 60


def _room(report: Report) -> Room:
    room_id = room_id_of(report.context)
    room = None if room_id is None else Room.objects.filter(pk=room_id).first()
    if room is None:
        raise Invalid(_("This report's room is gone; dismiss it."))
    return room


def _reason(report: Report) -> str:
    return _("Report %(id)d: %(reason)s") % {"id": report.pk, "reason": report.reason}


def _against_subject(action: str, **fields: object):
    def perform(report: Report, *, actor: Person) -> None:
        if report.subject is None:
            raise Invalid(_("This report names nobody to act against."))
        actions.perform(
            _room(report),
            actor=actor,
            action=action,
            fields={"username": report.subject.get_username(), "reason": _reason(report), **fields},
            on_report=True,
        )

    return perform


def _delete_message(report: Report, *, actor: Person) -> None:
    found = selectors.messages_with_context([report.object_id]) if report.object_id else {}
    if report.object_id not in found:
        raise Invalid(_("This message is gone; dismiss the report."))
    message, _around = found[report.object_id]
    actions.perform(
        _room(report),
        actor=actor,
        action="delete",
        fields={"seq": message.seq, "reason": _reason(report)},
        on_report=True,
    )


def _has_subject(report: Report) -> bool:
    return report.subject_id is not None


MUTE = ReportAction(
    "mute",
    gettext_lazy("Mute for an hour"),
    _against_subject("mute", minutes=QUICK_MUTE_MINUTES),
    _has_subject,
)
BAN = ReportAction("ban", gettext_lazy("Ban"), _against_subject("ban"), _has_subject)
DELETE = ReportAction("delete", gettext_lazy("Delete message"), _delete_message, _has_subject)


def _rooms_of(reports: list[Report]) -> dict[int, Room]:
    ids = {room_id_of(report.context) for report in reports}
    return selectors.rooms_by_id({room_id for room_id in ids if room_id is not None})


def _room_of(rooms: dict[int, Room], report: Report) -> Room | None:
    room_id = room_id_of(report.context)
    return None if room_id is None else rooms.get(room_id)


def console_moment(details: dict) -> str:
    """The console's moment a report recorded ("session 2, phase 3 of 5: Go-round"), or ""."""
    moment = details.get("console")
    if not isinstance(moment, dict) or not moment.get("phase"):
        return ""
    return _("session %(session)s, phase %(phase)s of %(phases)s: %(label)s") % {
        "session": moment.get("session", "?"),
        "phase": moment["phase"],
        "phases": moment.get("phases", "?"),
        # The phase's label was stored as its English msgid: translated here, in the reader's
        # language (rooms does not know the programmes' labels, the catalogue does).
        "label": _(str(moment.get("label", ""))) if moment.get("label") else "",
    }


def show_messages(reports: list[Report]) -> dict[int, Shown]:
    found = selectors.messages_with_context([r.object_id for r in reports if r.object_id])
    rooms = _rooms_of(reports)
    shown = {}
    for report in reports:
        room = _room_of(rooms, report)
        message, around = (
            found.get(report.object_id, (None, [])) if report.object_id else (None, [])
        )
        link = room.get_absolute_url() if room else ""
        if room is not None and is_private(room):
            # Read only on a moderator's click, on the record (read_report_context).
            around = []
            link = reverse("rooms:report-context", kwargs={"report_id": report.pk})
        shown[report.pk] = Shown(
            title=room.title if room else report.context_label,
            link=link,
            author=message.author.profile.name if message else "",
            context=" · ".join(
                part
                for part in (f"#{message.seq}" if message else "", console_moment(report.details))
                if part
            ),
            excerpt=report.excerpt,
            around=[
                Line(
                    author=m.author.get_username(),
                    body=m.body,
                    deleted=m.deleted_at is not None,
                    reported=m.pk == report.object_id,
                )
                for m in around
            ],
        )
    return shown


def show_members(reports: list[Report]) -> dict[int, Shown]:
    rooms = _rooms_of(reports)
    shown = {}
    for report in reports:
        room = _room_of(rooms, report)
        shown[report.pk] = Shown(
            title=room.title if room else report.context_label,
            link=room.get_absolute_url() if room and not is_private(room) else "",
            author=report.subject.get_username() if report.subject else "",
            excerpt=report.excerpt,
        )
    return shown


def moderated_places(user) -> Iterable[Place]:
    for room in selectors.moderated_rooms(user).only("pk", "slug", "title"):
        yield Place(key=room_context(room.pk), label=room.slug, title=room.title)


def rooms_panel(user: Person, scope: Scope, now: dt.datetime) -> dict:
    return {"rooms": selectors.rooms_with_online(user, now=now)}


def register() -> None:
    registry.register_kind(Kind(MESSAGE, show_messages, (DELETE, MUTE, BAN)))
    registry.register_kind(Kind(MEMBER, show_members, (MUTE, BAN)))
    registry.register_scope(moderated_places)
    registry.register_panel(Panel("rooms", "rooms/moderation_panel.html", rooms_panel))
