"""Reads of a person's notices."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from salam.notices.models import Notice

LIST_LENGTH = 100


def recent_notices(user: User, *, limit: int = LIST_LENGTH) -> QuerySet[Notice]:
    """The person's latest notices, newest first."""
    return Notice.objects.filter(user=user)[:limit]
