"""Calls: joining, media, leaving, relaying signals, and moderators' call actions.

The only writers of CallMember. Each write runs in a transaction holding the room's row
(`select_for_update`), so that two people joining at once on two processes count one after
the other and the call never holds more than CALL_MESH_MAX; `call.state` leaves after commit
to the room's group, on every process. Signals are never stored: they are checked against the
record and sent at once to the addressee's one socket in the call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import msgspec
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rooms import limits
from rooms.calls import frames, rules, selectors
from rooms.calls import realtime as call_realtime
from rooms.calls.errors import CallFull, CallUnavailable, NotInCall
from rooms.calls.models import CallMember
from rooms.errors import Forbidden, Invalid, NotFound
from rooms.models import Membership, Presence, Room
from rooms.moderation.services import check_moderator, record_action
from rooms.realtime import broadcast_on_commit, send_async
from salam.core.rates import hit
from salam.core.types import Person
from salam.moderation.models import ModerationAction


@dataclass(frozen=True)
class Joined:
    participants: list[frames.CallParticipant]
    ice_servers: list[dict]


def _locked_room(room: Room) -> Room:
    return Room.objects.select_for_update().get(pk=room.pk)


def _announce(room_id: int, now: dt.datetime, *, removed: str | None = None) -> list:
    people = selectors.participants(room_id, now=now)
    broadcast_on_commit(
        call_realtime.room_group(room_id), call_realtime.state_event(people, removed=removed)
    )
    return people


def _relay(user_id: int, *, room: Room, connection: str, frame: Any) -> None:
    """After commit, `frame` to the person's one socket `connection` in this room."""
    broadcast_on_commit(
        call_realtime.user_group(user_id),
        call_realtime.relay_event(room=room.slug, connection=connection, frame=frame),
    )


def ice_servers_for(user_id: int, *, now: dt.datetime) -> list[dict]:
    """The ICE servers of one join: TURN credentials are minted here, never put in a page."""
    return rules.ice_servers(
        stun_urls=getattr(settings, "STUN_URLS", []),
        turn_urls=getattr(settings, "TURN_URLS", []),
        turn_secret=getattr(settings, "TURN_SECRET", ""),
        user_id=user_id,
        now=now.timestamp(),
        ttl=getattr(settings, "TURN_TTL", 3600),
    )


def _muted(membership: Membership | None, now: dt.datetime) -> bool:
    return bool(membership and membership.muted_until and membership.muted_until > now)


@transaction.atomic
def join_call(
    room: Room, *, actor: Person, connection: str, audio: bool, video: bool, now: dt.datetime
) -> Joined:
    """Put the actor in the room's call through their socket `connection`.

    Refuses (nothing written): `call_unavailable` in a room without calls, `forbidden` for
    anyone who is not a member (or is banned) and for the microphone of someone muted in the
    room, `call_full` when CALL_MESH_MAX others are in it. Joining again from another socket
    moves the person there: the old socket gets `call.removed`."""
    room = _locked_room(room)
    membership = Membership.objects.filter(room=room, user=actor).first()
    live = selectors.live_members(room.pk, now=now)
    refusal = rules.join_refusal(
        available=rules.call_available(kind=room.kind, state=room.state),
        member=membership is not None and not membership.banned,
        others_in_call=live.exclude(user=actor).count(),
        mesh_max=selectors.mesh_max(),
        muted=_muted(membership, now),
        audio=audio,
    )
    if refusal == "call_unavailable":
        raise CallUnavailable(_("This room has no call."))
    if refusal == "forbidden" and membership is not None and not membership.banned:
        raise Forbidden(
            _(
                "A moderator muted you in this room: you may join with your camera, "
                "not your microphone."
            )
        )
    if refusal == "forbidden":
        raise Forbidden(_("Only the room's members may join its call."))
    if refusal == "call_full":
        raise CallFull(
            _("The call is full: at most %(count)d people.") % {"count": selectors.mesh_max()}
        )
    if not Presence.objects.filter(connection=connection, room=room).exists():
        raise NotInCall(_("This connection has left the room."))
    previous = CallMember.objects.filter(room=room, user=actor).first()
    if previous is not None and previous.connection != connection:
        _relay(
            actor.pk,
            room=room,
            connection=previous.connection,
            frame=frames.CallRemoved(
                room=room.slug, reason=_("You joined this call in another window.")
            ),
        )
    CallMember.objects.update_or_create(
        room=room,
        user=actor,
        defaults={"connection": connection, "audio": audio, "video": video, "joined_at": now},
    )
    people = _announce(room.pk, now)
    return Joined(participants=people, ice_servers=ice_servers_for(actor.pk, now=now))


@transaction.atomic
def set_media(
    room: Room, *, actor: Person, connection: str, audio: bool, video: bool, now: dt.datetime
) -> list[frames.CallParticipant]:
    """The actor's microphone and camera, as they turned them; `forbidden` for the microphone
    while a moderator has them muted in the room."""
    room = _locked_room(room)
    member = CallMember.objects.filter(room=room, connection=connection).first()
    if member is None:
        raise NotInCall(_("You are not in the call."))
    membership = Membership.objects.filter(room=room, user=actor).first()
    if audio and _muted(membership, now):
        raise Forbidden(_("A moderator muted you in this room: your microphone stays off."))
    member.audio, member.video = audio, video
    member.save(update_fields=["audio", "video"])
    return _announce(room.pk, now)


@transaction.atomic
def leave_call(*, connection: str, now: dt.datetime) -> bool:
    """Take the socket `connection` out of its call; whether it was in one."""
    member = CallMember.objects.filter(connection=connection).first()
    if member is None:
        return False
    Room.objects.select_for_update().filter(pk=member.room_id).first()
    member.delete()
    _announce(member.room_id, now)
    return True


@transaction.atomic
def microphone_muted(room: Room, *, connection: str, now: dt.datetime) -> bool:
    """A moderator muted this socket's person in the room: their microphone goes off in the
    call (they may not turn it on until the mute ends)."""
    changed = CallMember.objects.filter(room=room, connection=connection, audio=True).update(
        audio=False
    )
    if changed:
        _announce(room.pk, now)
    return bool(changed)


@transaction.atomic
def sweep(*, now: dt.datetime) -> list[int]:
    """Drop call members whose socket is gone (its process crashed); announce those rooms."""
    live = Presence.objects.filter(seen_at__gte=now - limits.presence_ttl()).values("connection")
    stale = CallMember.objects.exclude(connection__in=live)
    room_ids = sorted(set(stale.values_list("room_id", flat=True)))
    if room_ids:
        stale.delete()
        for room_id in room_ids:
            _announce(room_id, now)
    return room_ids


def keep_alive(server: str, now: dt.datetime) -> None:
    """The hub's keep-alive work (after presence's): sweep dead processes' call members."""
    sweep(now=now)


# ---- signals ---------------------------------------------------------------------------------


def _route(room: Room, *, connection: str, to: str, now: dt.datetime) -> tuple[str, int, str]:
    """(the sender's username, the addressee's id and socket), both in the call now."""
    sender = (
        selectors.live_members(room.pk, now=now)
        .filter(connection=connection)
        .values_list("user__username", flat=True)
        .first()
    )
    if sender is None:
        raise NotInCall(_("You are not in the call."))
    target = selectors.connection_in_call(room.pk, to, now=now)
    if target is None or to == sender:
        raise NotInCall(_("%(name)s is not in the call.") % {"name": to})
    return sender, target[0], target[1]


async def relay_signal(room: Room, *, connection: str, to: str, data: dict) -> None:
    """Relay `data` (opaque, an object of at most 16 KiB) from the socket `connection` to the
    socket in the call of `to`, on whichever process it is; `not_in_call` unless both are
    in the call."""
    if len(msgspec.json.encode(data)) > rules.SIGNAL_DATA_MAX_BYTES:
        raise Invalid(_("A signal's data may hold at most 16 KiB."))
    sender, target_id, target_connection = await database_sync_to_async(_route)(
        room, connection=connection, to=to, now=timezone.now()
    )
    frame = frames.CallSignalled(from_=sender, data=data)
    await send_async(
        call_realtime.user_group(target_id),
        call_realtime.relay_event(room=room.slug, connection=target_connection, frame=frame),
    )


# ---- moderators ----------------------------------------------------------------------------


def _target_in_call(room: Room, actor: Person, username: object, now: dt.datetime) -> CallMember:
    if not isinstance(username, str) or not username:
        raise Invalid(_("Name the person with a username."))
    target = get_user_model().objects.filter(username=username).first()
    if target is not None and target.pk == actor.pk:
        raise Invalid(_("You cannot act against yourself."))
    if target is None or not Membership.objects.filter(room=room, user=target).exists():
        raise NotFound(_("No such person."))
    member = (
        selectors.live_members(room.pk, now=now).select_related("user").filter(user=target).first()
    )
    if member is None:
        raise NotInCall(_("%(name)s is not in the call.") % {"name": username})
    return member


@transaction.atomic
def mute_in_call(
    room: Room,
    *,
    actor: Person,
    username: str,
    kind: str,
    reason: str | None = "",
    now: dt.datetime | None = None,
) -> CallMember:
    """A moderator turns a person's microphone (`audio`) or camera (`video`) off in the call;
    recorded in the audit log. The person may turn it on again (a room mute keeps the
    microphone off)."""
    check_moderator(room, actor)
    if kind not in ("audio", "video"):
        raise Invalid(_("kind must be audio or video."))
    now = now or timezone.now()
    room = _locked_room(room)
    member = _target_in_call(room, actor, username, now)
    setattr(member, kind, False)
    member.save(update_fields=[kind])
    reason = (reason or "").strip()[:500]
    record_action(
        room,
        actor,
        ModerationAction.Action.CALL_MUTE,
        target=member.user,
        reason=reason,
        details={"kind": kind},
    )
    _relay(
        member.user_id,
        room=room,
        connection=member.connection,
        frame=frames.CallMuted(room=room.slug, kind=kind, reason=reason),  # type: ignore[arg-type]
    )
    _announce(room.pk, now)
    return member


@transaction.atomic
def remove_from_call(
    room: Room,
    *,
    actor: Person,
    username: str,
    reason: str | None = "",
    now: dt.datetime | None = None,
) -> CallMember:
    """A moderator takes a person out of the call; recorded in the audit log. Their
    signalling ends at once (they are no longer in the call), and `call.state` names them in
    `removed`, so that every other client closes its connection to them: in a mesh that is
    the only way to stop a modified client's media. They may join again, as after a kick."""
    check_moderator(room, actor)
    now = now or timezone.now()
    room = _locked_room(room)
    member = _target_in_call(room, actor, username, now)
    reason = (reason or "").strip()[:500]
    member.delete()
    record_action(
        room, actor, ModerationAction.Action.CALL_REMOVE, target=member.user, reason=reason
    )
    _relay(
        member.user_id,
        room=room,
        connection=member.connection,
        frame=frames.CallRemoved(room=room.slug, reason=reason),
    )
    _announce(room.pk, now, removed=member.user.get_username())
    return member


def count_call_frame(room_id: int, *, user_id: int, now: dt.datetime) -> int | None:
    """Count one call frame of this person in this room against the signalling window, in the
    cache (Redis: shared by all their sockets, on every process). None when it may pass,
    else the seconds until the window ends (`retry_after`)."""
    window, retry_after = rules.signal_window(
        now=now.timestamp(), seconds=rules.SIGNAL_WINDOW_SECONDS
    )
    key = f"calls.signal.r{room_id}.p{user_id}.{window}"
    count = hit(key, timeout=2 * rules.SIGNAL_WINDOW_SECONDS)
    return retry_after if count > rules.SIGNAL_PER_WINDOW else None
