"""Every notice is written here: stored, sent live on the person's socket (with their unread
count, to every tab on every server process), and mailed as the person chose (at once or in a
daily digest, by a job, after commit: see `salam.core.mail`)."""

from __future__ import annotations

import datetime as dt
import functools
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from salam.core.frames import to_event
from salam.core.mail import send_later
from salam.core.once import create_once
from salam.core.realtime import send_now, user_group
from salam.notices import frames, selectors
from salam.notices.kinds import BY_CODE, Delivery
from salam.notices.mails import digest_mail, notice_mail
from salam.notices.models import Digest, Notice, NoticeSettings
from salam.notices.recipient import Writer, for_recipient
from salam.people.selectors import zone_of

logger = logging.getLogger(__name__)

# The daily digest leaves at the first tick after this hour of the person's day (in their
# profile's time zone, else UTC), once per person per day.
DIGEST_HOUR = 7


def _send_live(user_id: int, frame: frames.Notice | frames.NoticesRead) -> None:
    """After commit: the frame with the unread count read then, so the last frame a tab gets
    holds the count of every change committed before it."""
    frame.unread = selectors.unread_count(user_id)
    try:
        send_now(user_group(user_id), to_event(frame))
    except Exception:
        # The notice is stored; tabs read the count again when their socket comes back.
        logger.exception("could not send %s to user.%s", type(frame).__name__, user_id)


def _on_commit_live(user_id: int, frame: frames.Notice | frames.NoticesRead) -> None:
    transaction.on_commit(functools.partial(_send_live, user_id, frame))


@transaction.atomic
def notify(
    user: User,
    *,
    kind: str,
    text: Writer,
    url: str = "",
    email: bool = True,
    key: str = "",
) -> Notice:
    """Store a notice; after commit send `{"type": "notice", ...}` on `user.<id>`, and mail it as
    the person chose for `kind` (kinds.py's default otherwise): at once (a job enqueued after
    commit), in the daily digest, or not at all. `email=False` keeps it on the site whatever
    they chose. With a `key`, the notice is made once per person: a second call with the same
    key returns the first notice and sends nothing.

    `text` returns the notice's (title, body): it is called in the recipient's language and
    time zone (`for_recipient`), never the acting person's, so it must translate and format
    times when called, not before (salam/notices/recipient.py)."""
    if kind not in BY_CODE:
        logger.warning("notice kind %r is not in salam/notices/kinds.py", kind)

    def create() -> Notice:
        with for_recipient(user):
            title, body = text()
        return Notice.objects.create(
            user=user, kind=kind, title=str(title)[:200], body=str(body), url=url[:300], key=key
        )

    if key:
        notice, created = create_once(Notice, create, user=user, key=key)
        if not created:
            return notice
    else:
        notice = create()
    _on_commit_live(
        user.pk,
        frames.Notice(
            id=notice.pk,
            kind=notice.kind,
            title=notice.title,
            body=notice.body,
            url=notice.url,
            created_at=notice.created_at.isoformat(),
        ),
    )
    if not (email and user.email):
        return notice
    settings = selectors.settings_of(user)
    delivery = selectors.delivery_for(user, kind, settings=settings)
    if delivery == Delivery.EMAIL:
        with for_recipient(user):
            mail = notice_mail(notice, to=user.email, private=settings.private_email)
        send_later(mail)
    elif delivery == Delivery.DIGEST:
        Notice.objects.filter(pk=notice.pk).update(digest_pending=True)
        notice.digest_pending = True
    return notice


@transaction.atomic
def mark_read(user: User, *, notice_ids: list[int] | None = None) -> int:
    """Mark the person's notices read (all of them without ids); returns how many changed.
    After commit every tab of theirs hears `notices.read` with the count left."""
    unread = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    changed = list(unread.select_for_update().values_list("pk", flat=True))
    if changed:
        Notice.objects.filter(pk__in=changed).update(read_at=timezone.now())
        ids = sorted(changed) if notice_ids is not None else []
        _on_commit_live(user.pk, frames.NoticesRead(unread=0, ids=ids))
    return len(changed)


@transaction.atomic
def open_notice(user: User, *, notice_id: int) -> Notice:
    """The person's notice, marked read (Notice.DoesNotExist when it is not theirs)."""
    notice = Notice.objects.get(pk=notice_id, user=user)
    if notice.read_at is None:
        mark_read(user, notice_ids=[notice.pk])
    return notice


@transaction.atomic
def set_preferences(
    user: User, *, deliveries: dict[str, str], private_email: bool | None = None
) -> NoticeSettings:
    """Record how each kind reaches the person; unknown kinds and deliveries are refused
    (ValueError) and nothing changes."""
    for kind, delivery in deliveries.items():
        if kind not in BY_CODE or delivery not in Delivery.values:
            raise ValueError(f"no such kind or delivery: {kind}={delivery}")
    settings, _created = NoticeSettings.objects.select_for_update().get_or_create(user=user)
    settings.deliveries = {**settings.deliveries, **deliveries}
    if private_email is not None:
        settings.private_email = private_email
    settings.save()
    if any(value != Delivery.DIGEST for value in deliveries.values()):
        # what no longer goes to the digest leaves it
        kinds = [kind for kind, value in deliveries.items() if value != Delivery.DIGEST]
        Notice.objects.filter(user=user, kind__in=kinds, digest_pending=True).update(
            digest_pending=False
        )
    return settings


def unsubscribe(*, user_id: int, kind: str) -> NoticeSettings | None:
    """The unsubscribe link's effect: the kind stays on the site only. None when the person
    is gone or the kind is not one any more."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or kind not in BY_CODE:
        return None
    return set_preferences(user, deliveries={kind: Delivery.SITE})


def send_due_digests(*, now: dt.datetime) -> int:
    """Mail each person with notices waiting for a digest, once per day of theirs (in their
    profile's time zone, else UTC), from the first tick after DIGEST_HOUR there; returns how
    many digests were sent. Safe from several processes at once: the day's Digest row is the
    claim."""
    sent = 0
    for user in selectors.pending_digest_people():
        local = now.astimezone(zone_of(user) or dt.UTC)
        if local.hour >= DIGEST_HOUR:
            sent += _send_digest(user, day=local.date(), now=now)
    return sent


@transaction.atomic
def _send_digest(user: User, *, day: dt.date, now: dt.datetime) -> int:
    user_id = user.pk
    if Digest.objects.filter(user_id=user_id, day=day).exists():
        return 0  # sent today already: what came since waits for tomorrow's
    # The insert is the claim: a second worker's insert of the same (user, day) waits for this
    # transaction and then fails on the unique constraint, so it sends nothing.
    try:
        with transaction.atomic():
            digest = Digest.objects.create(user_id=user_id, day=day, sent_at=now, count=0)
    except IntegrityError:
        return 0
    notices = list(
        Notice.objects.select_for_update()
        .filter(user_id=user_id, digest_pending=True)
        .order_by("created_at", "pk")
    )
    if not notices:
        return 0
    Notice.objects.filter(pk__in=[n.pk for n in notices]).update(digest_pending=False)
    Digest.objects.filter(pk=digest.pk).update(count=len(notices))
    if not user.email:
        return 0
    private = selectors.settings_of(user).private_email
    with for_recipient(user):
        mail = digest_mail(notices, to=user.email, private=private)
    send_later(mail)
    return 1
