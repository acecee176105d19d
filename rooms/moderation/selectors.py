"""Reads for the moderation dashboard."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from rooms.chat.selectors import online_by_room
from rooms.models import Membership, Message, ModerationAction, Report, Room
from salam.people.permissions import is_global_moderator

CONTEXT_AROUND = 2


def moderated_rooms(user: AbstractBaseUser) -> QuerySet[Room]:
    if is_global_moderator(user):
        return Room.objects.all()
    return Room.objects.filter(
        memberships__user=user,
        memberships__role=Membership.Role.MODERATOR,
        memberships__banned=False,
    )


def may_use_dashboard(user: AbstractBaseUser) -> bool:
    return bool(user.is_authenticated and user.is_active) and (
        is_global_moderator(user) or moderated_rooms(user).exists()
    )


def open_reports(user: AbstractBaseUser, *, limit: int = 50) -> list[dict]:
    """Open reports this moderator may act on, each with the messages around it."""
    scope = Q(room__in=moderated_rooms(user))
    if is_global_moderator(user):
        scope |= Q(room__isnull=True)
    reports = list(
        Report.objects.filter(scope, status=Report.Status.OPEN)
        .select_related("room", "message__author", "reporter", "subject", "content_type")
        .order_by("created_at")[:limit]
    )
    wanted = Q(pk__in=[])
    for report in reports:
        if report.message_id:
            wanted |= Q(
                room_id=report.room_id,
                seq__gte=report.message.seq - CONTEXT_AROUND,
                seq__lte=report.message.seq + CONTEXT_AROUND,
            )
    around: dict[int, list[Message]] = {}
    for message in Message.objects.filter(wanted).select_related("author").order_by("seq"):
        around.setdefault(message.room_id, []).append(message)
    entries = []
    for report in reports:
        context = []
        if report.message_id:
            seq = report.message.seq
            context = [
                m
                for m in around.get(report.room_id, [])
                if seq - CONTEXT_AROUND <= m.seq <= seq + CONTEXT_AROUND
            ]
        entries.append({"report": report, "context": context})
    return entries


def rooms_with_online(user: AbstractBaseUser, *, now: dt.datetime) -> list[dict]:
    rooms = list(moderated_rooms(user).order_by("title")[:200])
    online = online_by_room(rooms, now=now)
    return [{"room": room, "online": online.get(room.pk, [])} for room in rooms]


def audit_log(
    user: AbstractBaseUser, *, room_slug: str = "", person: str = ""
) -> QuerySet[ModerationAction]:
    """Every action in the rooms this person moderates (all of them for global moderators)."""
    actions = ModerationAction.objects.all()
    if not is_global_moderator(user):
        actions = actions.filter(room_slug__in=moderated_rooms(user).values("slug"))
    if room_slug:
        actions = actions.filter(room_slug=room_slug)
    if person:
        actions = actions.filter(Q(actor_username=person) | Q(target_username=person))
    return actions.order_by("-created_at")
