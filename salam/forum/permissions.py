"""Who may do what in the forum. Moderators of the forum are the global moderators."""

from __future__ import annotations

from salam.core.types import AnyUser
from salam.forum.models import Post, Thread
from salam.people.permissions import is_global_moderator
from salam.people.roles import PARTICIPATE


def can_post(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(PARTICIPATE))


def can_reply(user: AnyUser, thread: Thread) -> bool:
    return can_post(user) and (not thread.is_locked or is_global_moderator(user))


def can_edit_post(user: AnyUser, post: Post) -> bool:
    if is_global_moderator(user):
        return True
    return can_post(user) and post.author_id == user.pk and not post.thread.is_locked


def can_moderate(user: AnyUser) -> bool:
    return is_global_moderator(user)


def can_flag(user: AnyUser, post: Post) -> bool:
    return can_post(user) and post.author_id != user.pk
