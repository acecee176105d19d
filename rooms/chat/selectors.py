"""Reads about rooms. No writes here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from rooms import limits
from rooms.chat import frames
from rooms.chat.payloads import author_payload, hidden_message_payload, message_payload
from rooms.models import Membership, Message, MessageChange, Pairing, Presence, Reaction, Room
from rooms.permissions import RoomAccess, decide_access, private_rooms
from salam.core.frames import to_event
from salam.core.types import Person
from salam.moderation.models import Block
from salam.people.permissions import is_global_moderator


def _people(rows: Iterable[tuple[str, str | None]]) -> list[dict[str, str]]:
    """(username, display name) rows as people, once each, by username (`name_of`'s rule)."""
    return [
        {"username": username, "display_name": display or username}
        for username, display in sorted(set(rows))
    ]


def online_people(room_id: int, *, now: dt.datetime) -> list[dict[str, str]]:
    """Who is online, by username, with the name they show."""
    return _people(
        Presence.objects.filter(
            room_id=room_id, seen_at__gte=now - limits.presence_ttl()
        ).values_list("user__username", "user__profile__display_name")
    )


def online_usernames(room_id: int, *, now: dt.datetime) -> list[str]:
    return sorted(
        set(
            Presence.objects.filter(
                room_id=room_id, seen_at__gte=now - limits.presence_ttl()
            ).values_list("user__username", flat=True)
        )
    )


def online_by_room(rooms: Sequence[Room], *, now: dt.datetime) -> dict[int, list[dict[str, str]]]:
    """Who is online in each of `rooms`, in one query: room id -> people (as `online_people`)."""
    rows: dict[int, list[tuple[str, str | None]]] = {}
    for room_id, username, display in Presence.objects.filter(
        room__in=rooms, seen_at__gte=now - limits.presence_ttl()
    ).values_list("room_id", "user__username", "user__profile__display_name"):
        rows.setdefault(room_id, []).append((username, display))
    return {room_id: _people(people) for room_id, people in rows.items()}


def room_by_slug(slug: str) -> Room | None:
    return Room.objects.filter(slug=slug).first()


def pairing_of_room(room: Room) -> Pairing | None:
    """The pairing a pair room was opened for (its conversation starters); None elsewhere."""
    return Pairing.objects.filter(room=room).first()


def room_access(slug: str, user: Person) -> RoomAccess | None:
    """Decide what `user` may do in room `slug`; None when there is no such room."""
    room = room_by_slug(slug)
    if room is None:
        return None
    membership = (
        Membership.objects.filter(room=room, user=user).first() if user.is_authenticated else None
    )
    return decide_access(user, room, membership)


def blocked_ids(user: Person) -> set[int]:
    """The people whose messages `user` chose not to see."""
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def blocked_usernames(user: Person) -> set[str]:
    return set(Block.objects.filter(blocker=user).values_list("blocked__username", flat=True))


def _messages(room: Room):
    return Message.objects.filter(room=room).select_related(
        "author__profile", "reply_to__author__profile"
    )


def reaction_counts(message_ids: Sequence[int]) -> dict[int, list[frames.ReactionCount]]:
    """The reactions of these messages, in one query: message id -> each emoji (in the order
    it was first used on the message) with its count and the first people who used it."""
    found: dict[int, dict[str, frames.ReactionCount]] = {}
    if not message_ids:
        return {}
    rows = (
        Reaction.objects.filter(message_id__in=message_ids)
        .select_related("user__profile")
        .order_by("message_id", "at", "pk")
    )
    for reaction in rows:
        emojis = found.setdefault(reaction.message_id, {})
        count = emojis.get(reaction.emoji)
        if count is None:
            count = emojis[reaction.emoji] = frames.ReactionCount(
                emoji=reaction.emoji, count=0, people=[]
            )
        count.count += 1
        if len(count.people) < limits.REACTION_PEOPLE_SHOWN:
            count.people.append(frames.Person(**author_payload(reaction.user)))
    return {message_id: list(emojis.values()) for message_id, emojis in found.items()}


def _payloads(messages, viewer: Person, *, moderator: bool) -> list[dict]:
    """Messages as the viewer sees them: a blocked author's come as bare `hidden` seqs, so the
    client still knows every seq and its resume point keeps moving."""
    blocked = blocked_ids(viewer)
    messages = list(messages)
    reactions = reaction_counts([m.pk for m in messages if m.deleted_at is None])
    return [
        hidden_message_payload(m.seq)
        if m.author_id in blocked
        else message_payload(
            m, show_deleted_body=moderator, reactions=reactions.get(m.pk), blocked=blocked
        )
        for m in messages
    ]


def changes_after(
    room: Room, viewer: Person, *, after_seq: int, after_change: int, moderator: bool
) -> list[dict]:
    """What changed, since change `after_change`, in the messages up to `after_seq` (those a
    resuming client has; later ones it receives whole), in the order of the changes: each
    edit with the body it gave, each deletion, and a message's reactions once, as they are
    now, at the place of their last change. A participant gets no edit of a message deleted
    since (its words are gone), and a blocked author's edits come `hidden`."""
    rows = list(
        MessageChange.objects.filter(
            room=room, change__gt=after_change, message__seq__lte=after_seq
        )
        .select_related("message__author__profile")
        .order_by("change")[: limits.RESUME_LIMIT]
    )
    blocked = blocked_ids(viewer)
    last_reactions = {
        c.message_id: c.change for c in rows if c.kind == MessageChange.Kind.REACTIONS
    }
    reactions = reaction_counts(
        [c.message_id for c in rows if c.kind == MessageChange.Kind.REACTIONS]
    )
    # The body each edit gave: the body the next edit replaced, or the body now.
    next_body: dict[int, str] = {}
    bodies: dict[int, str] = {}
    for row in reversed(rows):
        if row.kind == MessageChange.Kind.EDIT:
            bodies[row.change] = next_body.get(row.message_id, row.message.body)
            next_body[row.message_id] = row.previous_body
    events: list[dict] = []
    for row in rows:
        message = row.message
        if row.kind == MessageChange.Kind.DELETE:
            events.append(to_event(frames.MessageDeleted(seq=message.seq, change=row.change)))
        elif row.kind == MessageChange.Kind.EDIT:
            if message.deleted_at is not None and not moderator:
                continue
            if message.author_id in blocked:
                edited = frames.MessageEdited(seq=message.seq, change=row.change, hidden=True)
            else:
                edited = frames.MessageEdited(
                    seq=message.seq,
                    change=row.change,
                    author=frames.Person(**author_payload(message.author)),
                    body=bodies[row.change],
                    edited_at=row.at.isoformat(),
                )
            events.append(to_event(edited))
        elif last_reactions[row.message_id] == row.change and message.deleted_at is None:
            counts = reactions.get(row.message_id, [])
            events.append(
                to_event(frames.Reactions(seq=message.seq, change=row.change, reactions=counts))
            )
    return events


def message_by_seq(room: Room, seq: int) -> Message | None:
    return _messages(room).filter(seq=seq).first()


def pinned_message(room: Room, viewer: Person, *, moderator: bool) -> dict | None:
    """The pinned message as the viewer sees it (None when nothing is pinned, or it is gone)."""
    if room.pinned_seq is None:
        return None
    message = message_by_seq(room, room.pinned_seq)
    if message is None:
        return None
    return _payloads([message], viewer, moderator=moderator)[0]


def message_versions(room: Room, seq: int) -> tuple[list[frames.Version], bool] | None:
    """Each body message `seq` had, oldest first, with when it was written, and whether it is
    deleted: for moderators only (the caller checks). None when there is no such message."""
    message = message_by_seq(room, seq)
    if message is None:
        return None
    edits = list(
        MessageChange.objects.filter(message=message, kind=MessageChange.Kind.EDIT).order_by(
            "change"
        )
    )
    versions, written = [], message.sent_at
    for edit in edits:
        versions.append(frames.Version(body=edit.previous_body, at=written.isoformat()))
        written = edit.at
    versions.append(frames.Version(body=message.body, at=written.isoformat()))
    return versions, message.deleted_at is not None


def members_matching(room: Room, prefix: str) -> list[frames.Person]:
    """The room's members (not banned) whose username or display name starts with `prefix`,
    for `@` completion: at most MENTION_SUGGESTIONS, by username."""
    members = Membership.objects.filter(room=room, banned=False)
    if prefix:
        members = members.filter(
            Q(user__username__istartswith=prefix)
            | Q(user__profile__display_name__istartswith=prefix)
        )
    rows = members.select_related("user__profile").order_by("user__username")
    return [frames.Person(**author_payload(m.user)) for m in rows[: limits.MENTION_SUGGESTIONS]]


def unread_counts(user: Person) -> dict[str, int]:
    """The person's unread messages per room they belong to, by slug (the room list's live
    counts)."""
    rows = Membership.objects.filter(user=user, banned=False).values_list(
        "room__slug", "room__last_seq", "last_read_seq"
    )
    return {slug: max(last - read, 0) for slug, last, read in rows}


def messages_after(
    room: Room, viewer: Person, *, after: int, moderator: bool, tombstones: bool = True
) -> list[dict]:
    """What a resuming client missed: every message with seq > after, at most RESUME_LIMIT.

    Messages deleted since are included (without body) so the client learns of the deletion
    even when it already had the message: deletions at or below `after` come as tombstones
    (unless `tombstones` is False: a client resuming from a change number gets the deletions
    among the changes, `changes_after`).
    """
    rows = list(_messages(room).filter(seq__gt=after)[: limits.RESUME_LIMIT])
    if not tombstones:
        return _payloads(rows, viewer, moderator=moderator)
    tombstones_rows = list(
        _messages(room)
        .filter(seq__lte=after, deleted_at__isnull=False)
        .order_by("-seq")[: limits.RESUME_LIMIT]
    )
    ordered = sorted(tombstones_rows, key=lambda m: m.seq) + rows
    return _payloads(ordered, viewer, moderator=moderator)


def latest_messages(room: Room, viewer: Person, *, moderator: bool) -> list[dict]:
    rows = list(_messages(room).order_by("-seq")[: limits.LATEST_LIMIT])
    return _payloads(reversed(rows), viewer, moderator=moderator)


def history(
    room: Room, viewer: Person, *, before: int, limit: int, moderator: bool
) -> tuple[list[dict], bool]:
    rows = list(_messages(room).filter(seq__lt=before).order_by("-seq")[: limit + 1])
    has_more = len(rows) > limit
    return _payloads(reversed(rows[:limit]), viewer, moderator=moderator), has_more


def rooms_for(user: Person, *, now: dt.datetime) -> list[dict]:
    """The rooms a person may enter, with unread counts and who is online, in few queries."""
    memberships = Membership.objects.filter(user=user, room=OuterRef("pk"))
    # A private room is listed to its members alone, whatever its visibility or their role.
    public = Q() if is_global_moderator(user) else Q(visibility=Room.Visibility.OPEN)
    visible = (public & ~private_rooms()) | Q(memberships__user=user)
    rooms = list(
        Room.objects.filter(visible)
        .exclude(memberships__user=user, memberships__banned=True)
        .annotate(
            read_seq=Coalesce(Subquery(memberships.values("last_read_seq")[:1]), -1),
        )
        .annotate(member_count=Count("memberships", distinct=True))
        .distinct()
        .order_by("kind", "title")
    )
    online = online_by_room(rooms, now=now)
    return [
        {
            "room": room,
            "is_member": room.read_seq >= 0,
            "unread": max(room.last_seq - room.read_seq, 0) if room.read_seq >= 0 else 0,
            "online": online.get(room.pk, []),
            "member_count": room.member_count,
        }
        for room in rooms
    ]
