"""Every notice is written here: stored, sent live on the person's socket, and mailed (by a job,
after commit: see `salam.core.mail`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from salam.core.frames import to_event
from salam.core.mail import absolute_url, send_later
from salam.core.realtime import broadcast_on_commit, user_group
from salam.notices import frames
from salam.notices.models import Notice


@transaction.atomic
def notify(
    user: User,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> Notice:
    """Store a notice; after commit send `{"type": "notice", ...}` on `user.<id>`, and enqueue its
    mail (absolute links, the site's name) when `email` and the person has an address."""
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
        send_later(notice_mail(notice, to=user.email))
    return notice


def notice_mail(notice: Notice, *, to: str) -> EmailMessage:
    """The notice as a mail, in the active language."""
    body = render_to_string(
        "notices/email/notice.txt",
        {
            "title": notice.title,
            "body": notice.body,
            "link": absolute_url(notice.url),
            "site_name": settings.SITE_NAME,
            "notices_url": absolute_url(reverse("notices:list")),
        },
    )
    subject = f"[{settings.SITE_NAME}] {notice.title}"
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@transaction.atomic
def mark_read(user: User, *, notice_ids: list[int] | None = None) -> int:
    """Mark the person's notices read (all of them without ids); returns how many changed."""
    unread = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    return unread.update(read_at=timezone.now())
