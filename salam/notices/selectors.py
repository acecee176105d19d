"""Reads of a person's notices and of their choices of how notices reach them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet

from salam.notices.kinds import KINDS, Delivery, default_delivery
from salam.notices.models import Notice, NoticeSettings

LIST_LENGTH = 100
PANEL_LENGTH = 8


def recent_notices(user: User, *, limit: int = LIST_LENGTH) -> QuerySet[Notice]:
    """The person's latest notices, newest first."""
    return Notice.objects.filter(user=user)[:limit]


def unread_count(user: User | int) -> int:
    user_id = user if isinstance(user, int) else user.pk
    return Notice.objects.filter(user_id=user_id, read_at__isnull=True).count()


def settings_of(user: User) -> NoticeSettings:
    """The person's settings (unsaved defaults when they never chose)."""
    found = NoticeSettings.objects.filter(user=user).first()
    return found or NoticeSettings(user=user)


def delivery_for(user: User, kind: str, *, settings: NoticeSettings | None = None) -> Delivery:
    """How a notice of `kind` reaches the person: their choice, else the kind's default."""
    chosen = (settings or settings_of(user)).deliveries.get(kind)
    if chosen in Delivery.values:
        return Delivery(chosen)
    return default_delivery(kind)


def deliveries_of(user: User) -> dict[str, Delivery]:
    """Every kind with how it reaches the person, in the order of kinds.KINDS."""
    settings = settings_of(user)
    return {kind.code: delivery_for(user, kind.code, settings=settings) for kind in KINDS}


def pending_digest_people() -> list[User]:
    """The people with notices waiting for a digest, with their profiles (for their zone and
    language). Whether today's digest went already is the Digest row's to say: "today"
    depends on each one's zone."""
    waiting = Notice.objects.filter(digest_pending=True).values("user_id")
    return list(
        get_user_model().objects.filter(pk__in=waiting).select_related("profile").order_by("pk")
    )


def has_notice(user: User, *, key: str) -> bool:
    """Whether the person already has the notice made once under `key`."""
    return Notice.objects.filter(user=user, key=key).exists()
