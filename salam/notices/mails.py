"""The mails of notices: one notice at once, or a day's notices in a digest. Each carries
absolute links, the site's name and an unsubscribe link per kind; with the person's
"no message content in email" setting, it says what happened and links to it, and no more."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext

from salam.core.mail import absolute_url
from salam.notices.kinds import kind_of
from salam.notices.models import Notice
from salam.notices.tokens import unsubscribe_token


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute_url(reverse("notices:unsubscribe", args=[unsubscribe_token(user_id, kind)]))


def _item(notice: Notice, *, private: bool) -> dict:
    kind = kind_of(notice.kind)
    return {
        "title": notice.title,
        "body": "" if private else notice.body,
        "link": absolute_url(notice.url),
        "kind_label": kind.label if kind else "",
        "unsubscribe": unsubscribe_url(notice.user_id, notice.kind),
    }


def _common() -> dict:
    return {
        "site_name": settings.SITE_NAME,
        "notices_url": absolute_url(reverse("notices:list")),
        "preferences_url": absolute_url(reverse("notices:preferences")),
    }


def notice_mail(notice: Notice, *, to: str, private: bool = False) -> EmailMessage:
    """The notice as a mail, in the active language."""
    item = _item(notice, private=private)
    body = render_to_string("notices/email/notice.txt", {**_common(), **item, "private": private})
    subject = f"[{settings.SITE_NAME}] {notice.title}"
    headers = {"List-Unsubscribe": f"<{item['unsubscribe']}>"}
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], headers=headers)


def digest_mail(notices: Sequence[Notice], *, to: str, private: bool = False) -> EmailMessage:
    """A day's notices in one mail, oldest first, each with its own unsubscribe link."""
    items = [_item(notice, private=private) for notice in notices]
    body = render_to_string(
        "notices/email/digest.txt",
        {**_common(), "items": items, "private": private, "count": len(items)},
    )
    subject = ngettext(
        "[%(site)s] Your daily digest: %(count)d notice",
        "[%(site)s] Your daily digest: %(count)d notices",
        len(items),
    ) % {
        "site": settings.SITE_NAME,
        "count": len(items),
    }
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
