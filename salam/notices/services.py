"""Every notice is written here: stored, sent live on the person's socket, and mailed."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from salam.core.frames import to_event
from salam.core.realtime import broadcast_on_commit, user_group
from salam.notices import frames
from salam.notices.models import Notice


@transaction.atomic
def notify(
    user: AbstractBaseUser,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> Notice:
    """Store a notice; after commit send `{"type": "notice", ...}` on `user.<id>` and mail it."""
    notice = Notice.objects.create(user=user, kind=kind, title=title, body=body, url=url)
    live = frames.Notice(
        id=notice.pk,
        kind=notice.kind,
        title=notice.title,
        body=notice.body,
        url=notice.url,
        created_at=notice.created_at.isoformat(),
    )
    broadcast_on_commit(user_group(user.pk), to_event(live))
    if email and user.email:
        transaction.on_commit(
            functools.partial(
                send_mail,
                subject=title,
                message=f"{body}\n\n{url}".strip(),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
                fail_silently=True,
            )
        )
    return notice


@transaction.atomic
def mark_read(user: AbstractBaseUser, *, notice_ids: list[int] | None = None) -> int:
    """Mark the person's notices read (all of them without ids); returns how many changed."""
    unread = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    return unread.update(read_at=timezone.now())
