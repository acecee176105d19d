"""Mentions: a member named as `@username` in a message gets a notice (salam.notices)."""

from __future__ import annotations

import functools
import re

from django.utils.translation import gettext as _

from rooms.models import Membership, Message, Room
from salam.core.types import Person
from salam.moderation.models import Block
from salam.notices.services import notify
from salam.people.names import name_of

# `@` at the start or after a space or punctuation (not inside an address: a@b.c), then a
# username's characters; a sentence's final dot is not part of the name.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
MAX_MENTIONS = 10  # people notified by one message, at most


def mentioned_usernames(body: str) -> list[str]:
    """The usernames a body names, in order, once each (pure)."""
    seen: list[str] = []
    for match in MENTION.finditer(body):
        name = match.group(1).rstrip(".")
        if name and name not in seen:
            seen.append(name)
    return seen[:MAX_MENTIONS]


def notify_mentioned(room: Room, message: Message, *, author: Person) -> list[str]:
    """Notify the room's members named in `message` (not its author, not the banned, not who
    blocked the author); returns their usernames. Runs inside the posting transaction: the
    notices are stored with the message, and sent after commit by `notify`."""
    names = mentioned_usernames(message.body)
    if not names:
        return []
    members = list(
        Membership.objects.filter(room=room, user__username__in=names, banned=False)
        .exclude(user=author)
        .exclude(user__in=Block.objects.filter(blocked=author).values("blocker"))
        .select_related("user")
    )
    excerpt = message.body if len(message.body) <= 200 else message.body[:199] + "…"
    url = f"{room.get_absolute_url()}#m{message.seq}"
    text = functools.partial(_mention_text, name_of(author), room.title, excerpt)
    for membership in members:
        notify(membership.user, kind="mention", text=text, url=url)
    return [membership.user.get_username() for membership in members]


def _mention_text(name: str, room: str, excerpt: str) -> tuple[str, str]:
    return _("%(name)s mentioned you in %(room)s") % {"name": name, "room": room}, excerpt
