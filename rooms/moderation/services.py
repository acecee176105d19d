"""Moderation: every action checked, recorded in the audit log, and announced after commit.

Each `do_*`-style function checks that the actor moderates this room (a room moderator, or a
member of the global moderator group), then writes, records a ModerationAction, and emits its
events. State lives in the database, so an action binds every server process at once and
survives restarts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rooms import realtime
from rooms.chat import frames
from rooms.chat.payloads import room_state_payload
from rooms.chat.services.changes import record_deletion
from rooms.errors import Forbidden, Invalid, NotFound
from rooms.models import Membership, Message, Room
from rooms.moderation import selectors
from rooms.moderation.reports import MESSAGE, room_context
from rooms.permissions import is_private, is_room_moderator
from salam.core.frames import Frame, to_event
from salam.core.types import AnyUser, Person
from salam.moderation import registry
from salam.moderation import services as moderation
from salam.moderation.models import ModerationAction, Report
from salam.people.permissions import is_global_moderator, is_organiser

Action = ModerationAction.Action
MAX_MUTE_MINUTES = 60 * 24 * 30
MAX_SLOW_MODE_SECONDS = 3600


def check_moderator(room: Room, actor: Person, *, on_report: bool = False) -> None:
    """The actor moderates this room; in a private room a global moderator does only when
    acting on a report from it (`on_report`, the dashboard's report actions)."""
    membership = Membership.objects.filter(room=room, user=actor).first()
    if not is_room_moderator(actor, membership, room=room, on_report=on_report):
        raise Forbidden(_("Only this room's moderators may do that."))


def _target_membership(room: Room, actor: Person, username: object) -> Membership:
    """The target's membership of this room, locked. No action makes anyone a member: acting
    on a person who is not one is `not_found`, the same answer as for nobody at all."""
    if not isinstance(username, str) or not username:
        raise Invalid(_("Name the person with a username."))
    target = get_user_model().objects.filter(username=username).first()
    if target is not None and target.pk == actor.pk:
        raise Invalid(_("You cannot act against yourself."))
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(room=room, user=target)
        .first()
        if target is not None
        else None
    )
    if membership is None:
        raise NotFound(_("No such person."), code="not_found")
    if is_room_moderator(membership.user, membership, room=room) and not is_global_moderator(actor):
        raise Forbidden(_("Only a global moderator may act against a moderator."))
    return membership


def record_action(
    room: Room,
    actor: Person,
    action: str,
    *,
    target: Person | None = None,
    message: Message | None = None,
    reason: str = "",
    details: dict | None = None,
) -> ModerationAction:
    """The audit line of an action in this room, through moderation's audit log."""
    return moderation.record_action(
        actor=actor,
        action=action,
        context=room_context(room.pk),
        context_label=room.slug,
        target=target,
        object_ref=message.seq if message else None,
        object_text=message.body if message else "",
        reason=reason,
        details=details,
    )


def _notify_target(user_id: int, frame: Frame) -> None:
    realtime.broadcast_on_commit(realtime.user_group(user_id), to_event(frame))


def _room_changed(room: Room) -> None:
    realtime.broadcast_on_commit(realtime.room_group(room.pk), room_state_payload(room))


def _reason(reason: object) -> str:
    if reason is None:
        return ""
    if not isinstance(reason, str):
        raise Invalid(_("reason must be text."))
    return reason.strip()[:500]


@transaction.atomic
def mute_member(
    room: Room,
    *,
    actor: Person,
    username: str,
    minutes: int,
    reason: str = "",
    now: dt.datetime | None = None,
    on_report: bool = False,
) -> Membership:
    check_moderator(room, actor, on_report=on_report)
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not (1 <= minutes <= MAX_MUTE_MINUTES)
    ):
        raise Invalid(_("minutes must be a whole number from 1 to 43200."))
    membership = _target_membership(room, actor, username)
    reason = _reason(reason)
    membership.muted_until = (now or timezone.now()) + dt.timedelta(minutes=minutes)
    membership.mute_reason = reason
    membership.save(update_fields=["muted_until", "mute_reason"])
    record_action(
        room,
        actor,
        Action.MUTE,
        target=membership.user,
        reason=reason,
        # the end, for the person's notice (in their zone): the mute's own, not the clock's
        details={"minutes": minutes, "until": membership.muted_until.isoformat()},
    )
    until = membership.muted_until.isoformat()
    _notify_target(
        membership.user_id,
        frames.Muted(until=until, room=room.slug, reason=reason or msgspec.UNSET),
    )
    return membership


@transaction.atomic
def unmute_member(room: Room, *, actor: Person, username: str) -> Membership:
    check_moderator(room, actor)
    membership = _target_membership(room, actor, username)
    membership.muted_until = None
    membership.mute_reason = ""
    membership.save(update_fields=["muted_until", "mute_reason"])
    record_action(room, actor, Action.UNMUTE, target=membership.user)
    _notify_target(membership.user_id, frames.Unmuted(room=room.slug))
    return membership


@transaction.atomic
def kick_member(room: Room, *, actor: Person, username: str, reason: str = "") -> Membership:
    """Close the person's sockets to this room (4403); they may come back."""
    check_moderator(room, actor)
    membership = _target_membership(room, actor, username)
    reason = _reason(reason)
    record_action(room, actor, Action.KICK, target=membership.user, reason=reason)
    _notify_target(membership.user_id, frames.Kicked(reason=reason, room=room.slug))
    return membership


@transaction.atomic
def ban_member(
    room: Room,
    *,
    actor: Person,
    username: str,
    reason: str = "",
    on_report: bool = False,
) -> Membership:
    """Like a kick, and they cannot come back until unbanned."""
    check_moderator(room, actor, on_report=on_report)
    membership = _target_membership(room, actor, username)
    membership.banned = True
    membership.save(update_fields=["banned"])
    reason = _reason(reason)
    record_action(room, actor, Action.BAN, target=membership.user, reason=reason)
    _notify_target(membership.user_id, frames.Banned(reason=reason, room=room.slug))
    return membership


@transaction.atomic
def unban_member(room: Room, *, actor: Person, username: str) -> Membership:
    check_moderator(room, actor)
    membership = _target_membership(room, actor, username)
    membership.banned = False
    membership.save(update_fields=["banned"])
    record_action(room, actor, Action.UNBAN, target=membership.user)
    return membership


@transaction.atomic
def delete_message(
    room: Room,
    *,
    actor: Person,
    seq: int,
    reason: str = "",
    now: dt.datetime | None = None,
    on_report: bool = False,
) -> Message:
    """Hide a message from everyone but moderators; its body stays for the audit record."""
    check_moderator(room, actor, on_report=on_report)
    message = _message(room, seq)
    if message.deleted_at is None:
        # numbered in the room's changes, its reactions gone, `message.deleted` after commit
        record_deletion(message, actor=actor, now=now or timezone.now())
        record_action(
            room,
            actor,
            Action.DELETE,
            target=message.author,
            message=message,
            reason=_reason(reason),
        )
    return message


@transaction.atomic
def set_locked(room: Room, *, actor: Person, locked: bool, reason: str = "") -> Room:
    check_moderator(room, actor)
    room = Room.objects.select_for_update().get(pk=room.pk)
    if room.state == Room.State.ARCHIVED:
        raise Invalid(_("An archived room cannot be locked or unlocked."))
    room.state = Room.State.LOCKED if locked else Room.State.OPEN
    room.save(update_fields=["state"])
    record_action(room, actor, Action.LOCK if locked else Action.UNLOCK, reason=_reason(reason))
    _room_changed(room)
    return room


@transaction.atomic
def set_slow_mode(room: Room, *, actor: Person, seconds: int) -> Room:
    check_moderator(room, actor)
    if (
        not isinstance(seconds, int)
        or isinstance(seconds, bool)
        or not (0 <= seconds <= MAX_SLOW_MODE_SECONDS)
    ):
        raise Invalid(_("seconds must be a whole number from 0 to 3600."))
    room = Room.objects.select_for_update().get(pk=room.pk)
    room.slow_mode_seconds = seconds
    room.save(update_fields=["slow_mode_seconds"])
    record_action(room, actor, Action.SLOW_MODE, details={"seconds": seconds})
    _room_changed(room)
    return room


@transaction.atomic
def set_pinned(room: Room, *, actor: Person, seq: int | None) -> Room:
    """Pin the message `seq`, or unpin with None."""
    check_moderator(room, actor)
    message = _message(room, seq) if seq is not None else None
    if message is not None and message.deleted_at is not None:
        raise Invalid(_("A deleted message cannot be pinned."))
    room = Room.objects.select_for_update().get(pk=room.pk)
    room.pinned_seq = message.seq if message else None
    room.save(update_fields=["pinned_seq"])
    record_action(room, actor, Action.PIN if message else Action.UNPIN, message=message)
    realtime.broadcast_on_commit(
        realtime.room_group(room.pk), room_state_payload(room, pinned=message)
    )
    return room


@transaction.atomic
def assign_moderator(room: Room, *, actor: Person, username: str) -> Membership:
    """Organisers make a person a moderator of one room (a member of it, if they were not).
    Nobody is assigned to a private room: its members are its only people."""
    if not is_organiser(actor):
        raise Forbidden(_("Only organisers assign room moderators."))
    if is_private(room):
        raise Forbidden(_("A private room has no assigned moderators."))
    target = get_user_model().objects.filter(username=username, is_active=True).first()
    if target is None:
        raise NotFound(_("No such person."))
    membership, _created = Membership.objects.get_or_create(room=room, user=target)
    membership.role = Membership.Role.MODERATOR
    membership.banned = False
    membership.save(update_fields=["role", "banned"])
    record_action(room, actor, Action.ASSIGN, target=target)
    return membership


def _message(room: Room, seq: object) -> Message:
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise Invalid(_("seq must be a whole number."))
    message = Message.objects.select_related("author").filter(room=room, seq=seq).first()
    if message is None:
        raise NotFound(_("No message with this number."))
    return message


@dataclass(frozen=True)
class ReportContext:
    room: Room
    message: Message
    around: list[Message]


@transaction.atomic
def read_report_context(report: Report, *, actor: AnyUser) -> ReportContext:
    """The few messages around a reported message, for a moderator who handles the open
    report; the read is recorded in the audit log. The only way anyone who is not a member
    reads a private room (rooms/PROTOCOL.md, "Private rooms")."""
    if not (actor.is_authenticated and registry.scope_of(actor).covers(report.context)):
        raise Forbidden(_("Only moderators handle reports."))
    if report.status != Report.Status.OPEN or report.kind != MESSAGE or not report.object_id:
        raise NotFound(_("This report has no context to read."))
    found = selectors.messages_with_context([report.object_id])
    if report.object_id not in found:
        raise NotFound(_("This message is gone; dismiss the report."))
    message, around = found[report.object_id]
    if room_context(message.room_id) != report.context:
        raise NotFound(_("This report has no context to read."))
    record_action(
        message.room,
        actor,
        Action.VIEW_CONTEXT,
        target=message.author,
        message=message,
        reason=f"report {report.pk}",
    )
    return ReportContext(room=message.room, message=message, around=around)
