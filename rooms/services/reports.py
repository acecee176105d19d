"""The moderation queue: reports of chat messages and flags on other content."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from rooms import realtime
from rooms.models import Report


@transaction.atomic
def flag_content(
    content: models.Model,
    *,
    reporter: AbstractBaseUser | None,
    subject: AbstractBaseUser | None,
    reason: str,
    excerpt: str = "",
    source: str = Report.Source.PERSON,
) -> Report:
    """File a report about any object (a forum post, a journal comment) into the queue.

    One open report per person and object: flagging twice returns the first report.
    """
    content_type = ContentType.objects.get_for_model(content)
    if reporter is not None:
        existing = Report.objects.filter(
            content_type=content_type,
            object_id=content.pk,
            reporter=reporter,
            status=Report.Status.OPEN,
        ).first()
        if existing is not None:
            return existing
    report = Report.objects.create(
        content_type=content_type,
        object_id=content.pk,
        reporter=reporter,
        subject=subject,
        reason=reason[:500],
        excerpt=excerpt[:2000],
        source=source,
    )
    realtime.broadcast_on_commit(
        realtime.MODERATORS_GROUP, {"type": "report.new", "report": report.pk}
    )
    return report
